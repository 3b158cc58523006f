package sc.fiji.neuralstyle.engine.run;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.plan.Stages;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;

/**
 * A run's progress over all its stages: the loss history (a record per evaluation, and the rows of
 * the averages of the iterates), the evaluations counted, and what the listener hears of each (with
 * the share of the work done; the preview is the average of the iterates where there is one).
 */
final class RunProgress {

	private final ProgressListener listener;
	private final int iterations;
	private final double[] stageWork;
	private final double totalWork;
	private final List<LossRecord> records = new ArrayList<>();
	/** The optimiser's evaluations, all stages (the records hold the averages' rows too). */
	private int evaluations;
	private IterateAverage average;
	private final long started = System.nanoTime();

	private Stages.Stage stage;
	private int channels;
	private int stageEvaluations;
	private double workBefore;

	/**
	 * @param listener hears each evaluation
	 * @param stages the run's stages
	 * @param costPerEvaluation the relative cost of one evaluation at each stage
	 */
	RunProgress(ProgressListener listener, List<Stages.Stage> stages, double[] costPerEvaluation) {
		this.listener = listener;
		this.iterations = stages.stream().mapToInt(Stages.Stage::iterations).sum();
		this.stageWork = new double[stages.size()];
		double sum = 0;
		for (int k = 0; k < stages.size(); k++) {
			stageWork[k] = costPerEvaluation[k] * stages.get(k).iterations();
			sum += stageWork[k];
		}
		this.totalWork = sum;
	}

	/**
	 * Starts a stage: its budget of evaluations, its images' size, and its previews, which show the
	 * average of its iterates (null: the image evaluated).
	 */
	void startStage(Stages.Stage next, int imageChannels, IterateAverage iterateAverage) {
		this.average = iterateAverage;
		if (stage != null) workBefore += stageWork[stage.index()];
		this.stage = next;
		this.channels = imageChannels;
		this.stageEvaluations = 0;
	}

	/** Records an evaluation of the optimiser. */
	LossRecord record(StyleObjective.Terms terms) {
		int iteration = records.size();
		LossRecord record = new LossRecord(iteration, terms.total(), terms.values(), (System.nanoTime() - started) / 1_000_000,
			stage.side());
		records.add(record);
		evaluations++;
		stageEvaluations++;
		return record;
	}

	/** Tells the listener of a recorded evaluation of image {@code x}. */
	void evaluated(LossRecord record, NDArray x) {
		double work = (workBefore + stageWork[stage.index()] * stageEvaluations / stage.iterations()) / totalWork;
		listener.iteration(record, iterations, Math.min(1, work),
			() -> average != null ? toImage(average.values()) : toImage(x.toFloatArray()));
	}

	/** Evaluations left to the current stage. */
	int remaining() {
		return stage.iterations() - stageEvaluations;
	}

	/** The optimiser's evaluations so far, all stages. */
	int evaluations() {
		return evaluations;
	}

	/**
	 * Records the loss of the stage's average of the iterates, which the stage returns, as a row of
	 * its own (note {@code average}); no progress event.
	 *
	 * @return its iteration (a number after the stage's evaluations)
	 */
	int recordAverage(StyleObjective.Terms terms) {
		int iteration = records.size();
		records.add(new LossRecord(iteration, terms.total(), terms.values(), (System.nanoTime() - started) / 1_000_000,
			stage.side(), "average"));
		return iteration;
	}

	/** Adds a note to the latest row of the loss log. */
	void noteLast(String note) {
		int last = records.size() - 1;
		records.set(last, records.get(last).withNote(note));
	}

	/** Evaluations so far in the current stage. */
	int stageEvaluations() {
		return stageEvaluations;
	}

	List<LossRecord> records() {
		return records;
	}

	/** An image of the current stage, clipped to [0, 1]. */
	FloatImage toImage(float[] data) {
		for (int i = 0; i < data.length; i++) data[i] = Math.min(1f, Math.max(0f, data[i]));
		return new FloatImage(stage.width(), stage.height(), channels, data);
	}

	/** Thrown inside the loop to unwind a cancelled run. */
	static final class Cancelled extends RuntimeException {
		Cancelled() {
			super("cancelled", null, false, false);
		}
	}
}

package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.optim.Evaluation;
import sc.fiji.neuralstyle.optim.NonFiniteLossException;
import sc.fiji.neuralstyle.optim.Objective;

/**
 * The objective as the optimiser sees it: counts evaluations over all stages of a run, keeps the
 * loss history and the current stage's best image (and its best loss after each evaluation, for
 * {@code stop_tolerance}), reports progress (with the share of the work done; the preview is the
 * average of the iterates where there is one), and unwinds on cancel or a non-finite loss.
 */
final class RunProgress implements Objective {

	private final ProgressListener listener;
	private final int iterations;
	private final double[] stageWork;
	private final double totalWork;
	private final List<LossRecord> records = new ArrayList<>();
	/** The optimiser's evaluations, all stages (the records hold the averages' rows too). */
	private int evaluations;
	/** The current stage's best loss after each of its evaluations. */
	private final List<Double> stageBest = new ArrayList<>();
	private IterateAverage average;
	private final long started = System.nanoTime();

	private StyleObjective objective;
	private Stages.Stage stage;
	private int channels;
	private NDManager owner;
	private int stageEvaluations;
	private double workBefore;
	private NDArray best;
	private double bestLoss;
	private int bestIteration;
	/** The current stage's lowest loss (for stop_tolerance, whichever image is kept). */
	private double lowest;
	/** Keep the latest image evaluated, not the one of the lowest loss. */
	private final boolean keepLatest;

	/**
	 * @param listener hears each evaluation
	 * @param stages the run's stages
	 * @param costPerEvaluation the relative cost of one evaluation at each stage
	 */
	RunProgress(ProgressListener listener, List<Stages.Stage> stages, double[] costPerEvaluation) {
		this(listener, stages, costPerEvaluation, false);
	}

	/**
	 * @param keepLatest whether the stage's image is its latest evaluated, not its lowest loss's (with
	 *          normalised gradients the optimiser does not follow the loss, so the lowest loss is
	 *          mostly the start's)
	 */
	RunProgress(ProgressListener listener, List<Stages.Stage> stages, double[] costPerEvaluation, boolean keepLatest) {
		this.keepLatest = keepLatest;
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
	 * Starts a stage: later evaluations use this objective, and best image and budget are this
	 * stage's. The best image is kept in {@code owner}.
	 */
	void startStage(Stages.Stage next, StyleObjective nextObjective, int imageChannels, NDManager bestOwner) {
		startStage(next, nextObjective, imageChannels, bestOwner, null);
	}

	/** Starts a stage whose previews show the average of its iterates (null: the image evaluated). */
	void startStage(Stages.Stage next, StyleObjective nextObjective, int imageChannels, NDManager bestOwner,
		IterateAverage iterateAverage)
	{
		this.average = iterateAverage;
		stageBest.clear();
		if (stage != null) workBefore += stageWork[stage.index()];
		this.stage = next;
		this.objective = nextObjective;
		this.channels = imageChannels;
		this.owner = bestOwner;
		this.stageEvaluations = 0;
		this.best = null;
		this.bestLoss = Double.POSITIVE_INFINITY;
		this.lowest = Double.POSITIVE_INFINITY;
		this.bestIteration = -1;
	}

	@Override
	public Evaluation evaluate(NDArray x, NDManager gradientOwner) {
		if (listener.isCancelled()) throw new RunProgress.Cancelled();
		if (remaining() <= 0) throw new IllegalStateException("The optimiser asked for more evaluations than allowed");
		StyleObjective.Terms terms = objective.evaluate(x, gradientOwner);
		int iteration = records.size();
		LossRecord record = new LossRecord(iteration, terms.total(), terms.values(), (System.nanoTime() - started) / 1_000_000,
			stage.side());
		records.add(record);
		evaluations++;
		stageEvaluations++;
		if (!Double.isFinite(terms.total())) {
			terms.gradient().close();
			throw new NonFiniteLossException(iteration, terms.total());
		}
		if (keepLatest || terms.total() < bestLoss) {
			bestLoss = terms.total();
			bestIteration = iteration;
			NDArray copy = x.duplicate();
			copy.attach(owner);
			if (best != null) best.close();
			best = copy;
		}
		lowest = Math.min(lowest, terms.total());
		stageBest.add(lowest);
		double work = (workBefore + stageWork[stage.index()] * stageEvaluations / stage.iterations()) / totalWork;
		listener.iteration(record, iterations, Math.min(1, work),
			() -> average != null ? toImage(average.values()) : toImage(x.toFloatArray()));
		return new Evaluation(terms.total(), terms.gradient());
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

	/**
	 * Whether the stage's best loss has levelled off: it fell by less than {@code tolerance} (relative)
	 * over the last {@code window} evaluations.
	 *
	 * @return why the stage should stop (no comma in it), or null to go on
	 */
	String levelledOff(int window, double tolerance) {
		int n = stageBest.size();
		if (n <= window) return null;
		double before = stageBest.get(n - 1 - window), now = stageBest.get(n - 1);
		double improvement = (before - now) / Math.abs(before);
		if (!(improvement < tolerance)) return null;
		return String.format(java.util.Locale.ROOT, "the best loss fell by %.3g (relative) over the last %d iterations; "
			+ "stop_tolerance is %s", improvement, window, tolerance);
	}

	/** Evaluations so far in the current stage. */
	int stageEvaluations() {
		return stageEvaluations;
	}

	List<LossRecord> records() {
		return records;
	}

	/** Whether the kept image is the latest evaluated rather than the lowest loss's. */
	boolean keepsLatest() {
		return keepLatest;
	}

	/** The current stage's best image, or null before its first evaluation. */
	NDArray best() {
		return best;
	}

	double bestLoss() {
		return bestLoss;
	}

	/** The iteration (counted over all stages) of the current stage's best image; -1 if none. */
	int bestIteration() {
		return bestIteration;
	}

	FloatImage bestImage() {
		return toImage(best.toFloatArray());
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

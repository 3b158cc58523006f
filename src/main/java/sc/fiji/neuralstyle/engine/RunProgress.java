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
 * loss history and the current stage's best image, reports progress (with the share of the work
 * done), and unwinds on cancel or a non-finite loss.
 */
final class RunProgress implements Objective {

	private final ProgressListener listener;
	private final int iterations;
	private final double[] stageWork;
	private final double totalWork;
	private final List<LossRecord> records = new ArrayList<>();
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
	 * Starts a stage: later evaluations use this objective, and best image and budget are this
	 * stage's. The best image is kept in {@code owner}.
	 */
	void startStage(Stages.Stage next, StyleObjective nextObjective, int imageChannels, NDManager bestOwner) {
		if (stage != null) workBefore += stageWork[stage.index()];
		this.stage = next;
		this.objective = nextObjective;
		this.channels = imageChannels;
		this.owner = bestOwner;
		this.stageEvaluations = 0;
		this.best = null;
		this.bestLoss = Double.POSITIVE_INFINITY;
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
		stageEvaluations++;
		if (!Double.isFinite(terms.total())) {
			terms.gradient().close();
			throw new NonFiniteLossException(iteration, terms.total());
		}
		if (terms.total() < bestLoss) {
			bestLoss = terms.total();
			bestIteration = iteration;
			NDArray copy = x.duplicate();
			copy.attach(owner);
			if (best != null) best.close();
			best = copy;
		}
		double work = (workBefore + stageWork[stage.index()] * stageEvaluations / stage.iterations()) / totalWork;
		listener.iteration(record, iterations, Math.min(1, work), () -> toImage(x));
		return new Evaluation(terms.total(), terms.gradient());
	}

	/** Evaluations left to the current stage. */
	int remaining() {
		return stage.iterations() - stageEvaluations;
	}

	/** Evaluations so far, all stages. */
	int evaluations() {
		return records.size();
	}

	/** Evaluations so far in the current stage. */
	int stageEvaluations() {
		return stageEvaluations;
	}

	List<LossRecord> records() {
		return records;
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
		return toImage(best);
	}

	private FloatImage toImage(NDArray x) {
		float[] data = x.toFloatArray();
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

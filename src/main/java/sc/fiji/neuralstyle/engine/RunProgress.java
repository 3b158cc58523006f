package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.optim.Evaluation;
import sc.fiji.neuralstyle.optim.NonFiniteLossException;
import sc.fiji.neuralstyle.optim.Objective;

/**
 * The objective as the optimiser sees it: counts evaluations, keeps the loss history and the best
 * image, reports progress, and unwinds on cancel or a non-finite loss.
 */
final class RunProgress implements Objective {

	private final StyleObjective objective;
	private final ProgressListener listener;
	private final int iterations;
	private final int channels, width, height;
	private final NDManager owner;
	private final List<LossRecord> records = new ArrayList<>();
	private final long started = System.nanoTime();
	private NDArray best;
	private double bestLoss = Double.POSITIVE_INFINITY;
	private int bestIteration = -1;

	RunProgress(StyleObjective objective, ProgressListener listener, int iterations, int channels, int width,
		int height, NDManager owner)
	{
		this.objective = objective;
		this.listener = listener;
		this.iterations = iterations;
		this.channels = channels;
		this.width = width;
		this.height = height;
		this.owner = owner;
	}

	@Override
	public Evaluation evaluate(NDArray x, NDManager gradientOwner) {
		if (listener.isCancelled()) throw new RunProgress.Cancelled();
		if (remaining() <= 0) throw new IllegalStateException("The optimiser asked for more evaluations than allowed");
		StyleObjective.Terms terms = objective.evaluate(x, gradientOwner);
		int iteration = records.size();
		LossRecord record = new LossRecord(iteration, terms.total(), terms.content(), terms.style(), terms.tv(),
			(System.nanoTime() - started) / 1_000_000);
		records.add(record);
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
		listener.iteration(record, iterations, () -> toImage(x));
		return new Evaluation(terms.total(), terms.gradient());
	}

	int remaining() {
		return iterations - records.size();
	}

	int evaluations() {
		return records.size();
	}

	List<LossRecord> records() {
		return records;
	}

	NDArray best() {
		return best;
	}

	double bestLoss() {
		return bestLoss;
	}

	int bestIteration() {
		return bestIteration;
	}

	FloatImage bestImage() {
		return toImage(best);
	}

	private FloatImage toImage(NDArray x) {
		float[] data = x.toFloatArray();
		for (int i = 0; i < data.length; i++) data[i] = Math.min(1f, Math.max(0f, data[i]));
		return new FloatImage(width, height, channels, data);
	}

	/** Thrown inside the loop to unwind a cancelled run. */
	static final class Cancelled extends RuntimeException {
		Cancelled() {
			super("cancelled", null, false, false);
		}
	}
}

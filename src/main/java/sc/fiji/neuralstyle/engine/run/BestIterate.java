package sc.fiji.neuralstyle.engine.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The image a stage keeps of its iterates: the one of the lowest loss, or the latest where the
 * optimiser follows normalised gradients rather than the loss (whose lowest value is then mostly the
 * start's).
 */
final class BestIterate {

	private final boolean keepLatest;
	private NDManager owner;
	private NDArray image;
	private double loss;
	private int iteration;

	/** @param keepLatest keep the latest iterate evaluated, not the one of the lowest loss */
	BestIterate(boolean keepLatest) {
		this.keepLatest = keepLatest;
	}

	/** A new stage: nothing kept yet; what is kept lives in {@code owner}. */
	void startStage(NDManager imageOwner) {
		this.owner = imageOwner;
		this.image = null;
		this.loss = Double.POSITIVE_INFINITY;
		this.iteration = -1;
	}

	/** An iterate evaluated at {@code iteration} (counted over all stages): kept if it is the one to keep. */
	void offer(NDArray x, double total, int evaluation) {
		if (keepLatest || total < loss) {
			loss = total;
			iteration = evaluation;
			NDArray copy = x.duplicate();
			copy.attach(owner);
			if (image != null) image.close();
			image = copy;
		}
	}

	/** Whether the kept image is the latest evaluated rather than the lowest loss's. */
	boolean keepsLatest() {
		return keepLatest;
	}

	/** The stage's kept image, or null before its first evaluation. */
	NDArray image() {
		return image;
	}

	/** Its loss. */
	double loss() {
		return loss;
	}

	/** Its iteration, counted over all stages; -1 if none. */
	int iteration() {
		return iteration;
	}
}

package sc.fiji.neuralstyle.engine;

import ai.djl.ndarray.NDArray;

/** A loss being summed from differentiable parts, in the order they are added. */
final class LossSum {

	private NDArray sum;

	/** @param start the first part, or null for an empty sum */
	LossSum(NDArray start) {
		this.sum = start;
	}

	void add(NDArray part) {
		sum = sum == null ? part : sum.add(part);
	}

	/** The sum, or null if nothing was added to an empty sum. */
	NDArray value() {
		return sum;
	}
}

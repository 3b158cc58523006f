package sc.fiji.neuralstyle.engine.terms;

import ai.djl.ndarray.NDArray;

/** A loss being summed from differentiable parts, in the order they are added. */
public final class LossSum {

	private NDArray sum;

	/** @param start the first part, or null for an empty sum */
	public LossSum(NDArray start) {
		this.sum = start;
	}

	public void add(NDArray part) {
		sum = sum == null ? part : sum.add(part);
	}

	/** The sum, or null if nothing was added to an empty sum. */
	public NDArray value() {
		return sum;
	}
}

package sc.fiji.neuralstyle.engine.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * An exponential moving average of the iterates ({@code average}), bias-corrected as Adam's moments
 * and crowsonkb/style-transfer-pytorch's EMA: started with the stage's start image, then after each
 * step v ← d·v + (1 − d)·x, a ← d·a; the average is v / (1 − a) (with v₀ = 0, a₀ = 1).
 */
public final class IterateAverage {

	private final double decay;
	private final NDManager owner;
	private final NDArray sum;
	private double power = 1;

	/**
	 * @param start the stage's start image
	 * @param decay d, in (0, 1)
	 * @param owner keeps the average
	 */
	public IterateAverage(NDArray start, double decay, NDManager owner) {
		this.decay = decay;
		this.owner = owner;
		this.sum = owner.zeros(start.getShape(), start.getDataType());
		update(start);
	}

	/** Takes in the image after a step. */
	public void update(NDArray x) {
		power *= decay;
		try (NDManager scope = owner.newSubManager()) {
			NDArray part = x.duplicate();
			part.attach(scope);
			sum.muli(decay).addi(part.muli(1 - decay));
		}
	}

	/** The average, a new array of {@code manager}. */
	public NDArray get(NDManager manager) {
		NDArray average = sum.div(1 - power);
		average.attach(manager);
		return average;
	}

	/** The average as values (row-major, as the image's data), for previews. */
	float[] values() {
		float[] v = sum.toFloatArray();
		float divisor = (float) (1 - power);
		for (int i = 0; i < v.length; i++) v[i] /= divisor;
		return v;
	}
}

package sc.fiji.neuralstyle.net.pth;

import java.util.Arrays;

import sc.fiji.neuralstyle.text.Counts;

/**
 * One tensor read from a weights file, as float32 values in row-major (C) order.
 *
 * @param key the state-dict key, e.g. {@code features.0.weight}
 * @param shape the tensor's shape
 * @param values the values, {@code product(shape)} of them
 */
public record TensorData(String key, long[] shape, float[] values) {

	public TensorData {
		long n = 1;
		for (long d : shape) n *= d;
		if (n != values.length) {
			throw new IllegalArgumentException("Tensor " + key + " has shape " + Arrays.toString(shape)
				+ " but " + Counts.of(values.length, "value"));
		}
	}

	/** The shape as text, e.g. {@code [64, 3, 3, 3]}. */
	public String shapeString() {
		return Arrays.toString(shape);
	}
}

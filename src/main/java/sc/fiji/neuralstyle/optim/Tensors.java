package sc.fiji.neuralstyle.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Small vector helpers shared by the optimisers. DJL attaches an operation's result to the manager
 * of its first operand, so results computed from state arrays would pile up in the optimiser's own
 * manager; these helpers close such results at once or move them where they belong.
 */
final class Tensors {

	private Tensors() {
	}

	/** Moves {@code array} to {@code manager} and returns it. */
	static NDArray own(NDArray array, NDManager manager) {
		array.attach(manager);
		return array;
	}

	/** The value of a 0-d float32 or float64 array. */
	static double scalar(NDArray a) {
		return a.getDataType() == DataType.FLOAT64 ? a.getDouble() : a.getFloat();
	}

	/** The inner product of two 1-D arrays, accumulated in their own type as torch's {@code dot} does. */
	static double dot(NDArray a, NDArray b) {
		try (NDArray r = a.dot(b)) {
			return scalar(r);
		}
	}

	/** The largest absolute component (NaN if any component is NaN). */
	static double maxAbs(NDArray a) {
		try (NDArray abs = a.abs(); NDArray max = abs.max()) {
			return scalar(max);
		}
	}

	/** The sum of absolute components. */
	static double sumAbs(NDArray a) {
		try (NDArray abs = a.abs(); NDArray sum = abs.sum()) {
			return scalar(sum);
		}
	}

	/** {@code x += factor * flat}, with {@code flat} a 1-D array of x's size; x keeps its shape. */
	static void addScaled(NDArray x, NDArray flat, double factor) {
		try (NDArray scaled = flat.mul(factor); NDArray shaped = scaled.reshape(x.getShape())) {
			x.addi(shaped);
		}
	}

	/** Checks the arguments every {@link ImageOptimizer#step} receives. */
	static void checkStep(NDArray x, Objective objective, int maxEvaluations, NDManager state) {
		if (!state.isOpen()) throw new IllegalStateException("The optimiser was closed");
		if (x == null) throw new IllegalArgumentException("x is null: pass the image tensor to optimise");
		if (objective == null) throw new IllegalArgumentException("objective is null");
		// Images are float32; float64 works as well (the tests use it to compare with torch exactly).
		if (x.getDataType() != DataType.FLOAT32 && x.getDataType() != DataType.FLOAT64) {
			throw new IllegalArgumentException("x must be float32, got " + x.getDataType()
				+ ": convert it with toType(DataType.FLOAT32, false) before optimising");
		}
		if (x.size() == 0) throw new IllegalArgumentException("x is empty (shape " + x.getShape() + ")");
		if (maxEvaluations < 1) {
			throw new IllegalArgumentException("maxEvaluations must be at least 1, got " + maxEvaluations);
		}
	}

	/** Checks a learning rate given by a user. */
	static double checkLearningRate(double learningRate) {
		if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
			throw new IllegalArgumentException("learning_rate must be a finite number > 0, got " + learningRate);
		}
		return learningRate;
	}
}

package sc.fiji.neuralstyle.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Calls an {@link Objective} on behalf of an optimiser: counts the evaluations, checks each answer
 * (shape, type, device, finiteness) and hands back the gradient flattened to 1-D, as the optimisers'
 * vector arithmetic wants it.
 */
final class Evaluator {

	/**
	 * One checked evaluation.
	 *
	 * @param loss the loss, finite
	 * @param gradient the gradient as a 1-D view, owned by the manager given to {@link #evaluate}
	 * @param gradientMaxAbs its largest absolute component, finite
	 */
	record Sample(double loss, NDArray gradient, double gradientMaxAbs) {
	}

	private long count;

	/** How many evaluations were made, including any that failed. */
	long count() {
		return count;
	}

	/**
	 * Evaluates the objective at {@code x}.
	 *
	 * @throws NonFiniteLossException if the loss or a gradient component is NaN or infinite
	 * @throws IllegalStateException if the objective broke its contract
	 */
	Sample evaluate(Objective objective, NDArray x, NDManager owner) {
		long index = ++count;
		Evaluation evaluation = objective.evaluate(x, owner);
		if (evaluation == null || evaluation.gradient() == null) {
			throw new IllegalStateException("The objective returned no gradient at evaluation " + index);
		}
		NDArray gradient = evaluation.gradient();
		if (!gradient.getShape().equals(x.getShape()) || gradient.getDataType() != x.getDataType()
			|| !gradient.getDevice().equals(x.getDevice()))
		{
			throw new IllegalStateException("The objective's gradient must match x: got " + describe(gradient)
				+ " for x " + describe(x) + " at evaluation " + index);
		}
		// The view belongs to the gradient's manager, which should be owner; attach it there anyway
		// so an objective that forgot to cannot make it outlive the step.
		NDArray flat = gradient.reshape(-1);
		flat.attach(owner);
		double maxAbs;
		try (NDArray abs = flat.abs(); NDArray max = abs.max()) {
			// torch's max propagates NaN, so one reduction checks every component.
			maxAbs = Tensors.scalar(max);
		}
		if (!Double.isFinite(evaluation.loss()) || !Double.isFinite(maxAbs)) {
			throw new NonFiniteLossException(index, evaluation.loss(), maxAbs);
		}
		return new Sample(evaluation.loss(), flat, maxAbs);
	}

	private static String describe(NDArray a) {
		return a.getShape() + " " + a.getDataType() + " on " + a.getDevice();
	}
}

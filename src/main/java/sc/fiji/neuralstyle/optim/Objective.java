package sc.fiji.neuralstyle.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** A differentiable scalar function of the image, as the optimisers see it. */
@FunctionalInterface
public interface Objective {

	/**
	 * Evaluates the loss and its gradient at {@code x}. Each call is one "iteration" in the user's
	 * sense (the {@code iterations} parameter counts loss evaluations).
	 *
	 * @param x the point; not modified, not kept
	 * @param owner the manager that will own the returned gradient
	 * @return loss and gradient at x
	 */
	Evaluation evaluate(NDArray x, NDManager owner);
}

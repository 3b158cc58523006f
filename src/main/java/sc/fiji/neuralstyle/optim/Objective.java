package sc.fiji.neuralstyle.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A differentiable scalar function of the image, as the optimisers see it.
 * <p>
 * The gradient must be that of <em>this</em> evaluation alone. DJL's PyTorch engine never zeroes
 * gradients: {@code backward} adds into the {@code .grad} of every leaf, and a
 * {@code GradientCollector} does not clear it. So either differentiate a fresh leaf on every call,
 * or zero the gradient of a leaf you keep before each {@code backward}. The fresh-leaf pattern:
 *
 * <pre>{@code
 * public Evaluation evaluate(NDArray x, NDManager owner) {
 *     try (NDManager scratch = owner.newSubManager();
 *         GradientCollector collector = Engine.getInstance().newGradientCollector())
 *     {
 *         NDArray leaf = x.duplicate();        // a new leaf each call: its .grad starts empty
 *         leaf.attach(scratch);
 *         leaf.setRequiresGradient(true);
 *         NDArray loss = lossOf(leaf);         // results attach to the leaf's manager, scratch
 *         collector.backward(loss);
 *         NDArray gradient = leaf.getGradient().duplicate();
 *         gradient.attach(owner);              // survives scratch
 *         return new Evaluation(loss.getFloat(), gradient);
 *     }
 * }
 * }</pre>
 *
 * Only one {@code GradientCollector} may be open at a time, and autograd mode is per thread, so
 * evaluate on the thread that runs the optimiser. x is often not the optimiser's own tensor (a line
 * search evaluates trial points), so do not keep it or assume it is the image being optimised.
 */
@FunctionalInterface
public interface Objective {

	/**
	 * Evaluates the loss and its gradient at {@code x}. Each call is one "iteration" in the user's
	 * sense (the {@code iterations} parameter counts loss evaluations).
	 *
	 * @param x the point; not modified, not kept
	 * @param owner the manager that will own the returned gradient: the optimiser closes it when
	 *        its step ends, so attach to it only what is not needed after this call
	 * @return loss and gradient at x; the gradient is a new array of x's shape and type, whose
	 *         contents do not change after this call returns (copy it if it is a buffer you reuse)
	 */
	Evaluation evaluate(NDArray x, NDManager owner);
}

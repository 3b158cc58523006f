package sc.fiji.neuralstyle.optim;

import java.util.Optional;

import ai.djl.ndarray.NDArray;

/**
 * Minimises an {@link Objective} over an image tensor, one step at a time. An optimiser keeps its
 * own state (moments, curvature history) in NDArrays it owns, freed by {@link #close()}.
 * <p>
 * A caller runs {@code step} with the evaluations it has left until they are used up, or until
 * {@link #stopReason()} says the optimiser can make no more progress. Temporaries live in a
 * sub-manager closed at the end of every step, so memory stays flat however many steps are run.
 */
public interface ImageOptimizer extends AutoCloseable {

	/**
	 * Updates {@code x} in place by one step.
	 *
	 * @param x the image tensor being optimised (float32, or float64 where exactness matters more than
	 *        memory; on any device, the same one throughout)
	 * @param objective the function to minimise
	 * @param maxEvaluations the most loss evaluations this step may use (&ge; 1)
	 * @return the number of loss evaluations used (&ge; 1, &le; maxEvaluations)
	 * @throws NonFiniteLossException if an evaluation gave a NaN or infinite loss or gradient; the
	 *         optimiser has then dropped any state the bad value could have spoiled
	 */
	int step(NDArray x, Objective objective, int maxEvaluations);

	/**
	 * Why the optimiser has stopped making progress, if it has (for example L-BFGS when the gradient
	 * is below its tolerance); empty while it is still progressing. A caller should stop stepping
	 * when this is present; if it steps anyway the optimiser re-evaluates x and tries again.
	 */
	default Optional<String> stopReason() {
		return Optional.empty();
	}

	/**
	 * Forgets everything learnt so far (moments, curvature history, the cached evaluation), so the
	 * next step starts as on a new optimiser. Call it after changing x from outside between steps.
	 */
	void reset();

	/** Frees the optimiser's state. */
	@Override
	void close();
}

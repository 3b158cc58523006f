package sc.fiji.neuralstyle.optim;

import ai.djl.ndarray.NDArray;

/**
 * Minimises an {@link Objective} over an image tensor, one step at a time. An optimiser keeps its
 * own state (moments, curvature history) in NDArrays it owns, freed by {@link #close()}.
 */
public interface ImageOptimizer extends AutoCloseable {

	/**
	 * Updates {@code x} in place by one step.
	 *
	 * @param x the image tensor being optimised (float32, same device throughout)
	 * @param objective the function to minimise
	 * @param maxEvaluations the most loss evaluations this step may use (&ge; 1)
	 * @return the number of loss evaluations used (&ge; 1, &le; maxEvaluations)
	 */
	int step(NDArray x, Objective objective, int maxEvaluations);

	/** Frees the optimiser's state. */
	@Override
	void close();
}

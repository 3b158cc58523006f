package sc.fiji.neuralstyle.optim;

import ai.djl.ndarray.NDManager;

/** Creates the optimiser a user chose. */
public final class Optimizers {

	private Optimizers() {
	}

	/** The optimiser of that kind with its default learning rate (and L-BFGS's default options). */
	public static ImageOptimizer create(OptimizerKind kind, NDManager parent) {
		return create(kind, kind.defaultLearningRate(), parent);
	}

	/**
	 * The optimiser of that kind, with L-BFGS's default options.
	 *
	 * @param learningRate the step size, &gt; 0 (see {@link OptimizerKind#defaultLearningRate()})
	 * @param parent the manager under which the optimiser keeps its state
	 */
	public static ImageOptimizer create(OptimizerKind kind, double learningRate, NDManager parent) {
		return create(kind, learningRate, Lbfgs.builder(), parent);
	}

	/**
	 * The optimiser of that kind.
	 *
	 * @param learningRate the step size, &gt; 0
	 * @param lbfgsOptions used if {@code kind} is L-BFGS (its learning rate is replaced; it is not
	 *        modified); ignored otherwise
	 * @param parent the manager under which the optimiser keeps its state
	 */
	public static ImageOptimizer create(OptimizerKind kind, double learningRate, Lbfgs.Builder lbfgsOptions,
		NDManager parent)
	{
		if (kind == null) throw new IllegalArgumentException("No optimizer kind given");
		return switch (kind) {
			case LBFGS -> lbfgsOptions.copy().learningRate(learningRate).build(parent);
			case ADAM -> Adam.builder(learningRate).build(parent);
			// Normalised, so that the user's learning rate is a step in pixel units, as Adam's is.
			case SGD -> Sgd.builder(learningRate).normalized(true).build(parent);
		};
	}

	/** L-BFGS with the given step size, history size and line search, torch's tolerances. */
	public static Lbfgs lbfgs(double learningRate, int historySize, boolean lineSearch, NDManager parent) {
		return Lbfgs.builder().learningRate(learningRate).historySize(historySize).lineSearch(lineSearch)
			.build(parent);
	}
}

package sc.fiji.neuralstyle.optim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The optimisers a user can choose, with the names they can use for them. */
public enum OptimizerKind {

	/**
	 * L-BFGS, Gatys et al.'s choice and the default. Its step is scaled by its own curvature
	 * estimate, so the learning rate is a multiplier on that step: 1, as in torch.
	 */
	LBFGS("lbfgs", "L-BFGS", Lbfgs.DEFAULT_LEARNING_RATE),

	/**
	 * Adam. It moves each pixel by about the learning rate per step at first, whatever the loss
	 * weights, so the default is in pixel units: 0.002 of the [0, 1] range (≈0.5 grey levels of 255).
	 * Chosen by bench's LearningRateSweep (docs/parameters.md, "Choosing the default learning rates"): the largest
	 * rate of the sweep under which no run's loss rose above 1.2 times its start; the earlier 0.02
	 * multiplied it by up to 23 on its first step.
	 */
	ADAM("adam", "Adam", 0.002),

	/**
	 * SGD with momentum 0.9, each step divided by the RMS of the first gradient (see
	 * {@link Sgd.Builder#normalized(boolean)}): the learning rate is the RMS pixel change of the first
	 * step whatever the loss scale, as Adam's is, and momentum lengthens later steps up to tenfold.
	 * 0.0001 by the same sweep and rule; at 0.0002 SqueezeNet's loss already climbed 24-fold on one
	 * pair of samples (momentum makes SGD the less stable of the two).
	 */
	SGD("sgd", "SGD", 0.0001);

	private final String id;
	private final String displayName;
	private final double defaultLearningRate;

	OptimizerKind(String id, String displayName, double defaultLearningRate) {
		this.id = id;
		this.displayName = displayName;
		this.defaultLearningRate = defaultLearningRate;
	}

	/**
	 * The kind named by {@code text}: "lbfgs", "l-bfgs", "adam" or "sgd", in any case, surrounding
	 * blanks ignored.
	 *
	 * @throws IllegalArgumentException naming the choices if {@code text} names none of them
	 */
	public static OptimizerKind parse(String text) {
		String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (key.equals("l-bfgs")) return LBFGS;
		for (OptimizerKind kind : values()) {
			if (kind.id.equals(key)) return kind;
		}
		throw new IllegalArgumentException("Unknown optimizer '" + text + "': choose one of "
			+ Arrays.stream(values()).map(k -> k.id).collect(Collectors.joining(", ")) + " (or l-bfgs)");
	}

	/** The name used in parameters, macros and the command line: "lbfgs", "adam", "sgd". */
	public String id() {
		return id;
	}

	/** The name shown to users: "L-BFGS", "Adam", "SGD". */
	public String displayName() {
		return displayName;
	}

	/** The learning rate used when the user gives none, for an image with values in [0, 1]. */
	public double defaultLearningRate() {
		return defaultLearningRate;
	}
}

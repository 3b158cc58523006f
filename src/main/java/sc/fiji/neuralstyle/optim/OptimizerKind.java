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
	 * weights, so the default is picked in pixel units: 0.02 of the [0, 1] range (≈5 grey levels of
	 * 255). PyTorch and Lua neural-style ports on [0, 255] pixels use 1 to 10, i.e. 0.004 to 0.04 here;
	 * larger values leave visible noise, smaller ones need more iterations.
	 */
	ADAM("adam", "Adam", 0.02),

	/**
	 * SGD with momentum 0.9. Its step is the learning rate times the gradient, so no default fits
	 * every loss scale: it must be tuned against the loss weights, network and image size (lower it
	 * tenfold if the loss grows or becomes NaN, raise it if the loss barely moves). 1e-3 assumes
	 * per-pixel gradients of order 1–10 at the start, which with momentum's tenfold amplification moves
	 * pixels by about 0.01 to 0.1 per step.
	 */
	SGD("sgd", "SGD", 1e-3);

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

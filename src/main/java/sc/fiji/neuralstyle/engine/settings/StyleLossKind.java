package sc.fiji.neuralstyle.engine.settings;

import java.util.Locale;

/** How the style term compares the generated image's features with the style's. */
public enum StyleLossKind {
	/** Gatys et al.'s Gram matrices (the default). */
	GRAM,
	/**
	 * The Wasserstein-2 distance between Gaussian fits of each layer's features (means and
	 * covariances), as crowsonkb/style-transfer-pytorch.
	 */
	WASSERSTEIN,
	/**
	 * The sliced Wasserstein distance: sorted projections of the features on seeded random directions
	 * (Heitz et al., CVPR 2021).
	 */
	SLICED;

	/** The name in parameters: gram, wasserstein, sliced. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * gram, wasserstein or sliced, any case.
	 *
	 * @throws IllegalArgumentException for other text
	 */
	public static StyleLossKind parse(String text) {
		String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
		for (StyleLossKind l : values()) {
			if (l.id().equals(t)) return l;
		}
		throw new IllegalArgumentException("'" + text + "' is not gram, wasserstein or sliced");
	}
}

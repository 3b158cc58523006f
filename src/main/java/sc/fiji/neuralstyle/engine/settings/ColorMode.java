package sc.fiji.neuralstyle.engine.settings;

import java.util.Locale;

/**
 * What the result does with the content's colours (Gatys et al. 2017, "Controlling Perceptual
 * Factors in Neural Style Transfer", section 4).
 */
public enum ColorMode {
	/** The result takes its colours from the style. */
	NONE,
	/** The content's colours with the result's luminance, after the run (neural-style's -original_colors). */
	LUMINANCE,
	/**
	 * Before the run, the style image's colours are mapped to the content's (mean and covariance
	 * matched): the result has the style's textures in the content's palette.
	 */
	HISTOGRAM;

	/** The name in parameters: none, luminance, histogram. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * none, luminance or histogram, any case; {@code false} and {@code true} (the flag this parameter
	 * was) mean none and luminance.
	 *
	 * @throws IllegalArgumentException for other text
	 */
	public static ColorMode parse(String text) {
		String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
		return switch (t) {
			case "false", "off", "no" -> NONE;
			case "true", "on", "yes" -> LUMINANCE;
			default -> {
				for (ColorMode m : values()) {
					if (m.id().equals(t)) yield m;
				}
				throw new IllegalArgumentException("'" + text + "' is not none, luminance or histogram");
			}
		};
	}
}

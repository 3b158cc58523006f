package sc.fiji.neuralstyle.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a feature network downsamples between its convolution blocks.
 * <p>
 * {@link #MAX} is what the networks were trained with; {@link #AVG} replaces every max pooling by an
 * average pooling of the same kernel and stride, which Gatys et al. found gives slightly smoother
 * results.
 * </p>
 */
public enum Pooling {
	/** Max pooling, as in torchvision's {@code MaxPool2d}. */
	MAX,
	/** Average pooling with the same kernel and stride, as torchvision's {@code AvgPool2d}. */
	AVG;

	/** The name used in parameters and macros: {@code max} or {@code avg}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses {@code max} or {@code avg}, ignoring case and surrounding blanks.
	 *
	 * @throws IllegalArgumentException naming the choices if the text is neither
	 */
	public static Pooling parse(String text) {
		if (text != null) {
			String wanted = text.trim();
			for (Pooling p : values()) {
				if (p.id().equalsIgnoreCase(wanted)) return p;
			}
		}
		throw new IllegalArgumentException("Unknown pooling '" + text + "'; choose one of: " + choices());
	}

	private static String choices() {
		return Arrays.stream(values()).map(Pooling::id).collect(Collectors.joining(", "));
	}
}

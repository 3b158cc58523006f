package sc.fiji.neuralstyle.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a feature network downsamples between its convolution blocks.
 * <p>
 * {@link #MAX} is what the networks were trained with; {@link #AVG} replaces the max poolings that take
 * a network from one resolution to the next by average poolings of the same window, which Gatys et al.
 * found gives slightly smoother results (gradients reach every pixel of a window, not only its
 * strongest). That is every pooling of VGG, AlexNet and SqueezeNet; GoogLeNet's stride-1 max pooling
 * inside each Inception module (the pool-projection branch) is part of the module's features, not a
 * change of resolution, and stays max pooling.
 * </p>
 */
public enum Pooling {
	/** Max pooling, as in torchvision's {@code MaxPool2d}. */
	MAX,
	/** Average pooling of the same window, as torchvision's {@code AvgPool2d}, between resolutions. */
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

package sc.fiji.neuralstyle.engine.pixels;

import java.util.Arrays;
import java.util.Objects;

/**
 * A planar float image, the exchange format between the fronts and the engine.
 * <p>
 * Samples are stored channel after channel (CHW order), each channel row by row; values are
 * normally in [0, 1]. RGB images have three channels in R, G, B order; gray images one.
 *
 * @param width number of columns, &gt; 0
 * @param height number of rows, &gt; 0
 * @param channels number of channels (1 or 3)
 * @param data samples, {@code channels * height * width} of them
 */
public record FloatImage(int width, int height, int channels, float[] data) {

	public FloatImage {
		if (width <= 0 || height <= 0) {
			throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
		}
		if (channels != 1 && channels != 3) {
			throw new IllegalArgumentException("Images must have 1 or 3 channels, got " + channels);
		}
		Objects.requireNonNull(data, "data");
		if (data.length != (long) width * height * channels) {
			throw new IllegalArgumentException("Expected " + (long) width * height * channels
				+ " samples for " + width + "x" + height + "x" + channels + ", got " + data.length);
		}
	}

	/** A new zero image of the given size. */
	public static FloatImage zeros(int width, int height, int channels) {
		return new FloatImage(width, height, channels, new float[width * height * channels]);
	}

	/** The sample at column x, row y of channel c. */
	public float get(int c, int y, int x) {
		return data[(c * height + y) * width + x];
	}

	/** Number of pixels in one channel. */
	public int planeSize() {
		return width * height;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof FloatImage other && width == other.width && height == other.height
			&& channels == other.channels && Arrays.equals(data, other.data);
	}

	@Override
	public int hashCode() {
		return Objects.hash(width, height, channels, Arrays.hashCode(data));
	}

	@Override
	public String toString() {
		return "FloatImage[" + width + "x" + height + "x" + channels + "]";
	}
}

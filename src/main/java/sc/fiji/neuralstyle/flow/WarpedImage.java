package sc.fiji.neuralstyle.flow;

import java.util.Objects;

/**
 * An earlier frame moved onto the current one by {@link Warp}: planar samples (channel after channel,
 * each row by row) and, per pixel, whether the flow led inside the earlier frame. Invalid pixels hold 0.
 *
 * @param width number of columns
 * @param height number of rows
 * @param channels number of channels
 * @param data {@code channels * width * height} samples
 * @param valid one flag per pixel, row by row
 */
public record WarpedImage(int width, int height, int channels, float[] data, boolean[] valid) {

	public WarpedImage {
		Objects.requireNonNull(data, "data");
		Objects.requireNonNull(valid, "valid");
		int n = Grid.check(width, height, valid.length, "validity mask");
		if (channels <= 0 || data.length != (long) channels * n) {
			throw new IllegalArgumentException("Expected " + channels + " x " + n + " samples, got " + data.length);
		}
	}

	/**
	 * The start of the current frame's optimisation: the warped samples where they are valid, the
	 * samples of {@code start} (what {@code init} gives a single image, the content by default) where
	 * the flow led outside.
	 *
	 * @param start planar samples of the same size and channels
	 * @return a new array
	 */
	public float[] filledFrom(float[] start) {
		if (start.length != data.length) {
			throw new IllegalArgumentException("The start has " + start.length + " samples, the warped image "
				+ data.length);
		}
		float[] filled = data.clone();
		int n = valid.length;
		for (int i = 0; i < n; i++) {
			if (valid[i]) continue;
			for (int c = 0; c < channels; c++) filled[c * n + i] = start[c * n + i];
		}
		return filled;
	}

	/** The share of pixels that are valid. */
	public double validFraction() {
		int count = 0;
		for (boolean b : valid) if (b) count++;
		return (double) count / valid.length;
	}
}

package sc.fiji.neuralstyle.flow;

import java.util.Objects;

import boofcv.alg.color.ColorRgb;

/**
 * One gray frame for optical flow: {@code width × height} values, row by row, normally in [0, 1].
 *
 * @param width number of columns, &gt; 0
 * @param height number of rows, &gt; 0
 * @param data {@code width * height} values
 */
public record GrayFrame(int width, int height, float[] data) {

	public GrayFrame {
		Objects.requireNonNull(data, "data");
		Grid.check(width, height, data.length, "gray frame");
	}

	/**
	 * The gray frame of a planar image (channel after channel, each row by row): the image itself when
	 * it has one channel, the luminance (Rec. 601, Y = 0.299 R + 0.587 G + 0.114 B, as the engine's
	 * colour code) of its first three channels when it has three.
	 *
	 * @param channels 1 or 3
	 * @param planar {@code channels * width * height} samples in [0, 1]; 16- and 32-bit images arrive
	 *        here already scaled through their display range, as every image of the project
	 */
	public static GrayFrame of(int width, int height, int channels, float[] planar) {
		Objects.requireNonNull(planar, "planar");
		if (channels != 1 && channels != 3) {
			throw new IllegalArgumentException("Frames must have 1 or 3 channels, got " + channels);
		}
		int n = Grid.check(width, height, planar.length / channels, "frame");
		if (planar.length != channels * n) {
			throw new IllegalArgumentException("Expected " + channels * n + " samples, got " + planar.length);
		}
		if (channels == 1) return new GrayFrame(width, height, planar.clone());
		float[] gray = new float[n];
		for (int i = 0; i < n; i++) {
			gray[i] = ColorRgb.rgbToGray_Weighted(planar[i], planar[n + i], planar[2 * n + i]);
		}
		return new GrayFrame(width, height, gray);
	}
}

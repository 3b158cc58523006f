package sc.fiji.neuralstyle.fast.training;

import java.util.SplittableRandom;

import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;

/**
 * How a training image becomes a {@code size × size} sample.
 */
public enum Sampling {
	/**
	 * A random crop at the image's own resolution (an image smaller than the crop is first enlarged
	 * to cover it): the network learns the style at the scale it will be applied to these images.
	 */
	CROP,
	/**
	 * The image resized so that its shorter side is {@code size}, then a random crop of the longer
	 * side (pytorch/examples resizes and takes the centre).
	 */
	RESIZE;

	/** The size an image is worked at: its own, or resized as this sampling says. */
	int[] workingSize(int width, int height, int size) {
		int shorter = Math.min(width, height);
		if (this == CROP && shorter >= size) return new int[] { width, height };
		double scale = (double) size / shorter;
		return new int[] { Math.max(size, (int) Math.round(width * scale)), Math.max(size, (int) Math.round(height * scale)) };
	}

	/** The image at its working size (itself when unchanged), RGB. */
	FloatImage working(FloatImage image, int size) {
		int[] s = workingSize(image.width(), image.height(), size);
		FloatImage resized = s[0] == image.width() && s[1] == image.height() ? image : Resampler.resize(image, s[0], s[1]);
		return ColorTransfer.rgb(resized);
	}

	/** Where the crop of a sample starts in its working-size image: {x0, y0}. */
	static int[] cropAt(int width, int height, int size, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		return new int[] { random.nextInt(width - size + 1), random.nextInt(height - size + 1) };
	}

	/** The {@code size × size} crop at {@code (x0, y0)} of an RGB image, scaled to 0–255, planar. */
	static float[] crop255(FloatImage rgb, int x0, int y0, int size) {
		float[] out = new float[3 * size * size];
		int w = rgb.width(), h = rgb.height();
		float[] data = rgb.data();
		for (int c = 0; c < 3; c++) {
			for (int y = 0; y < size; y++) {
				int from = (c * h + y0 + y) * w + x0;
				int to = (c * size + y) * size;
				for (int x = 0; x < size; x++) out[to + x] = 255 * data[from + x];
			}
		}
		return out;
	}
}

package sc.fiji.neuralstyle.engine.run;

import java.util.SplittableRandom;

import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;

/** The image the first (coarsest) stage starts from, as {@code init} says. */
public final class StartImages {

	private StartImages() {}

	/**
	 * The start image at the content's size and channels.
	 *
	 * @param content the stage's content image
	 * @param style the stage's (first) style image
	 * @param start the image given to the run (init a file, or continuing from a result), or null
	 */
	static FloatImage of(StyleSettings settings, FloatImage content, FloatImage style, FloatImage start) {
		int w = content.width(), h = content.height(), c = content.channels();
		return switch (settings.init().kind()) {
			case CONTENT -> start != null ? ColorTransfer.matchChannels(Resampler.resize(start, w, h), c) : content;
			case STYLE -> start != null ? ColorTransfer.matchChannels(Resampler.resize(start, w, h), c)
				: ColorTransfer.matchChannels(Resampler.resize(style, w, h), c);
			case NOISE -> start != null ? ColorTransfer.matchChannels(Resampler.resize(start, w, h), c)
				: noise(w, h, c, settings.seed());
			case FILE -> {
				if (start == null) {
					throw new IllegalArgumentException("init is the file " + settings.init().file()
						+ " but no start image was given to the engine");
				}
				yield ColorTransfer.matchChannels(Resampler.resize(start, w, h), c);
			}
		};
	}

	/** Seeded uniform noise in [0, 1], made in Java so it is the same on every device. */
	public static FloatImage noise(int width, int height, int channels, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] data = new float[width * height * channels];
		for (int i = 0; i < data.length; i++) data[i] = (float) random.nextDouble();
		return new FloatImage(width, height, channels, data);
	}
}

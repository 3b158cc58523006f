package sc.fiji.neuralstyle.engine.run;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.plan.Stages;
import sc.fiji.neuralstyle.engine.settings.ColorMode;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;

/**
 * The images of one stage: the content at the stage's size, the style images at the stage's side
 * times {@code style_scale}, the masks at the content's size, and the image the stage starts from.
 */
record StageImages(FloatImage content, List<FloatImage> styles, List<FloatImage> masks, FloatImage start) {

	/**
	 * @param previous the previous stage's result (enlarged to this stage), or null for the first stage
	 * @param start the run's start image (init a file, or continuing), or null
	 */
	static StageImages of(StyleSettings settings, Stages.Stage stage, FloatImage content, List<FloatImage> styles,
		List<FloatImage> masks, FloatImage previous, FloatImage start)
	{
		FloatImage stageContent = Resampler.resize(content, stage.width(), stage.height());
		List<FloatImage> stageStyles = new ArrayList<>();
		for (FloatImage style : styles) stageStyles.add(style(settings, style, stage, stageContent));
		FloatImage stageStart = previous == null ? StartImages.of(settings, stageContent, stageStyles.get(0), start)
			: Resampler.resize(previous, stage.width(), stage.height());
		return new StageImages(stageContent, stageStyles, masks(masks, stage.width(), stage.height()), stageStart);
	}

	/** The same images, the stage starting from {@code other}. */
	StageImages startingFrom(FloatImage other) {
		return new StageImages(content, styles, masks, other);
	}

	/** Masks as gray images of the given size. */
	static List<FloatImage> masks(List<FloatImage> masks, int width, int height) {
		List<FloatImage> resized = new ArrayList<>();
		for (FloatImage mask : masks) resized.add(Resampler.resize(ColorTransfer.luminance(mask), width, height));
		return resized;
	}

	/**
	 * The style image of a stage: its longest side is the stage's times style_scale; RGB; recoloured
	 * to the content's palette for {@link ColorMode#HISTOGRAM}.
	 */
	private static FloatImage style(StyleSettings settings, FloatImage style, Stages.Stage stage, FloatImage stageContent) {
		int longest = Math.max(1, (int) Math.round(stage.side() * settings.styleScale()));
		int[] size = Resampler.fitLongestSide(style.width(), style.height(), longest);
		FloatImage image = ColorTransfer.rgb(Resampler.resize(style, size[0], size[1]));
		if (settings.preserveColors() == ColorMode.HISTOGRAM && stageContent.channels() == 3) {
			// The style's textures in the content's palette (Gatys et al. 2017, section 4).
			image = ColorTransfer.matchColors(image, stageContent);
		}
		return image;
	}
}

package sc.fiji.neuralstyle.headless;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import sc.fiji.neuralstyle.engine.FloatImage;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;

/**
 * The images of one run read from the files its parameters name: the content, one or more styles,
 * the content masks and the start image of {@code init=FILE}. A run from files styles one plane,
 * the first, in the content's type.
 *
 * @param content the content image
 * @param styles the style images, in the order of {@code style}
 * @param masks the content masks, one per style, or none
 * @param start the start image, or null unless {@code init} names a file
 */
public record InputFiles(ImagePlus content, List<ImagePlus> styles, List<ImagePlus> masks, FloatImage start) {

	public InputFiles {
		styles = List.copyOf(styles);
		masks = List.copyOf(masks);
	}

	/**
	 * Reads the files; the values have passed {@link Preflight#checkFiles}.
	 *
	 * @throws ParameterException naming the parameter whose file ImageJ cannot read
	 */
	public static InputFiles read(ParamValues values) {
		ImagePlus content = read(Params.CONTENT, Path.of(values.get(Params.CONTENT)));
		List<ImagePlus> styles = new ArrayList<>(), masks = new ArrayList<>();
		for (String style : values.get(Params.STYLE)) styles.add(read(Params.STYLE, Path.of(style)));
		for (Path mask : values.get(Params.CONTENT_MASKS)) masks.add(read(Params.CONTENT_MASKS, mask));
		Init init = values.get(Params.INIT);
		FloatImage start = init.kind() == Init.Kind.FILE ? FloatImages.of(read(Params.INIT, init.file())) : null;
		return new InputFiles(content, styles, masks, start);
	}

	/**
	 * The checks that need the images' sizes ({@link Preflight#checkImages}).
	 *
	 * @return notes for the user (conversions, settings without effect)
	 * @throws ParameterException for the first rule the images break
	 */
	public List<String> check(ParamValues values) {
		Preflight.checkMasksSelect(maskImages(), values.get(Params.CONTENT_MASKS).stream().map(Path::toString).toList());
		return Preflight.checkImages(values, facts(content, Path.of(values.get(Params.CONTENT))),
			facts(styles, values.get(Params.STYLE).stream().map(Path::of).toList()),
			facts(masks, values.get(Params.CONTENT_MASKS)));
	}

	/** The result's title: content and first style. */
	public String title() {
		return ResultImages.title(content.getTitle(), styles.get(0).getTitle());
	}

	/** The content as the engine takes it. */
	public FloatImage contentImage() {
		return FloatImages.of(content);
	}

	/** The styles as the engine takes them. */
	public List<FloatImage> styleImages() {
		return styles.stream().map(FloatImages::of).toList();
	}

	/** The masks as the engine takes them. */
	public List<FloatImage> maskImages() {
		return masks.stream().map(FloatImages::of).toList();
	}

	private static ImagePlus read(Param<?> param, Path file) {
		try {
			return ImageFiles.read(file);
		}
		catch (IOException e) {
			throw param.problem(e.getMessage());
		}
	}

	private static Preflight.ImageFacts facts(ImagePlus imp, Path file) {
		return new Preflight.ImageFacts(imp.getWidth(), imp.getHeight(), imp.getBitDepth(), 1, file);
	}

	private static List<Preflight.ImageFacts> facts(List<ImagePlus> images, List<Path> files) {
		List<Preflight.ImageFacts> facts = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) facts.add(facts(images.get(i), files.get(i)));
		return facts;
	}
}

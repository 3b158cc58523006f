package sc.fiji.neuralstyle.headless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.image.StackFiles;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;
import sc.fiji.neuralstyle.params.WrittenFiles;
import sc.fiji.neuralstyle.styling.RunDescription;

/**
 * The images of one run read from the files its parameters name: the content, one or more styles,
 * the content masks and the start image of {@code init=FILE}. With {@code planes=current} a run
 * from files styles one plane, the first, in the content's type; with {@code planes=all} every plane
 * of a stack, movie or folder of frames, which is opened without reading its planes
 * ({@link StackFiles}: they are read one at a time as they are styled).
 *
 * @param content the content image
 * @param styles the style images, in the order of {@code style}
 * @param masks the content masks, one per style, or none
 * @param start the start image, or null unless {@code init} names a file
 * @param styleName the style's name in the result's title: the first style image's, or the fast-style
 *          model file's
 */
public record InputFiles(ImagePlus content, List<ImagePlus> styles, List<ImagePlus> masks, FloatImage start,
	String styleName)
{

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
		Path contentFile = Path.of(values.get(Params.CONTENT));
		ImagePlus content = allPlanes(values) ? openStack(contentFile) : read(Params.CONTENT, contentFile);
		List<ImagePlus> styles = new ArrayList<>(), masks = new ArrayList<>();
		Path model = values.get(Params.MODEL);
		if (model != null && !values.get(Params.TRAIN)) {
			return new InputFiles(content, styles, masks, null, String.valueOf(model.getFileName()));
		}
		for (String style : values.get(Params.STYLE)) styles.add(read(Params.STYLE, Path.of(style)));
		for (Path mask : values.get(Params.CONTENT_MASKS)) masks.add(read(Params.CONTENT_MASKS, mask));
		Init init = values.get(Params.INIT);
		FloatImage start = init.kind() == Init.Kind.FILE ? FloatImages.of(read(Params.INIT, init.file())) : null;
		return new InputFiles(content, styles, masks, start, styles.get(0).getTitle());
	}

	/**
	 * What the checks that need the images found: the run they describe, and notes for the user.
	 *
	 * @param run the run, resolved ({@link Preflight#describe})
	 * @param notes conversions, settings without effect
	 */
	public record Checked(RunDescription run, List<String> notes) {
		public Checked {
			notes = List.copyOf(notes);
		}
	}

	/**
	 * The checks that need the images' sizes ({@link Preflight#checkImages}), and the run they pass.
	 *
	 * @param memory the memory of a run on the CPU (the engine's)
	 *
	 * @throws ParameterException for the first rule the images break
	 */
	public Checked check(ParamValues values, MemoryProbe memory) {
		Preflight.checkMasksSelect(maskImages(), values.get(Params.CONTENT_MASKS).stream().map(Path::toString).toList());
		Preflight.ImageFacts contentFacts = isStack(values)
			? new Preflight.ImageFacts(content.getWidth(), content.getHeight(), planes(values).resultType().bitDepth(),
				planes(values).size(), Path.of(values.get(Params.CONTENT)), planes(values).longestSequence())
			: facts(content, Path.of(values.get(Params.CONTENT)));
		List<Preflight.ImageFacts> styleFacts = facts(styles, values.get(Params.STYLE).stream().map(Path::of).toList());
		List<Preflight.ImageFacts> maskFacts = facts(masks, values.get(Params.CONTENT_MASKS));
		List<String> notes = new ArrayList<>(Preflight.checkImages(values, memory, contentFacts, styleFacts, maskFacts));
		if (allPlanes(values) && !isStack(values) && content.getNChannels() > 1) {
			// Channels are never a sequence: planes=all found one slice and frame, and styles one image.
			notes.add("planes=all: the content has " + content.getNChannels() + " channels and one slice and frame, so it is "
				+ "styled as one image, its channels merged as Fiji shows them (channels are never styled as a sequence; "
				+ "Fiji's channel parameter styles one of them).");
		}
		Path output = values.get(Params.OUTPUT);
		if (isStack(values) && output != null) {
			Path folder = Files.isDirectory(output) ? output : output.toAbsolutePath().getParent();
			try {
				Preflight.checkDiskHolds(values, contentFacts, true, Files.getFileStore(folder).getUsableSpace());
			}
			catch (IOException e) {
				throw new ParameterException(Params.OUTPUT.name(), "the free space of " + folder + " cannot be read ("
					+ e.getMessage() + ")", "choose another folder");
			}
		}
		return new Checked(Preflight.describe(values, WrittenFiles.Writer.FILES, contentFacts, styleFacts, maskFacts), notes);
	}

	/** Whether the run styles every plane ({@code planes=all}). */
	private static boolean allPlanes(ParamValues values) {
		return values.get(Params.PLANES).equals("all");
	}

	/**
	 * Whether the run styles a stack: every plane of a content that has several slices or frames (a
	 * composite of one slice and frame is one merged plane).
	 */
	public boolean isStack(ParamValues values) {
		return allPlanes(values) && content.getStackSize() > 1 && planes(values).size() > 1;
	}

	/**
	 * The planes to style of a stack ({@link #isStack}): all of them, the merged view of a
	 * multi-channel image's channels per slice and frame.
	 *
	 * @throws ParameterException naming content if its channels cannot be styled (RGB with channels)
	 */
	public ContentPlanes planes(ParamValues values) {
		try {
			return ContentPlanes.of(content, ContentPlanes.MERGED,
				allPlanes(values) ? ContentPlanes.Extent.ALL : ContentPlanes.Extent.CURRENT);
		}
		catch (IllegalArgumentException e) {
			throw new ParameterException(Params.CONTENT.name(), e.getMessage());
		}
	}

	/** The result's title: content and style. */
	public String title() {
		return ResultImages.title(content.getTitle(), styleName);
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

	/** A stack, movie or folder of frames, opened to be read plane by plane. */
	private static ImagePlus openStack(Path file) {
		try {
			return StackFiles.open(file);
		}
		catch (IOException e) {
			throw new ParameterException(Params.CONTENT.name(), e.getMessage());
		}
	}

	private static ImagePlus read(Param<?> param, Path file) {
		try {
			return ImageFiles.read(file);
		}
		catch (IOException e) {
			throw param.problem(e);
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

package sc.fiji.neuralstyle.params;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import sc.fiji.neuralstyle.engine.ColorMode;
import sc.fiji.neuralstyle.engine.Devices;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.LayerWeights;
import sc.fiji.neuralstyle.engine.MemoryPlanner;
import sc.fiji.neuralstyle.engine.Resampler;
import sc.fiji.neuralstyle.engine.Stages;
import sc.fiji.neuralstyle.engine.StyleLoss;
import sc.fiji.neuralstyle.files.AtomicFile;
import sc.fiji.neuralstyle.files.ImageFormat;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * Every rule about a run's parameters that goes beyond one value's syntax, checked in one place
 * before any work: the files named exist and can be read or written, the layers exist in the chosen
 * network, the images are large enough for them, no input is overwritten. Each rule has one wording,
 * {@code name: what was wrong; what to do}.
 * <p>
 * Two steps, because the second needs the images: {@link #checkFiles} before they are read,
 * {@link #checkImages} after (before the network is loaded).
 */
public final class Preflight {

	/**
	 * What the rules need to know of an input image.
	 *
	 * @param width width in pixels
	 * @param height height in pixels
	 * @param bitDepth 8, 16, 24 (RGB) or 32 of the result it gives
	 * @param planes the number of planes that will be styled (the result's stack size)
	 * @param source the file it was read from, or null (an image made in memory)
	 */
	public record ImageFacts(int width, int height, int bitDepth, int planes, Path source) {}

	private Preflight() {}

	/**
	 * The rules that need no image: the network and its layers, the weights and init files, the
	 * output files, and the weights not being both 0.
	 *
	 * @param imagesAreFiles true where content and style are file paths (the command line): they must
	 *          be readable files too
	 * @throws ParameterException for the first rule broken
	 */
	public static void checkFiles(ParamValues values, boolean imagesAreFiles) {
		Architecture architecture = architecture(values.get(Params.NETWORK));
		checkLayers(Params.CONTENT_LAYERS, values.get(Params.CONTENT_LAYERS), architecture,
			architecture.defaultContentLayers());
		checkLayers(Params.STYLE_LAYERS, values.get(Params.STYLE_LAYERS), architecture,
			architecture.defaultStyleLayers());
		if (values.get(Params.ITERATIONS) < values.get(Params.SCALES)) {
			throw new ParameterException(Params.ITERATIONS.name(), values.get(Params.ITERATIONS) + " are fewer than the "
				+ values.get(Params.SCALES) + " scales", "give at least one iteration per scale, or lower scales");
		}
		if (values.get(Params.CONTENT_WEIGHT) == 0 && values.get(Params.STYLE_WEIGHT) == 0) {
			throw new ParameterException(Params.STYLE_WEIGHT.name(), "content_weight and style_weight are both 0, "
				+ "so there is nothing to optimise", "set style_weight (or content_weight) above 0");
		}
		if (values.get(Params.NORMALIZE_GRADIENTS) && values.get(Params.OPTIMIZER) == OptimizerKind.LBFGS) {
			throw new ParameterException(Params.NORMALIZE_GRADIENTS.name(), "L-BFGS builds its steps from the curvature "
				+ "of the loss, which normalised gradients do not follow (it diverges)", "use optimizer=adam or sgd, or "
				+ "turn normalize_gradients off");
		}
		if (imagesAreFiles) {
			readable(Params.CONTENT, Path.of(values.get(Params.CONTENT)));
			for (String style : values.get(Params.STYLE)) readable(Params.STYLE, Path.of(style));
		}
		checkStyles(values);
		if (values.get(Params.WEIGHTS) != null) readable(Params.WEIGHTS, values.get(Params.WEIGHTS));
		Init init = values.get(Params.INIT);
		if (init.kind() == Init.Kind.FILE) readable(Params.INIT, init.file());
		Path output = values.get(Params.OUTPUT);
		if (output != null) {
			if (ImageFormat.of(output).isEmpty()) {
				throw new ParameterException(Params.OUTPUT.name(), output + " has no image extension that can be "
					+ "written", "use " + ImageFormat.EXTENSIONS);
			}
			writable(Params.OUTPUT, output);
		}
		Path lossLog = values.get(Params.LOSS_LOG);
		if (lossLog != null) {
			writable(Params.LOSS_LOG, lossLog);
			if (output != null && sameFile(output, lossLog)) {
				throw new ParameterException(Params.LOSS_LOG.name(), "is the same file as output (" + output + ")",
					"give the loss log a name of its own, such as losses.csv");
			}
		}
	}

	/**
	 * Several styles: as many blend weights and masks as style images; blend weights mean nothing
	 * with masks; the mask files exist; content_masks and the masks source agree.
	 */
	private static void checkStyles(ParamValues values) {
		int styles = values.get(Params.STYLE).size();
		List<Double> blend = values.get(Params.STYLE_BLEND_WEIGHTS);
		List<Path> maskFiles = values.get(Params.CONTENT_MASKS);
		MaskSource source = values.get(Params.MASKS);
		if (!blend.isEmpty() && blend.size() != styles) {
			throw new ParameterException(Params.STYLE_BLEND_WEIGHTS.name(), blend.size() + " weights for " + styles
				+ (styles == 1 ? " style image" : " style images"), "give one weight per style image, or leave it empty");
		}
		if (source == MaskSource.FILES && maskFiles.isEmpty()) {
			throw new ParameterException(Params.MASKS.name(), "files asks for content_masks, which is empty",
				"give content_masks=[a.png,b.png] (one per style), or choose none, roi or roi_manager");
		}
		if (!maskFiles.isEmpty()) {
			if (source == MaskSource.NONE || source == MaskSource.ROI_MANAGER) {
				throw new ParameterException(Params.CONTENT_MASKS.name(), "masks is " + source.id() + ", which takes "
					+ "no mask files", "set masks=files, or leave content_masks empty");
			}
			if (maskFiles.size() != styles) {
				throw new ParameterException(Params.CONTENT_MASKS.name(), maskFiles.size() + " masks for " + styles
					+ (styles == 1 ? " style image" : " style images"), "give one mask per style image, in the same order");
			}
			if (!blend.isEmpty()) noBlendWithMasks();
			if (values.get(Params.STYLE_LOSS) == StyleLoss.SLICED) noSlicedWithMasks();
			for (Path mask : maskFiles) readable(Params.CONTENT_MASKS, mask);
		}
	}

	/**
	 * Blend weights with masks: each region takes its own style, so there is nothing to blend.
	 *
	 * @throws ParameterException always
	 */
	public static void noBlendWithMasks() {
		throw new ParameterException(Params.STYLE_BLEND_WEIGHTS.name(), "with masks each region takes its own style, "
			+ "so there is nothing to blend", "leave style_blend_weights empty, or use no masks");
	}

	/**
	 * style_loss=sliced with masks: a sorted projection has no place for a position's weight.
	 *
	 * @throws ParameterException always
	 */
	public static void noSlicedWithMasks() {
		throw new ParameterException(Params.STYLE_LOSS.name(), "sliced cannot take masks (a sorted projection has no "
			+ "place for a position's weight)", "use style_loss=gram or wasserstein with masks, or no masks");
	}

	/**
	 * The rules that need the images: large enough for the layers at the chosen size, masks of the
	 * content's aspect, the output format able to hold the result, and no output that is an input's
	 * file.
	 *
	 * @param styles the style images, in order
	 * @param masks the masks, one per style, or none
	 * @return notes for the user that are no reason to stop (e.g. a 32-bit result saved as 8-bit PNG)
	 * @throws ParameterException for the first rule broken
	 */
	public static List<String> checkImages(ParamValues values, ImageFacts content, List<ImageFacts> styles,
		List<ImageFacts> masks)
	{
		Architecture architecture = architecture(values.get(Params.NETWORK));
		int size = values.get(Params.SIZE);
		List<String> generated = new ArrayList<>(layers(values.get(Params.CONTENT_LAYERS), architecture.defaultContentLayers()));
		List<String> styleLayers = layers(values.get(Params.STYLE_LAYERS), architecture.defaultStyleLayers());
		generated.addAll(styleLayers);
		// The smallest images are those of the coarsest scale.
		int scales = values.get(Params.SCALES);
		int coarsest = Stages.coarsestSide(size, scales);
		String at = scales > 1 ? "size " + size + " (" + coarsest + " px at the coarsest of " + scales + " scales)"
			: "size " + size;
		int[] contentSize = Resampler.fitLongestSide(content.width(), content.height(), coarsest);
		bigEnough(Params.SIZE, "the content image at " + at, contentSize, generated, architecture);
		int styleLongest = Math.max(1, (int) Math.round(coarsest * values.get(Params.STYLE_SCALE)));
		for (ImageFacts style : styles) {
			int[] styleSize = Resampler.fitLongestSide(style.width(), style.height(), styleLongest);
			bigEnough(Params.STYLE_SCALE, "the style image at size \u00d7 style_scale", styleSize, styleLayers, architecture);
		}
		if (!masks.isEmpty() && values.get(Params.STYLE_LOSS) == StyleLoss.SLICED) noSlicedWithMasks();
		double aspect = (double) content.width() / content.height();
		for (ImageFacts mask : masks) {
			double maskAspect = (double) mask.width() / mask.height();
			if (Math.abs(maskAspect / aspect - 1) > 0.02) {
				throw new ParameterException(Params.CONTENT_MASKS.name(), "a mask is " + mask.width() + "x" + mask.height()
					+ " and the content " + content.width() + "x" + content.height() + ", another aspect",
					"give masks of the content's aspect (they are resized to it)");
			}
		}

		if (!Devices.mayUseGpu(values.get(Params.DEVICE))) {
			// On the CPU, before any work; on a GPU the engine checks its memory when it has the device.
			ImageFacts style = styles.get(0);
			MemoryPlanner.check(values.settings(), content.width(), content.height(), content.bitDepth() == 24 ? 3 : 1,
				style.width(), style.height(), MemoryPlanner.availableBytes(Device.cpu()), true)
				.ifPresent(problem -> {
					int colon = problem.indexOf(": ");
					throw new ParameterException(problem.substring(0, colon), problem.substring(colon + 2));
				});
		}

		List<String> notes = new ArrayList<>();
		if (values.get(Params.PRESERVE_COLORS) != ColorMode.NONE && content.bitDepth() != 24) {
			notes.add("preserve_colors=" + values.get(Params.PRESERVE_COLORS).id() + " has no effect: the content is gray.");
		}
		List<Source> inputs = new ArrayList<>();
		inputs.add(new Source("the content image", content.source()));
		for (ImageFacts style : styles) inputs.add(new Source("the style image", style.source()));
		for (ImageFacts mask : masks) inputs.add(new Source("a mask", mask.source()));
		if (values.get(Params.INIT).kind() == Init.Kind.FILE) inputs.add(new Source("init", values.get(Params.INIT).file()));
		inputs.add(new Source("weights", values.get(Params.WEIGHTS)));
		Path output = values.get(Params.OUTPUT);
		if (output != null) {
			ImageFormat format = ImageFormat.of(output).orElseThrow();
			if (content.planes() > 1 && !format.holdsStacks()) {
				throw new ParameterException(Params.OUTPUT.name(), format + " holds one image and the result has "
					+ content.planes() + " planes", "use .tif for stacks");
			}
			format.conversion(content.bitDepth(), output.getFileName().toString()).ifPresent(notes::add);
			notAnInput(Params.OUTPUT, output, inputs);
		}
		Path lossLog = values.get(Params.LOSS_LOG);
		if (lossLog != null) notAnInput(Params.LOSS_LOG, lossLog, inputs);
		return notes;
	}

	/**
	 * The architecture of a network name.
	 *
	 * @throws ParameterException naming the networks there are, or what is wrong with the descriptor
	 */
	public static Architecture architecture(String network) {
		List<String> available = ModelDescriptor.available();
		if (!available.contains(network)) {
			throw new ParameterException(Params.NETWORK.name(), "'" + network + "' is not a network",
				"choose " + Param.orList(available));
		}
		try {
			return Architecture.parse(ModelDescriptor.load(network).architecture());
		}
		catch (WeightsException | IllegalArgumentException e) {
			throw new ParameterException(Params.NETWORK.name(), "its description cannot be read (" + e.getMessage() + ")",
				"reinstall the plugin, or choose another network");
		}
	}

	/**
	 * The rule for a file that is read: it exists, is a file and can be read.
	 *
	 * @throws ParameterException saying which of these failed
	 */
	public static void readable(Param<?> param, Path file) {
		Path f = file.toAbsolutePath();
		if (!Files.exists(f)) throw new ParameterException(param.name(), "there is no file " + f, param.advice());
		if (Files.isDirectory(f)) throw new ParameterException(param.name(), f + " is a folder, not a file", param.advice());
		if (!Files.isReadable(f)) {
			throw new ParameterException(param.name(), f + " cannot be read (permission denied)",
				"make it readable, or choose another file");
		}
	}

	/**
	 * The rule for a file that is written: a write could make it ({@link AtomicFile#checkWritable}
	 * creates and deletes a temporary file there as the write will: the folder exists and takes a
	 * file, the name is not too long, an existing file is not read-only, the disk is not full).
	 *
	 * @throws ParameterException saying which of these failed
	 */
	public static void writable(Param<?> param, Path file) {
		try {
			AtomicFile.checkWritable(file);
		}
		catch (IOException e) {
			throw new ParameterException(param.name(), e.getMessage());
		}
	}

	private record Source(String what, Path file) {}

	private static void notAnInput(Param<?> param, Path file, List<Source> inputs) {
		for (Source input : inputs) {
			if (input.file() != null && sameFile(file, input.file())) {
				throw new ParameterException(param.name(), "is " + input.what() + "'s file " + input.file()
					+ ", which would be overwritten", "choose another file: inputs are never overwritten");
			}
		}
	}

	/** The same file: the same inode where both exist, else the same absolute path. */
	static boolean sameFile(Path a, Path b) {
		try {
			if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
		}
		catch (IOException e) {
			// compare the paths
		}
		return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
	}

	private static void checkLayers(Param<String> param, String text, Architecture architecture,
		List<String> defaults)
	{
		if (text.isBlank()) return;
		for (String layer : LayerWeights.parse(text, param.name()).names()) {
			if (!architecture.layerNames().contains(layer)) {
				throw new ParameterException(param.name(), architecture.id() + " has no layer '" + layer + "'",
					"use its layers (empty for the defaults, " + String.join(",", defaults) + "): "
						+ String.join(", ", architecture.layerNames()));
			}
		}
	}

	private static List<String> layers(String text, List<String> defaults) {
		// Defaults may carry weights too (SqueezeNet's features.1:0.975): only the names are layers.
		return LayerWeights.parse(text.isBlank() ? String.join(",", defaults) : text, "layers").names();
	}

	private static void bigEnough(Param<?> param, String what, int[] size, List<String> layers,
		Architecture architecture)
	{
		for (String layer : layers) {
			int min = architecture.minInputSide(layer);
			if (Math.min(size[0], size[1]) < min) {
				throw new ParameterException(param.name(), what + " is " + size[0] + "x" + size[1] + " px, too small "
					+ "to reach layer " + layer + " of " + architecture.id() + ", which needs " + min + " px on the "
					+ "shorter side", "raise size or style_scale, lower scales, or choose a shallower layer");
			}
		}
	}
}

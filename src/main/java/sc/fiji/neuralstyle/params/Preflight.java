package sc.fiji.neuralstyle.params;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import sc.fiji.neuralstyle.engine.NetworkCache;
import sc.fiji.neuralstyle.engine.djl.Devices;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.plan.JavaHeap;
import sc.fiji.neuralstyle.engine.plan.MemoryPlanner;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.plan.RunProblem;
import sc.fiji.neuralstyle.engine.plan.Stages;
import sc.fiji.neuralstyle.engine.settings.ColorMode;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleLossKind;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.fast.ApplyMemory;
import sc.fiji.neuralstyle.fast.training.FastStyleTrainer;
import sc.fiji.neuralstyle.fast.ModelFileException;
import sc.fiji.neuralstyle.fast.StyleModelFile;
import sc.fiji.neuralstyle.files.AtomicFile;
import sc.fiji.neuralstyle.files.FileIdentities;
import sc.fiji.neuralstyle.files.ImageFormat;
import sc.fiji.neuralstyle.files.StackNames;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.styling.RunDescription;
import sc.fiji.neuralstyle.text.Counts;

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
	 * @param sequence the planes of its longest sequence (a hyperstack's frames per slice; else planes)
	 */
	public record ImageFacts(int width, int height, int bitDepth, int planes, Path source, int sequence) {

		/** Facts of an image whose planes are one sequence. */
		public ImageFacts(int width, int height, int bitDepth, int planes, Path source) {
			this(width, height, bitDepth, planes, source, planes);
		}
	}

	private Preflight() {}

	/**
	 * The rules that need no image: the network and its layers, the weights and init files, the
	 * output files, and the weights not being both 0.
	 *
	 * @param imagesAreFiles true where content and style are file paths (the command line): they must
	 *          be readable files too
	 * @throws ParameterException for a rule broken; {@link ParameterProblems} for several, each rule
	 *           that does not depend on another checked
	 */
	public static void checkFiles(ParamValues values, boolean imagesAreFiles) {
		boolean train = values.get(Params.TRAIN);
		if (values.get(Params.MODEL) != null && !train) {
			checkModelFiles(values, imagesAreFiles);
			return;
		}
		// Rules that do not depend on each other are all checked: the user hears every problem at once.
		ParameterProblems.Collector problems = new ParameterProblems.Collector();
		Architecture architecture = values.get(Params.NETWORK).architecture();
		problems.check(() -> checkLayers(Params.CONTENT_LAYERS, values.get(Params.CONTENT_LAYERS), architecture,
			architecture.defaultContentLayers()));
		problems.check(() -> checkLayers(Params.STYLE_LAYERS, values.get(Params.STYLE_LAYERS), architecture,
			architecture.defaultStyleLayers()));
		if (values.get(Params.ITERATIONS) < values.get(Params.SCALES)) {
			problems.add(new ParameterException(Params.ITERATIONS.name(), Counts.of(values.get(Params.ITERATIONS), "iteration is",
				"iterations are") + " fewer than the " + Counts.of(values.get(Params.SCALES), "scale"),
				"give at least one iteration per scale, or lower scales"));
		}
		if (values.get(Params.CONTENT_WEIGHT) == 0 && values.get(Params.STYLE_WEIGHT) == 0) {
			problems.add(new ParameterException(Params.STYLE_WEIGHT.name(), "content_weight and style_weight are both 0, "
				+ "so there is nothing to optimise", "set style_weight (or content_weight) above 0"));
		}
		if (values.get(Params.NORMALIZE_GRADIENTS) && values.get(Params.OPTIMIZER) == OptimizerKind.LBFGS) {
			problems.add(new ParameterException(Params.NORMALIZE_GRADIENTS.name(), "L-BFGS builds its steps from the "
				+ "curvature of the loss, which normalised gradients do not follow (it diverges)", "use optimizer=adam or "
				+ "sgd, or turn normalize_gradients off"));
		}
		boolean allPlanes = values.get(Params.PLANES).equals("all");
		if (imagesAreFiles) {
			problems.check(() -> contentReadable(values, allPlanes));
			for (String style : values.get(Params.STYLE)) problems.check(() -> readable(Params.STYLE, Path.of(style)));
		}
		problems.check(() -> checkStyles(values));
		if (values.get(Params.WEIGHTS) != null) problems.check(() -> readable(Params.WEIGHTS, values.get(Params.WEIGHTS)));
		Init init = values.get(Params.INIT);
		if (init.kind() == Init.Kind.FILE) problems.check(() -> readable(Params.INIT, init.file()));
		problems.check(() -> checkOutputs(values, allPlanes, imagesAreFiles));
		// Training's rules compare the files above: only once they are sound.
		if (train && !problems.any()) problems.check(() -> checkTrainingFiles(values));
		problems.throwIfAny();
	}

	/**
	 * The rules {@link #checkFiles} adds for training a fast-style model: the model and its checkpoint
	 * can be written, the style loss is Gram's (the training's only), no masks. The rules between the
	 * images and the settings (images to fill a batch, pairs of frames, a checkpoint to continue) are
	 * the trainer's, checked when the images are read, before the first step.
	 */
	private static void checkTrainingFiles(ParamValues values) {
		Path model = values.get(Params.MODEL), checkpoint = WrittenFiles.checkpoint(values);
		if (sameFile(model, checkpoint)) {
			throw new ParameterException(Params.CHECKPOINT.name(), "is the model file (" + model + ")",
				"give the checkpoint a name of its own, or leave it empty for " + FastStyleTrainer.defaultCheckpoint(model));
		}
		Path lossLog = values.get(Params.LOSS_LOG);
		if (lossLog != null && (sameFile(lossLog, model) || sameFile(lossLog, checkpoint))) {
			throw new ParameterException(Params.LOSS_LOG.name(), "is the file of the model or its checkpoint (" + lossLog + ")",
				"give the loss log a name of its own, such as losses.csv");
		}
		// The files training writes never replace an input, by identity, and can be written.
		List<Source> inputs = new ArrayList<>();
		inputs.add(new Source("the content", Path.of(values.get(Params.CONTENT))));
		for (String style : values.get(Params.STYLE)) inputs.add(new Source("a style image", Path.of(style)));
		inputs.add(new Source("weights", values.get(Params.WEIGHTS)));
		checkWritten(WrittenFiles.of(values, WrittenFiles.Writer.FILES), inputs, null);
		if (values.get(Params.STYLE_LOSS) != StyleLossKind.GRAM) {
			throw new ParameterException(Params.STYLE_LOSS.name(), values.get(Params.STYLE_LOSS).id() + " is not trained "
				+ "yet: a fast-style network is trained with the Gram loss",
				"leave style_loss at gram for --train");
		}
		if (!values.get(Params.CONTENT_MASKS).isEmpty()) {
			throw new ParameterException(Params.CONTENT_MASKS.name(), "a fast-style model styles the whole image",
				"leave content_masks out for --train");
		}
	}

	/**
	 * {@link #checkFiles} for a run with a fast-style model: the model file (read from its keys and
	 * shapes), the content and the outputs; the optimisation's rules do not apply.
	 */
	private static void checkModelFiles(ParamValues values, boolean imagesAreFiles) {
		ParameterProblems.Collector problems = new ParameterProblems.Collector();
		Path model = values.get(Params.MODEL);
		problems.check(() -> {
			readable(Params.MODEL, model);
			try {
				StyleModelFile.check(model);
			}
			catch (ModelFileException e) {
				throw new ParameterException(e.name(), e.problem(), e.advice());
			}
		});
		// Masks choose where each style image goes; a model holds one style and styles the whole image (a
		// selection in Fiji, masks=roi by default, is left alone).
		MaskSource masks = values.get(Params.MASKS);
		if (!values.get(Params.CONTENT_MASKS).isEmpty() || masks == MaskSource.FILES || masks == MaskSource.ROI_MANAGER) {
			problems.add(new ParameterException(values.get(Params.CONTENT_MASKS).isEmpty() ? Params.MASKS.name()
				: Params.CONTENT_MASKS.name(), "a fast-style model styles the whole image, and masks choose between "
					+ "style images", "leave masks and content_masks out, or optimise (leave model empty)"));
		}
		boolean allPlanes = values.get(Params.PLANES).equals("all");
		if (imagesAreFiles) problems.check(() -> contentReadable(values, allPlanes));
		problems.check(() -> checkOutputs(values, allPlanes, imagesAreFiles));
		problems.throwIfAny();
	}

	/** The content file can be read; with planes=all, a folder of frames too. */
	private static void contentReadable(ParamValues values, boolean allPlanes) {
		Path content = Path.of(values.get(Params.CONTENT));
		if (allPlanes && Files.isDirectory(content)) readableFolder(Params.CONTENT, content);
		else readable(Params.CONTENT, content, allPlanes ? null : "give an image file, or planes=all to style the numbered "
			+ "frames in it");
	}

	/** The output and loss log can be written, and are not one file. */
	private static void checkOutputs(ParamValues values, boolean allPlanes, boolean imagesAreFiles) {
		Path output = values.get(Params.OUTPUT);
		if (output != null && allPlanes && imagesAreFiles && Files.isDirectory(output)) {
			// A stack into a folder: numbered PNGs, the first of which is tried.
			writable(Params.OUTPUT, StackNames.frame(output, StackNames.stem(Path.of(values.get(Params.CONTENT))), 1, 1));
		}
		else if (output != null) {
			String name = output.getFileName() == null ? "" : output.getFileName().toString();
			if (allPlanes && imagesAreFiles && !name.contains(".") && !Files.exists(output)) {
				// "styled/" or "styled": a folder for numbered frames was meant, not a file without extension.
				throw new ParameterException(Params.OUTPUT.name(), "there is no folder " + output.toAbsolutePath()
					+ " for the numbered frames", "make it first (mkdir " + output + "), or give a file such as "
					+ output + ".tif");
			}
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
			throw new ParameterException(Params.STYLE_BLEND_WEIGHTS.name(), Counts.of(blend.size(), "weight") + " for "
				+ Counts.of(styles, "style image"), "give one weight per style image, or leave it empty");
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
				throw new ParameterException(Params.CONTENT_MASKS.name(), Counts.of(maskFiles.size(), "mask") + " for "
					+ Counts.of(styles, "style image"), "give one mask per style image, in the same order");
			}
			if (!blend.isEmpty()) noBlendWithMasks();
			if (values.get(Params.STYLE_LOSS) == StyleLossKind.SLICED) noSlicedWithMasks();
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
	 * content's aspect, the output format able to hold the result, and no file the run writes
	 * ({@link WrittenFiles}: output, loss log, previews) that is an input's file. For the fronts on
	 * files (the command line, a Spark job).
	 *
	 * @param memory the memory of a run on the CPU (the engine's: it may free networks it keeps idle)
	 * @param styles the style images, in order
	 * @param masks the masks, one per style, or none
	 * @return notes for the user that are no reason to stop (e.g. a 32-bit result saved as 8-bit PNG)
	 * @throws ParameterException for the first rule broken
	 */
	public static List<String> checkImages(ParamValues values, MemoryProbe memory, ImageFacts content,
		List<ImageFacts> styles, List<ImageFacts> masks)
	{
		return checkImages(values, WrittenFiles.Writer.FILES, memory, content, styles, masks);
	}

	/**
	 * {@link #checkImages(ParamValues, MemoryProbe, ImageFacts, List, List)} for a front that writes the files of
	 * {@code writer} beside the output, with the memory of a run on the CPU read from {@code memory}; a
	 * run that does not fit is checked again after {@link MemoryProbe#release()} (networks kept for
	 * later runs freed) before it is refused.
	 */
	public static List<String> checkImages(ParamValues values, WrittenFiles.Writer writer, MemoryProbe memory,
		ImageFacts content,
		List<ImageFacts> styles, List<ImageFacts> masks)
	{
		// Applying a model (training one uses the network as the optimisation does).
		boolean model = values.get(Params.MODEL) != null && !values.get(Params.TRAIN);
		if (!model) checkImagesForTheNetwork(values, content, styles, masks);
		checkJavaHeap(content, styles, masks);
		double aspect = (double) content.width() / content.height();
		for (ImageFacts mask : masks) {
			double maskAspect = (double) mask.width() / mask.height();
			if (Math.abs(maskAspect / aspect - 1) > 0.02) {
				throw new ParameterException(Params.CONTENT_MASKS.name(), "a mask is " + mask.width() + "x" + mask.height()
					+ " and the content " + content.width() + "x" + content.height() + ", another aspect",
					"give masks of the content's aspect (they are resized to it)");
			}
		}

		if (content.planes() > 1 && values.get(Params.OUTPUT) != null && !Files.isDirectory(values.get(Params.OUTPUT))
			&& ImageFormat.of(values.get(Params.OUTPUT)).orElse(null) == ImageFormat.TIFF)
		{
			checkTiffHolds(values, content);
		}
		if (!model) checkTemporalFrames(values, content);

		if (model && !Devices.mayUseGpu(values.get(Params.DEVICE))) {
			int[] side = Resampler.fitLongestSide(content.width(), content.height(), values.get(Params.SIZE));
			memory.checkFreeingIdle(() -> {
				MemoryProbe.Reading available = memory.available();
				return ApplyMemory.tileFor(side[0], side[1], available.bytes()) < 0 ? Optional.of(available) : Optional.empty();
			}).ifPresent(available -> {
				throw new ParameterException(Params.SIZE.name(), "not even the smallest tile of a fast-style model's pass fits "
					+ "the memory there is (" + available.describe() + ")", "lower size, or free memory");
			});
		}
		if (!model && !Devices.mayUseGpu(values.get(Params.DEVICE))) {
			// On the CPU, before any work; on a GPU the engine checks its memory when it has the device.
			ImageFacts style = styles.get(0);
			memory.checkFreeingIdle(() -> memoryProblem(values, content, style, memory.available())).ifPresent(p -> {
				throw new ParameterException(p.parameter(), p.what(), p.advice());
			});
		}

		List<String> notes = new ArrayList<>();
		if (values.get(Params.PRESERVE_COLORS) != ColorMode.NONE && content.bitDepth() != 24) {
			notes.add("preserve_colors=" + values.get(Params.PRESERVE_COLORS).id() + " has no effect: the content is gray.");
		}
		List<Source> inputs = inputs(values, content, styles, masks);
		Path output = values.get(Params.OUTPUT);
		if (output != null && content.planes() > 1 && Files.isDirectory(output)) {
			// Numbered PNGs into a folder (the command line and Spark, checked by checkFiles).
			if (content.source() != null && sameFile(output, content.source())) {
				throw new ParameterException(Params.OUTPUT.name(), "is the content's folder of frames " + output
					+ ", where the results would mix with them", "choose another folder");
			}
			ImageFormat.PNG.conversion(content.bitDepth(), "the PNG frames").ifPresent(notes::add);
		}
		else if (output != null) {
			ImageFormat format = ImageFormat.of(output).orElseThrow();
			if (content.planes() > 1 && !format.holdsStacks()) {
				throw new ParameterException(Params.OUTPUT.name(), format + " holds one image and the result has "
					+ content.planes() + " planes", "use .tif or .avi for stacks (on the command line also a folder, for "
					+ "numbered PNGs)");
			}
			format.conversion(content.bitDepth(), output.getFileName().toString()).ifPresent(notes::add);
		}
		Path frames = content.source() != null && Files.isDirectory(content.source()) ? content.source() : null;
		checkWritten(WrittenFiles.of(values, writer, content.planes()), inputs, frames);
		if (model) modelNote(values).ifPresent(notes::add);
		else temporalNote(values, content).ifPresent(notes::add);
		return notes;
	}

	/** The files a run reads, each with what it is for messages; a file of null for an image without one. */
	private static List<Source> inputs(ParamValues values, ImageFacts content, List<ImageFacts> styles,
		List<ImageFacts> masks)
	{
		List<Source> inputs = new ArrayList<>();
		inputs.add(new Source("the content image", content.source()));
		for (ImageFacts style : styles) inputs.add(new Source("the style image", style.source()));
		for (ImageFacts mask : masks) inputs.add(new Source("a mask", mask.source()));
		if (values.get(Params.INIT).kind() == Init.Kind.FILE) inputs.add(new Source("init", values.get(Params.INIT).file()));
		inputs.add(new Source("weights", values.get(Params.WEIGHTS)));
		inputs.add(new Source("model", values.get(Params.MODEL)));
		return inputs;
	}

	/**
	 * The run that {@link #checkFiles} and {@link #checkImages} passed, described in resolved, typed
	 * values for the entry: network, layers (the network's defaults where none were given), device,
	 * whether the planes are a sequence held together, the fast-style model, the files read and written.
	 * The last step of a front's checks.
	 *
	 * @param writer the front that writes the files beside the output
	 */
	public static RunDescription describe(ParamValues values, WrittenFiles.Writer writer, ImageFacts content,
		List<ImageFacts> styles, List<ImageFacts> masks)
	{
		boolean model = values.get(Params.MODEL) != null && !values.get(Params.TRAIN);
		List<Path> reads = inputs(values, content, styles, masks).stream().map(Source::file).filter(Objects::nonNull)
			.toList();
		List<Path> writes = WrittenFiles.of(values, writer, content.planes()).map(WrittenFiles.Written::file).toList();
		return RunDescription.of(values.settings(), model ? values.get(Params.MODEL) : null, content.planes(), reads, writes);
	}

	/**
	 * The rules of {@link #checkImages} for the optimisation: the images large enough for the layers at
	 * the chosen size and scales, and no sliced loss with masks.
	 */
	private static void checkImagesForTheNetwork(ParamValues values, ImageFacts content, List<ImageFacts> styles,
		List<ImageFacts> masks)
	{
		StyleSettings settings = values.settings();
		Architecture architecture = settings.architecture();
		int size = values.get(Params.SIZE);
		List<String> generated = new ArrayList<>(settings.contentLayersUsed().names());
		List<String> styleLayers = settings.styleLayersUsed().names();
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
		if (!masks.isEmpty() && values.get(Params.STYLE_LOSS) == StyleLossKind.SLICED) noSlicedWithMasks();
	}

	/**
	 * With a fast-style model, the rows given that only the optimisation acts on (one note, naming them),
	 * and a colour mode that has no effect on a model's result.
	 */
	private static Optional<String> modelNote(ParamValues values) {
		List<String> unused = new ArrayList<>();
		for (Param<?> p : Params.ALL) {
			if (!p.actsWithModel() && !Objects.equals(values.get(p), p.defaultValue())) unused.add(p.name());
		}
		if (values.get(Params.PRESERVE_COLORS) == ColorMode.HISTOGRAM) unused.add("preserve_colors=histogram");
		if (unused.isEmpty()) return Optional.empty();
		return Optional.of("model: a fast-style model styles each plane in one pass, so " + String.join(", ", unused)
			+ (unused.size() == 1 ? " has" : " have") + " no effect (they are the optimisation's).");
	}

	private static Optional<RunProblem> memoryProblem(ParamValues values, ImageFacts content, ImageFacts style,
		MemoryProbe.Reading available)
	{
		return MemoryPlanner.check(values.settings(), content.width(), content.height(), content.bitDepth() == 24 ? 3 : 1,
			style.width(), style.height(), available, true);
	}

	/**
	 * The rules for every file the run writes ({@link WrittenFiles}): none is an input's file; no
	 * image goes into the content's folder of frames; none beside the output is the output or the
	 * loss log (whose own rules {@link #checkFiles} checked); each folder they go to takes a file,
	 * and one that is there already can be replaced.
	 *
	 * @param frames the folder of frames the content is read from, or null
	 */
	private static void checkWritten(Stream<WrittenFiles.Written> files, List<Source> inputs, Path frames) {
		FileIdentities<Source> inputFiles = new FileIdentities<>();
		for (Source input : inputs) {
			if (input.file() != null) inputFiles.add(input.file(), input);
		}
		FileIdentities<WrittenFiles.Written> named = new FileIdentities<>();
		Set<Path> probed = new HashSet<>();
		FramesFolder outsideFrames = new FramesFolder(frames, null);
		files.forEach(w -> {
			Source input = inputFiles.find(w.file());
			if (input != null) {
				throw new ParameterException(w.param().name(), (w.named() ? "is " + input.what() + "'s file " + input.file()
					: w.describe() + " is " + input.what() + "'s file") + ", which would be overwritten",
					w.advice() + ": inputs are never overwritten");
			}
			outsideFrames.check(w);
			if (w.named()) {
				named.add(w.file(), w);
				return;
			}
			WrittenFiles.Written same = named.find(w.file());
			if (same != null) {
				throw new ParameterException(w.param().name(), w.describe() + " is the " + same.param().name() + " file too",
					w.advice());
			}
			if (inputFiles.exists(w.file()) || probed.add(w.file().toAbsolutePath().getParent())) writable(w.param(), w.file());
		});
	}

	/**
	 * No image a run writes goes into {@code frames}, the folder of frames its content is read from:
	 * the next run of that folder would take it for a frame (a run's own numbered frames, a TIFF
	 * output, previews). Other files (a loss log, an AVI) are no frames and may go there.
	 *
	 * @param advice what to do, or null for the fronts' own (another folder, or preview_every 0)
	 * @throws ParameterException naming the first such file
	 */
	public static void checkOutsideFrames(Path frames, Stream<WrittenFiles.Written> files, String advice) {
		FramesFolder folder = new FramesFolder(frames, advice);
		files.forEach(folder::check);
	}

	/** The content's folder of frames, which a written image must not enter; each folder asked about once. */
	private static final class FramesFolder {

		private final Path frames;
		private final String advice;
		private final Map<Path, Boolean> inside = new HashMap<>();

		FramesFolder(Path frames, String advice) {
			this.frames = frames;
			this.advice = advice;
		}

		void check(WrittenFiles.Written w) {
			if (frames == null || !StackNames.isFrame(w.file().getFileName().toString())) return;
			Path folder = w.file().toAbsolutePath().normalize().getParent();
			if (folder == null || !inside.computeIfAbsent(folder, f -> sameFile(f, frames))) return;
			throw new ParameterException(w.param().name(), (w.named() ? w.file() + " is" : w.describe() + " would be")
				+ " in the content's folder of frames " + frames + ", where the next run would take it for a frame",
				advice != null ? advice : w.param() == Params.PREVIEW_EVERY ? "write the output into another folder, or set preview_every to 0"
					: "write it into another folder");
		}
	}

	/**
	 * The input images fit in the most memory Java may use, as held and as the engine's copies (see
	 * {@link JavaHeap}), with a quarter to spare for the rest. A lower size cannot help an input that
	 * does not fit, so the advice is more memory for Java or a smaller image.
	 */
	private static void checkJavaHeap(ImageFacts content, List<ImageFacts> styles, List<ImageFacts> masks) {
		long needed = heap(content);
		ImageFacts largest = content;
		Param<?> param = Params.CONTENT;
		for (ImageFacts style : styles) {
			needed += heap(style);
			if (heap(style) > heap(largest)) {
				largest = style;
				param = Params.STYLE;
			}
		}
		for (ImageFacts mask : masks) needed += heap(mask);
		if (needed + needed / 4 > JavaHeap.max()) {
			throw new ParameterException(param.name(), "the images take about " + JavaHeap.mb(needed) + " of Java's memory "
				+ "to style (as read and as the engine's copies; the " + (param == Params.CONTENT ? "content" : "style")
				+ " image is " + largest.width() + "x" + largest.height() + " pixels), and Java may use at most "
				+ JavaHeap.mb(JavaHeap.max()), JavaHeap.advice(needed));
		}
	}

	private static long heap(ImageFacts image) {
		int bytesPerPixel = image.bitDepth() == 24 ? 4 : Math.max(1, image.bitDepth() / 8);
		return JavaHeap.toStyle(image.width(), image.height(), image.planes(), bytesPerPixel, image.bitDepth() == 24 ? 3 : 1);
	}

	/**
	 * Each mask selects some pixels: with an all-black mask its style has no region, and the run would
	 * stop at once and give the content back (or leave that style out) without a word.
	 *
	 * @param masks the masks as the engine takes them, one per style
	 * @param sources each mask's file, or its description ("the selection"), for the message
	 * @throws ParameterException naming the first mask that selects nothing
	 */
	public static void checkMasksSelect(List<FloatImage> masks, List<String> sources) {
		for (int i = 0; i < masks.size(); i++) {
			float[] data = masks.get(i).data();
			boolean selects = false;
			for (int j = 0; j < data.length && !selects; j++) selects = data[j] > 0;
			if (!selects) {
				throw new ParameterException(Params.CONTENT_MASKS.name(), "the mask of style " + (i + 1) + " ("
					+ sources.get(i) + ") selects no pixel: it is all black", "paint the region of its style white (gray for "
					+ "less of it), or leave that style and its mask out");
			}
		}
	}

	/**
	 * The bytes a stack's result takes uncompressed: its planes at the result size ({@code size}) in
	 * the result's type (RGB 3 bytes a pixel, as TIFF stores it).
	 */
	public static long resultBytes(ParamValues values, ImageFacts content) {
		int[] side = Resampler.fitLongestSide(content.width(), content.height(), values.get(Params.SIZE));
		int bytesPerPixel = switch (content.bitDepth()) {
			case 8 -> 1;
			case 16 -> 2;
			case 24 -> 3;
			default -> 4;
		};
		return (long) side[0] * side[1] * bytesPerPixel * content.planes();
	}

	/**
	 * temporal_frames reaches back at most to the first plane of the longest sequence: a distance
	 * no plane has is a typing error (10 for 1,0), not a setting to ignore.
	 */
	private static void checkTemporalFrames(ParamValues values, ImageFacts content) {
		if (!values.settings().holdsPlanesTogether(content.planes())) return;
		int farthest = values.get(Params.TEMPORAL_FRAMES).farthest();
		if (farthest >= content.sequence()) {
			throw new ParameterException(Params.TEMPORAL_FRAMES.name(), farthest + " planes back reaches beyond the first of "
				+ (content.sequence() < content.planes() ? "each slice's " + Counts.of(content.sequence(), "frame")
					: "the stack's " + Counts.of(content.sequence(), "plane")), "give distances below " + content.sequence()
				+ ", e.g. 1");
		}
	}

	/** What the temporal settings do not do for this image: said once, the run goes on. */
	private static Optional<String> temporalNote(ParamValues values, ImageFacts content) {
		boolean weightSet = values.get(Params.TEMPORAL_WEIGHT) != Params.TEMPORAL_WEIGHT.defaultValue().doubleValue();
		boolean framesSet = !values.get(Params.TEMPORAL_FRAMES).equals(Params.TEMPORAL_FRAMES.defaultValue());
		if (values.settings().holdsPlanesTogether(content.planes()) || !weightSet && !framesSet) return Optional.empty();
		if (content.planes() <= 1) {
			return Optional.of((weightSet ? "temporal_weight" : "temporal_frames") + " has no effect: one plane is styled "
				+ "(it holds the planes of a stack together, with planes=all).");
		}
		if (framesSet) {
			return Optional.of("temporal_frames has no effect with temporal_weight=0: each plane starts from the previous "
				+ "result as it is.");
		}
		return Optional.empty();
	}

	/**
	 * A TIFF of more than 4 GB is refused: ImageJ writes one whose planes after the first only ImageJ
	 * finds (the classic TIFF's offsets end at 4 GB).
	 */
	private static void checkTiffHolds(ParamValues values, ImageFacts content) {
		long bytes = resultBytes(values, content);
		if (bytes > TIFF_LIMIT) {
			throw new ParameterException(Params.OUTPUT.name(), "the result stack would be " + gb(bytes) + " GB ("
				+ content.planes() + " planes), more than a TIFF file holds (4 GB; beyond, ImageJ writes a file whose"
				+ " later planes other programs do not find)", "write it as .avi, into a folder for numbered PNGs"
				+ " (command line), or lower size");
		}
	}

	/** What a classic TIFF holds: its offsets are 32-bit. */
	static final long TIFF_LIMIT = 0xffffffffL - (1 << 20);

	/**
	 * The disk holds a stack's result while it is made: on the command line and in Spark every plane
	 * goes to a scratch folder beside the output when done and the file is then written from there
	 * (twice the result), numbered PNGs once; Fiji writes its result from memory (once).
	 *
	 * @param streamed whether the planes go through a scratch folder first
	 * @param freeBytes the space free in the output's folder
	 * @throws ParameterException naming output, how much is needed and what is free
	 */
	public static void checkDiskHolds(ParamValues values, ImageFacts content, boolean streamed, long freeBytes) {
		Path output = values.get(Params.OUTPUT);
		if (output == null || content.planes() <= 1) return;
		long needed = resultBytes(values, content) * (streamed && !Files.isDirectory(output) ? 2 : 1);
		if (needed > freeBytes) {
			throw new ParameterException(Params.OUTPUT.name(), "the result of " + content.planes() + " planes needs about "
				+ mb(needed) + " MB on the disk" + (streamed && !Files.isDirectory(output)
					? " (each plane in a scratch folder beside the output, then the file)" : "")
				+ " and " + mb(freeBytes) + " MB are free there", "free some space, choose a folder on another disk, or"
				+ " lower size");
		}
	}

	/**
	 * Fiji holds a stack's result in memory: it must fit in what Java has left.
	 *
	 * @param availableBytes Java's memory left
	 * @throws ParameterException naming planes, how much is needed and what is left
	 */
	public static void checkMemoryHolds(ParamValues values, ImageFacts content, long availableBytes) {
		if (content.planes() <= 1) return;
		// An RGB plane is an int per pixel in memory.
		long needed = content.bitDepth() == 24 ? resultBytes(values, content) / 3 * 4 : resultBytes(values, content);
		if (needed > availableBytes) {
			throw new ParameterException(Params.PLANES.name(), "the result of " + content.planes() + " planes needs about "
				+ mb(needed) + " MB of memory and Java has " + mb(availableBytes) + " MB left", "style fewer planes (a"
				+ " substack: Image \u203a Stacks \u203a Tools \u203a Make Substack), give Java more memory (Edit \u203a Options \u203a"
				+ " Memory & Threads), or use the command line, which writes each plane to disk when it is done");
		}
	}

	private static String gb(long bytes) {
		return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e9);
	}

	private static long mb(long bytes) {
		return Math.round(bytes / 1e6);
	}

	/**
	 * The rule for a file that is read: it exists, is a file and can be read.
	 *
	 * @throws ParameterException saying which of these failed
	 */
	public static void readable(Param<?> param, Path file) {
		readable(param, file, null);
	}

	/** As {@link #readable(Param, Path)}, with what to do about a folder if not the row's advice. */
	private static void readable(Param<?> param, Path file, String folderAdvice) {
		Path f = file.toAbsolutePath();
		if (!Files.exists(f)) throw new ParameterException(param.name(), "there is no file " + f, param.advice());
		if (Files.isDirectory(f)) {
			throw new ParameterException(param.name(), f + " is a folder, not a file",
				folderAdvice != null ? folderAdvice : param.advice());
		}
		if (!Files.isReadable(f)) {
			throw new ParameterException(param.name(), f + " cannot be read (permission denied)",
				"make it readable, or choose another file");
		}
	}

	/** A folder whose files are read (the frames of a stack): it can be listed. */
	private static void readableFolder(Param<?> param, Path folder) {
		Path f = folder.toAbsolutePath();
		if (!Files.isReadable(f) || !Files.isExecutable(f)) {
			throw new ParameterException(param.name(), "the folder " + f + " cannot be read (permission denied)",
				"make it readable, or choose another folder");
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

	private static void checkLayers(Param<LayerWeights> param, LayerWeights given, Architecture architecture,
		List<String> defaults)
	{
		if (given == null) return;
		for (String layer : given.names()) {
			if (!architecture.layerNames().contains(layer)) {
				throw new ParameterException(param.name(), architecture.id() + " has no layer '" + layer + "'",
					"use its layers (empty for the defaults, " + String.join(",", defaults) + "): "
						+ String.join(", ", architecture.layerNames()));
			}
		}
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

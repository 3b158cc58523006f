package sc.fiji.neuralstyle.params;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import sc.fiji.neuralstyle.engine.settings.ColorMode;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.NetworkChoice;
import sc.fiji.neuralstyle.engine.settings.StyleLossKind;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.settings.TemporalFrames;
import sc.fiji.neuralstyle.engine.settings.TileSize;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Padding;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.Lbfgs;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.text.BadValueException;

/**
 * The parameter table: every parameter of a run, one row each, in the order the fronts show them.
 * Names, defaults, choices, ranges, help and the messages for wrong values come from here only; the
 * command line, the dialog, macro options, the SciJava command, the preferences, the result's Info
 * line and the parameter table of docs/parameters.md are derived from it (tests check each against it).
 * <p>
 * Adding a parameter: one row here (with {@code setting(...)} if the engine uses it, and
 * {@code group(...)} for where the Fiji dialog shows it) and its use in the engine.
 */
public final class Params {

	private Params() {}

	/** Largest output side accepted; beyond it VGG's activations need tens of GB. */
	public static final int MAX_SIZE = 8192;
	/**
	 * temporal_weight's default, chosen by measurement (bench/coherence.sh, docs/stacks.md
	 * "Temporal coherence"): past the weight where the temporal error stops falling for VGG-19 at the default size
	 * (the term is a mean over pixels, the content loss a sum: that weight grows with the pixels,
	 * measured 1e5 at 128 px), while each plane's style loss stays within 1.1x of a still's.
	 */
	static final double TEMPORAL_WEIGHT_DEFAULT = 1e6;

	// ---- the rows --------------------------------------------------------------------------------

	public static final Param<String> CONTENT = image("content")
		.label("Content image").group(Group.BASIC)
		.help("The image to restyle: a file; in Fiji also the title of an open image.")
		.advice("give the image to restyle (a file, or in Fiji an open image's title)")
		.on(Front.COMMAND_LINE, Front.DIALOG, Front.MACRO, Front.SCIJAVA, Front.SPARK).requiredOn(Front.values()).withModel().inTraining().build();

	public static final Param<List<String>> STYLE = images("style", 3)
		.label("Style image").group(Group.BASIC)
		.help("The image(s) whose style (textures, colours, strokes) to take: one or more files, comma-separated; "
			+ "in Fiji open images (the dialog and the SciJava command offer three: style, style_2, style_3); not needed "
			+ "with a fast-style model (model).")
		.advice("give the style image(s): files, comma-separated, or in Fiji open images' titles")
		.defaultValue(List.of()).everywhere().requiredOn(Front.values()).withModel().inTraining().build();

	public static final Param<List<Double>> STYLE_BLEND_WEIGHTS = Param.builder("style_blend_weights", Kind.TEXT,
		Params.<Double>listType()).defaultValue(List.of()).parser(Params::blendWeights)
		.formatter(w -> String.join(",", w.stream().map(NumberText::format).toList()))
		.label("Style blend weights").group(Group.STYLE_CONTROLS)
		.help("With several style images, one weight each, comma-separated, normalised to sum 1 (empty: equal); "
			+ "the target Gram matrices are the weighted sum of the styles'.")
		.advice("give one number of at least 0 per style image, comma-separated, or leave it empty for equal weights")
		.everywhere().setting(StyleSettings.Builder::styleBlendWeights, StyleSettings::styleBlendWeights).inTraining().build();

	public static final Param<NetworkChoice> NETWORK = Param.builder("network", Kind.CHOICE, NetworkChoice.class)
		.defaultValue(NetworkChoice.named("vgg19")).choices(ModelDescriptor::available).formatter(NetworkChoice::name)
		.parser(t -> NetworkChoice.named(choose(t, ModelDescriptor.available())))
		.label("Network").group(Group.BASIC)
		.help("The pretrained network whose features define content and style: torchvision's weights, or the Caffe "
			+ "conversions (-caffe); downloaded once.")
		.everywhere().setting(StyleSettings.Builder::network, StyleSettings::network).inTraining().build();

	public static final Param<Path> WEIGHTS = file("weights", Kind.INPUT_FILE)
		.label("Weights file").group(Group.FILES)
		.help("A local .pth state dict to use instead of the network's own file; empty for that one.")
		.advice("give the path of a .pth state dict, or leave weights empty for the network's own")
		.everywhere().setting(StyleSettings.Builder::weights, StyleSettings::weights).inTraining().build();

	public static final Param<Path> MODEL = file("model", Kind.INPUT_FILE)
		.label("Fast-style model (.pth)").group(Group.FILES)
		.help("A trained fast-style model (pytorch/examples' TransformerNet, such as their candy.pth): each plane is "
			+ "styled by one pass of it instead of the optimisation, whose rows then do not apply; no style image is "
			+ "needed. Empty to optimise.")
		.advice("give a fast-style model's .pth file, or leave model empty to optimise")
		.everywhere().withModel().inTraining().build();

	public static final Param<Boolean> TRAIN = flag("train")
		.label("Train a fast-style model")
		.help("Train a fast-style model in the style of the style images on the content's images (a folder of frames, a "
			+ "stack or an AVI: every plane; a still) and write it to model, which then styles with model=; the style "
			+ "rows, network, layers, weights, size (the square samples' side), seed and learning_rate (0: Adam's 0.001) "
			+ "apply. Started again with the same parameters it continues from its checkpoint.")
		.on(Front.COMMAND_LINE).withModel().build();

	public static final Param<Integer> STEPS = integer("steps", 1000, 1, 10_000_000)
		.label("Training steps")
		.group(Group.TRAINING)
		.help("Training: Adam steps in all; a run continued from its checkpoint trains up to this many.")
		.on(Front.COMMAND_LINE).inTraining().build();

	public static final Param<Integer> BATCH_SIZE = integer("batch_size", 4, 1, 1024)
		.label("Training batch size")
		.group(Group.TRAINING)
		.help("Training: images (with temporal_weight: pairs of consecutive frames) per step, at most as many as there "
			+ "are.")
		.on(Front.COMMAND_LINE).inTraining().build();

	public static final Param<Path> CHECKPOINT = file("checkpoint", Kind.OUTPUT_FILE)
		.label("Training checkpoint")
		.group(Group.TRAINING)
		.help("Training: the checkpoint file, written atomically every checkpoint_every steps and at the end; empty for "
			+ "<model>.checkpoint.pth beside the model. Ctrl-C (in Fiji Esc) keeps it and writes the model from it.")
		.advice("give a file to write, such as candy.checkpoint.pth, or leave checkpoint empty")
		.on(Front.COMMAND_LINE).inTraining().build();

	public static final Param<Integer> CHECKPOINT_EVERY = integer("checkpoint_every", 100, 1, 10_000_000)
		.label("Steps between checkpoints")
		.group(Group.TRAINING)
		.help("Training: steps between checkpoints (the last step writes one too).")
		.on(Front.COMMAND_LINE).inTraining().build();

	public static final Param<LayerWeights> CONTENT_LAYERS = layers("content_layers")
		.label("Content layers").group(Group.BASIC)
		.help("Comma-separated layer names; empty for the network's default (relu4_2 for VGG).")
		.everywhere().setting(StyleSettings.Builder::contentLayers, StyleSettings::contentLayers).inTraining().build();

	public static final Param<LayerWeights> STYLE_LAYERS = layers("style_layers")
		.label("Style layers").group(Group.BASIC)
		.help("Comma-separated layer names, each optionally name:weight (default weight 1/n); empty for the "
			+ "network's default (relu1_1,relu2_1,relu3_1,relu4_1,relu5_1 for VGG).")
		.everywhere().setting(StyleSettings.Builder::styleLayers, StyleSettings::styleLayers).inTraining().build();

	public static final Param<Double> CONTENT_WEIGHT = weight("content_weight", 1)
		.label("Content weight (\u03b1)").group(Group.BASIC)
		.help("\u03b1, the weight of the content loss.")
		.everywhere().setting(StyleSettings.Builder::contentWeight, StyleSettings::contentWeight).inTraining().build();

	public static final Param<Double> STYLE_WEIGHT = weight("style_weight", 1000)
		.label("Style weight (\u03b2)").group(Group.BASIC)
		.help("\u03b2, the weight of the style loss; \u03b1/\u03b2 = 1e-3 is the balance the original study "
			+ "found good, below 1e-5 the content is lost.")
		.everywhere().setting(StyleSettings.Builder::styleWeight, StyleSettings::styleWeight).inTraining().build();

	public static final Param<Double> TV_WEIGHT = weight("tv_weight", 0)
		.label("Smoothness weight (tv)").group(Group.STYLE_CONTROLS)
		.help("Weight of the total-variation loss, which smooths high-frequency noise (0: off).")
		.everywhere().setting(StyleSettings.Builder::tvWeight, StyleSettings::tvWeight).inTraining().build();

	public static final Param<StyleLossKind> STYLE_LOSS = choice("style_loss", StyleLossKind.class, StyleLossKind.GRAM, StyleLossKind::id,
		StyleLossKind::parse)
		.label("Style loss").group(Group.STYLE_CONTROLS)
		.help("How the style is compared: gram (Gatys et al.'s Gram matrices), wasserstein (means and covariances, "
			+ "Wasserstein-2, as Crowson's style-transfer-pytorch) or sliced (sorted random projections, Heitz et al.); each has its own "
			+ "scale, so each wants its own style_weight (docs/style-controls.md, Style losses).")
		.everywhere().setting(StyleSettings.Builder::styleLoss, StyleSettings::styleLoss).inTraining().build();

	public static final Param<Boolean> NORMALIZE_GRADIENTS = flag("normalize_gradients")
		.label("Normalize gradients").group(Group.STYLE_CONTROLS)
		.help("Divide each content and style layer's gradient by its L1 norm before its weight (Johnson's "
			+ "neural-style, -normalize_gradients), so layer weights say how much each layer pulls; with adam or sgd.")
		.everywhere().setting(StyleSettings.Builder::normalizeGradients, StyleSettings::normalizeGradients).build();

	public static final Param<Integer> SIZE = integer("size", 512, 16, MAX_SIZE)
		.label("Size (longest side, px)").group(Group.BASIC)
		.help("Longest side of the result in pixels; time and memory grow with its square.")
		.everywhere().setting(StyleSettings.Builder::size, StyleSettings::size).withModel().inTraining().build();

	public static final Param<Integer> SCALES = integer("scales", 1, 1, 8)
		.label("Scales (coarse to fine)").group(Group.LARGE_IMAGES)
		.help("Resolutions, each twice the previous and the last at size, each starting from the previous result; "
			+ "each gets twice the iterations of the previous (docs/large-images.md).")
		.everywhere().setting(StyleSettings.Builder::scales, StyleSettings::scales).build();

	public static final Param<TileSize> TILE_SIZE = Param.builder("tile_size", Kind.TEXT, TileSize.class)
		.defaultValue(TileSize.WHOLE).parser(TileSize::parse).formatter(TileSize::toString)
		.label("Tile size (0 = whole)").group(Group.LARGE_IMAGES)
		.help("Evaluate the loss tile by tile so memory is bounded by a tile, not the image (same result): 0 for "
			+ "one pass, auto for the largest tiles that fit the free memory, or a side in pixels.")
		.advice("give 0 (whole image), auto, or a tile side of at least " + TileSize.MIN_PIXELS + " px")
		.everywhere().setting(StyleSettings.Builder::tileSize, StyleSettings::tileSize).build();

	public static final Param<Double> STYLE_SCALE = number("style_scale", 1, 0.01, 8.0)
		.label("Style scale").group(Group.STYLE_CONTROLS)
		.help("The style image's longest side is size \u00d7 style_scale: smaller gives finer style features.")
		.everywhere().setting(StyleSettings.Builder::styleScale, StyleSettings::styleScale).build();

	public static final Param<Pooling> POOLING = choice("pooling", Pooling.class, Pooling.AVG, Pooling::id,
		Pooling::parse)
		.label("Pooling").group(Group.STYLE_CONTROLS)
		.help("avg (the paper's choice, smoother) or max (as the network was trained).")
		.everywhere().setting(StyleSettings.Builder::pooling, StyleSettings::pooling).inTraining().build();

	public static final Param<Padding> PADDING = choice("padding", Padding.class, Padding.ZEROS, Padding::id,
		Padding::parse)
		.label("Padding").group(Group.STYLE_CONTROLS)
		.help("How the first convolution pads the image: zeros (as the network was trained) or replicate (edge "
			+ "pixels repeated: fewer edge artefacts, as Crowson's style-transfer-pytorch).")
		.everywhere().setting(StyleSettings.Builder::padding, StyleSettings::padding).build();

	public static final Param<OptimizerKind> OPTIMIZER = choice("optimizer", OptimizerKind.class,
		OptimizerKind.LBFGS, OptimizerKind::id, OptimizerKind::parse)
		.label("Optimizer").group(Group.BASIC)
		.help("lbfgs (the paper's; fewest iterations), adam, or sgd with momentum 0.9.")
		.everywhere().setting(StyleSettings.Builder::optimizer, StyleSettings::optimizer).build();

	public static final Param<Integer> ITERATIONS = integer("iterations", 300, 1, 1_000_000)
		.label("Iterations").group(Group.BASIC)
		.help("Number of loss evaluations (per plane of a stack).")
		.everywhere().setting(StyleSettings.Builder::iterations, StyleSettings::iterations).build();

	public static final Param<Double> LEARNING_RATE = number("learning_rate", 0, 0.0, null)
		.label("Learning rate (0 = default)").group(Group.OPTIMISER)
		.help("Step size for pixels in [0, 1]; 0 for the optimiser's own: " + defaultLearningRates() + "; for Adam "
			+ "and SGD the RMS pixel change of the first step, whatever the loss scale (SGD's steps are divided by "
			+ "the RMS of its first gradient).")
		.advice("give a number of at least 0 (0 for the optimiser's default)")
		.everywhere().setting(StyleSettings.Builder::learningRate, StyleSettings::learningRate).inTraining().build();

	public static final Param<Integer> HISTORY_SIZE = integer("history_size", Lbfgs.DEFAULT_HISTORY_SIZE, 1, 1000)
		.label("L-BFGS history").group(Group.OPTIMISER)
		.help("L-BFGS: correction pairs kept (each costs two image-sized tensors).")
		.on(Front.COMMAND_LINE, Front.MACRO, Front.SCIJAVA, Front.SPARK)
		.setting(StyleSettings.Builder::historySize, StyleSettings::historySize).build();

	public static final Param<Boolean> LINE_SEARCH = flag("line_search")
		.label("L-BFGS line search").group(Group.OPTIMISER)
		.help("L-BFGS: strong-Wolfe line search (more evaluations per step, steadier).")
		.on(Front.COMMAND_LINE, Front.MACRO, Front.SCIJAVA, Front.SPARK)
		.setting(StyleSettings.Builder::lineSearch, StyleSettings::lineSearch).build();

	public static final Param<Double> AVERAGE = fraction("average")
		.label("Average (EMA decay)").group(Group.OPTIMISER)
		.help("The result is an exponential moving average of the iterates with this decay per step (0: off, "
			+ "the best iterate; 0.99 as Crowson's style-transfer-pytorch); each scale starts from the previous one's average.")
		.advice("give a decay from 0 (off) to below 1, e.g. 0.99")
		.everywhere().setting(StyleSettings.Builder::average, StyleSettings::average).build();

	public static final Param<Double> STOP_TOLERANCE = fraction("stop_tolerance")
		.label("Stop tolerance").group(Group.OPTIMISER)
		.help("Stop a scale when its best loss fell by less than this fraction over stop_window iterations (0: run "
			+ "every iteration; 1e-4 as Ruder et al.'s artistic-videos).")
		.advice("give a fraction from 0 (off) to below 1, e.g. 1e-4")
		.everywhere().setting(StyleSettings.Builder::stopTolerance, StyleSettings::stopTolerance).build();

	public static final Param<Integer> STOP_WINDOW = integer("stop_window", 50, 1, 1_000_000)
		.label("Stop window").group(Group.OPTIMISER)
		.help("stop_tolerance compares the best loss this many iterations apart.")
		.on(Front.COMMAND_LINE, Front.MACRO, Front.SCIJAVA, Front.SPARK)
		.setting(StyleSettings.Builder::stopWindow, StyleSettings::stopWindow).build();

	public static final Param<Init> INIT = Param.builder("init", Kind.CHOICE, Init.class)
		.defaultValue(Init.CONTENT).parser(Init::parse).formatter(Init::toString)
		.choices(() -> List.of("content", "noise", "style")).openChoice("a file")
		.label("Start from (init)").group(Group.OPTIMISER)
		.help("The start image: content, noise (seeded), style, or the path of an image file.")
		.advice("give content, noise, style or the path of an image file")
		.everywhere().setting(StyleSettings.Builder::init, StyleSettings::init).build();

	public static final Param<Long> SEED = Param.builder("seed", Kind.INTEGER, Long.class)
		.defaultValue(0L).range(-0x1p53, 0x1p53).parser(t -> whole(t, -0x1p53, 0x1p53)).formatter(String::valueOf)
		.label("Seed").group(Group.OPTIMISER)
		.help("Seed of the noise start image and of style_loss=sliced's directions; runs on the CPU are repeatable.")
		.advice("give a whole number")
		.everywhere().setting(StyleSettings.Builder::seed, StyleSettings::seed).inTraining().build();

	public static final Param<ComputeDevice> DEVICE = Param.builder("device", Kind.CHOICE, ComputeDevice.class)
		.defaultValue(ComputeDevice.AUTO).parser(ComputeDevice::parse).formatter(ComputeDevice::toString)
		.choices(() -> List.of("auto", "cpu", "gpu")).openChoice("gpu:N")
		.label("Device").group(Group.LARGE_IMAGES)
		.help("auto (a CUDA GPU if PyTorch sees one, else the CPU), cpu, gpu (the first GPU) or gpu:N (GPU N, "
			+ "counted from 0).")
		.advice("give auto, cpu, gpu or gpu:N (N = 0, 1, \u2026)")
		.everywhere().setting(StyleSettings.Builder::device, StyleSettings::device).withModel().inTraining().build();

	public static final Param<ColorMode> PRESERVE_COLORS = choice("preserve_colors", ColorMode.class, ColorMode.NONE,
		ColorMode::id, ColorMode::parse)
		.label("Preserve colours").group(Group.STYLE_CONTROLS)
		.help("none: the style's colours; luminance: the content's colours with the result's luminance (true); "
			+ "histogram: the style image recoloured to the content's mean and covariance first (false = none).")
		.everywhere().setting(StyleSettings.Builder::preserveColors, StyleSettings::preserveColors).withModel().build();

	public static final Param<MaskSource> MASKS = choice("masks", MaskSource.class, MaskSource.ROI, MaskSource::id,
		MaskSource::parse)
		.label("Masks").group(Group.STYLE_CONTROLS)
		.help("Fiji: which part of the content takes which style: roi (the selection takes the first style, the "
			+ "rest the second, or stays the content), roi_manager (its ROIs in order, one per style), files "
			+ "(content_masks) or none.")
		.on(Front.DIALOG, Front.MACRO, Front.SCIJAVA, Front.PREFERENCES).build();

	public static final Param<List<Path>> CONTENT_MASKS = Param.builder("content_masks", Kind.INPUT_FILE,
		Params.<Path>listType()).defaultValue(List.of()).parser(t -> split(t).stream().map(Params::path).toList())
		.formatter(paths -> String.join(",", paths.stream().map(Path::toString).toList()))
		.label("Content masks").group(Group.STYLE_CONTROLS)
		.help("Mask images, comma-separated, one per style image, of the content's aspect: white takes that "
			+ "style, gray partly, black not; outside every mask the result stays the content.")
		.advice("give one mask image file per style image, comma-separated, or leave it empty")
		.on(Front.COMMAND_LINE, Front.DIALOG, Front.MACRO, Front.SCIJAVA, Front.SPARK).build();

	public static final Param<Integer> CHANNEL = Param.builder("channel", Kind.TEXT, Integer.class)
		.defaultValue(0).parser(Params::channel).formatter(c -> c == 0 ? "merged" : Integer.toString(c))
		.label("Channel").group(Group.STACKS_AND_CHANNELS)
		.help("Fiji: merged (or 0) styles the merged view of a multi-channel image (what you see); N styles channel N alone.")
		.advice("give merged or a channel number (1, 2, \u2026)")
		.on(Front.DIALOG, Front.MACRO, Front.SCIJAVA, Front.PREFERENCES).withModel().inTraining().build();

	public static final Param<String> PLANES = choice("planes", "current", () -> List.of("current", "all"))
		.label("Planes").group(Group.STACKS_AND_CHANNELS)
		.help("The current plane (of a file: the first), or all: every slice and frame of a stack, of an AVI or of a "
			+ "folder of numbered frames, each starting from the previous result, moved by the optical flow and held "
			+ "to it with temporal_weight (along time, else along z; a hyperstack's frames in one sequence per slice).")
		.on(Front.COMMAND_LINE, Front.DIALOG, Front.MACRO, Front.SCIJAVA, Front.PREFERENCES, Front.SPARK).withModel().build();

	public static final Param<Double> TEMPORAL_WEIGHT = weight("temporal_weight", TEMPORAL_WEIGHT_DEFAULT)
		.label("Temporal weight").group(Group.STACKS_AND_CHANNELS)
		.help("With planes=all, hold each plane to the earlier results moved by the optical flow between the "
			+ "contents, so a time-lapse or z-stack does not flicker or ghost (Ruder et al.); 0: each plane starts "
			+ "from the previous result as it is (docs/stacks.md, Temporal coherence).")
		.everywhere().setting(StyleSettings.Builder::temporalWeight, StyleSettings::temporalWeight).inTraining().build();

	public static final Param<TemporalFrames> TEMPORAL_FRAMES = Param.builder("temporal_frames", Kind.TEXT,
		TemporalFrames.class).defaultValue(TemporalFrames.PREVIOUS).parser(TemporalFrames::parse)
		.formatter(TemporalFrames::toString)
		.label("Temporal frames").group(Group.STACKS_AND_CHANNELS)
		.help("The earlier planes the temporal term looks at, as distances back: 1 the previous one, 1,2,4 also "
			+ "t−2 and t−4 (long-term, closest first).")
		.advice("give distances back separated by commas, e.g. 1 or 1,2,4")
		.everywhere().setting(StyleSettings.Builder::temporalFrames, StyleSettings::temporalFrames).build();

	public static final Param<Integer> PREVIEW_EVERY = integer("preview_every", 0, 0, 1_000_000)
		.label("Preview every (iterations)").group(Group.OPTIMISER)
		.help("Show the image being optimised every N iterations (command line: write out_iterNNNN.png); 0: never.")
		.everywhere().build();

	public static final Param<Path> OUTPUT = file("output", Kind.OUTPUT_FILE)
		.label("Output file").group(Group.BASIC)
		.help("The result file: .tif (keeps the type and stacks), .png, .jpg, or .avi (a stack as a movie); with "
			+ "planes=all on the command line also a folder, for numbered PNGs; in Fiji optional.")
		.advice("give a .tif, .png, .jpg or .avi file to write (for a stack on the command line also a folder)")
		.on(Front.COMMAND_LINE, Front.DIALOG, Front.MACRO, Front.SCIJAVA, Front.SPARK)
		.requiredOn(Front.COMMAND_LINE, Front.SPARK).withModel().build();

	public static final Param<Path> LOSS_LOG = file("loss_log", Kind.OUTPUT_FILE)
		.label("Loss log (CSV)").group(Group.FILES)
		.help("Write the loss history as CSV (iteration,total,content,style,tv,elapsed_ms,scale), one row per "
			+ "evaluation, the first for the start image; the terms unweighted; a stack's adds plane (its index in "
			+ "the stack); a note column where a row is the average (average) or where stop_tolerance stopped.")
		.advice("give a file to write, such as losses.csv, or leave loss_log empty")
		.on(Front.COMMAND_LINE, Front.DIALOG, Front.MACRO, Front.SCIJAVA, Front.SPARK).inTraining().build();

	public static final Param<Boolean> QUIET = flag("quiet")
		.label("Quiet")
		.help("No status lines, progress bar or closing Done and Wrote lines: only problems are written.")
		.on(Front.COMMAND_LINE, Front.SPARK).withModel().build();

	/** Every row, in the order fronts show them. */
	public static final List<Param<?>> ALL = List.of(CONTENT, STYLE, STYLE_BLEND_WEIGHTS, NETWORK, WEIGHTS, MODEL,
		TRAIN, STEPS, BATCH_SIZE, CHECKPOINT, CHECKPOINT_EVERY, CONTENT_LAYERS, STYLE_LAYERS, CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT, STYLE_LOSS, NORMALIZE_GRADIENTS, SIZE, SCALES,
		TILE_SIZE, STYLE_SCALE, POOLING, PADDING, OPTIMIZER, ITERATIONS, LEARNING_RATE, HISTORY_SIZE, LINE_SEARCH, AVERAGE,
		STOP_TOLERANCE, STOP_WINDOW, INIT, SEED, DEVICE, PRESERVE_COLORS, MASKS, CONTENT_MASKS, CHANNEL, PLANES,
		TEMPORAL_WEIGHT, TEMPORAL_FRAMES, PREVIEW_EVERY, OUTPUT, LOSS_LOG, QUIET);

	private static final Map<String, Param<?>> BY_NAME = ALL.stream()
		.collect(Collectors.toUnmodifiableMap(Param::name, p -> p));

	/**
	 * Whether a row that is required is not when a fast-style model is applied: the style image (a
	 * model holds its style). Fronts whose widgets mark required inputs leave such a row optional and
	 * let the values' check say when it is missing ({@link ParamValues#of}).
	 */
	public static boolean sparedByModel(Param<?> p) {
		return p == STYLE;
	}

	/** The rows a front offers, in table order. */
	public static List<Param<?>> on(Front front) {
		return ALL.stream().filter(p -> p.offeredBy(front)).toList();
	}

	/** The row with that name, or null. */
	public static Param<?> named(String name) {
		return BY_NAME.get(name);
	}

	/** The engine settings of the defaults (layers and learning rate as "the network's/optimiser's own"). */
	public static StyleSettings defaultSettings() {
		return ParamValues.defaults().settings();
	}

	// ---- row factories and parsers ---------------------------------------------------------------

	/**
	 * "L-BFGS 1, Adam 0.002, SGD 1e-4": the optimisers' own rates, written from {@link OptimizerKind}
	 * (where the engine reads them; it cannot import this package), so the help never disagrees with them.
	 */
	private static String defaultLearningRates() {
		return Arrays.stream(OptimizerKind.values())
			.map(k -> k.displayName() + " " + NumberText.format(k.defaultLearningRate())).collect(Collectors.joining(", "));
	}

	private static Param.Builder<String> image(String name) {
		return Param.builder(name, Kind.IMAGE, String.class).parser(Function.identity()).formatter(Function.identity());
	}

	/** Images as a comma-separated list; the dialog and the SciJava command offer {@code slots} of them. */
	private static Param.Builder<List<String>> images(String name, int slots) {
		return Param.builder(name, Kind.IMAGE, Params.<String>listType()).parser(Params::split)
			.formatter(list -> String.join(",", list)).slots(slots);
	}

	/** The type of a list parameter's value. */
	@SuppressWarnings("unchecked")
	private static <E> Class<List<E>> listType() {
		return (Class<List<E>>) (Class<?>) List.class;
	}

	/** Comma-separated items, blanks around each ignored, empty items left out. */
	public static List<String> split(String text) {
		return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
	}

	private static List<Double> blendWeights(String text) {
		List<Double> weights = new java.util.ArrayList<>();
		for (String item : split(text)) {
			double w = finite(item, 0.0, null);
			weights.add(w);
		}
		if (weights.stream().allMatch(w -> w == 0)) throw new IllegalArgumentException("the weights are all 0");
		return List.copyOf(weights);
	}

	private static Param.Builder<Path> file(String name, Kind kind) {
		return Param.builder(name, kind, Path.class).parser(Params::path).formatter(Path::toString);
	}

	/** Layers with weights; none (empty text) for the network's defaults. Whether they exist depends on the network. */
	private static Param.Builder<LayerWeights> layers(String name) {
		return Param.builder(name, Kind.TEXT, LayerWeights.class).formatter(LayerWeights::toString)
			.parser(t -> LayerWeights.parse(t, name))
			.advice("give comma-separated layer names, e.g. relu1_1,relu2_1:0.5, or leave it empty for the network's default");
	}

	private static Param.Builder<Integer> integer(String name, int defaultValue, int min, int max) {
		return Param.builder(name, Kind.INTEGER, Integer.class).defaultValue(defaultValue)
			.range((double) min, (double) max).parser(t -> (int) whole(t, min, max)).formatter(String::valueOf);
	}

	private static Param.Builder<Double> number(String name, double defaultValue, Double min, Double max) {
		return Param.builder(name, Kind.NUMBER, Double.class).defaultValue(defaultValue).range(min, max)
			.parser(t -> finite(t, min, max)).formatter(NumberText::format);
	}

	/**
	 * The largest loss weight: the engine computes the weighted loss in 32-bit floats, which end at
	 * 3.4e38, and a term's value at the start reaches about 1e10 (the content loss of a large image),
	 * so a larger weight overflows it (the run would stop at its first evaluation).
	 */
	static final double MAX_WEIGHT = 1e20;

	/** A loss weight: a number from 0 to {@link #MAX_WEIGHT}. */
	private static Param.Builder<Double> weight(String name, double defaultValue) {
		return Param.builder(name, Kind.NUMBER, Double.class).defaultValue(defaultValue).range(0.0, MAX_WEIGHT)
			.parser(t -> {
				double v = finite(t, 0.0, null);
				if (v > MAX_WEIGHT) {
					throw new IllegalArgumentException(t + " is too large: the weighted loss, a 32-bit float (at most 3.4e38),"
						+ " would overflow");
				}
				return v;
			}).formatter(NumberText::format);
	}

	/** A number in [0, 1): 0 is off, 1 would never move. */
	private static Param.Builder<Double> fraction(String name) {
		return Param.builder(name, Kind.NUMBER, Double.class).defaultValue(0.0).range(0.0, 1.0)
			.parser(t -> {
				double v = finite(t, 0.0, null);
				if (v >= 1) throw new IllegalArgumentException(t + " is too large");
				return v;
			}).formatter(NumberText::format);
	}

	private static Param.Builder<Boolean> flag(String name) {
		return Param.builder(name, Kind.FLAG, Boolean.class).defaultValue(false).parser(Params::bool)
			.formatter(String::valueOf);
	}

	private static Param.Builder<String> choice(String name, String defaultValue,
		java.util.function.Supplier<List<String>> names)
	{
		return Param.builder(name, Kind.CHOICE, String.class).defaultValue(defaultValue).choices(names)
			.formatter(Function.identity()).parser(t -> choose(t, names.get()));
	}

	/** The choice a text names, in any case. */
	private static String choose(String text, List<String> all) {
		String wanted = text.toLowerCase(Locale.ROOT);
		if (all.contains(wanted)) return wanted;
		throw new BadValueException(null, "'" + text + "' is not a choice", "choose " + Param.orList(all));
	}

	private static <E extends Enum<E>> Param.Builder<E> choice(String name, Class<E> type, E defaultValue,
		Function<E, String> id, Function<String, E> parse)
	{
		List<String> ids = Arrays.stream(type.getEnumConstants()).map(id).toList();
		return Param.builder(name, Kind.CHOICE, type).defaultValue(defaultValue).choices(() -> ids).formatter(id)
			.parser(t -> {
				try {
					return parse.apply(t);
				}
				catch (IllegalArgumentException e) {
					throw new BadValueException(null, "'" + t + "' is not a choice", "choose " + Param.orList(ids));
				}
			});
	}

	/** A whole number in [min, max]; "300.0" (as ImageJ's dialogs may write it) is 300. */
	static long whole(String text, double min, double max) {
		double value;
		try {
			value = Double.parseDouble(text);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + text + "' is not a whole number");
		}
		if (!Double.isFinite(value) || value != Math.rint(value)) {
			throw new IllegalArgumentException("'" + text + "' is not a whole number");
		}
		checkRange(text, value, min, max);
		return (long) value;
	}

	private static double finite(String text, Double min, Double max) {
		double value;
		try {
			value = Double.parseDouble(text);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + text + "' is not a number");
		}
		if (!Double.isFinite(value)) throw new IllegalArgumentException(text + " is not a finite number");
		checkRange(text, value, min, max);
		return value;
	}

	/** Throws "x is too small" / "too large"; the row's advice then gives the range. */
	private static void checkRange(String text, double value, Double min, Double max) {
		if (min != null && value < min) throw new IllegalArgumentException(text + " is too small");
		if (max != null && value > max) throw new IllegalArgumentException(text + " is too large");
	}

	private static boolean bool(String text) {
		return switch (text.toLowerCase(Locale.ROOT)) {
			case "true", "yes", "on", "1" -> true;
			case "false", "no", "off", "0" -> false;
			default -> throw new IllegalArgumentException("'" + text + "' is neither true nor false");
		};
	}

	private static Path path(String text) {
		try {
			return Path.of(text);
		}
		catch (InvalidPathException e) {
			throw new IllegalArgumentException("'" + text + "' is not a file path (" + e.getReason() + ")");
		}
	}

	private static int channel(String text) {
		String c = text.toLowerCase(Locale.ROOT);
		if (c.equals("merged")) return 0;
		try {
			int n = Integer.parseInt(c);
			if (n >= 0) return n;
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException("'" + text + "' is neither merged nor a channel number");
	}
}

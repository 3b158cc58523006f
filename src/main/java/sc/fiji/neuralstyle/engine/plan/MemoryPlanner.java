package sc.fiji.neuralstyle.engine.plan;

import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.settings.StyleLossKind;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.settings.TileSize;
import sc.fiji.neuralstyle.engine.terms.style.SlicedStyleTerm;
import sc.fiji.neuralstyle.engine.tiles.FeatureGeometry;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.Layer;
import sc.fiji.neuralstyle.net.LayerSpec;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * Estimates the memory of a run and chooses tiles: whether a run fits the memory available, and if
 * not, which {@code tile_size} would. {@link #check} is the rule the parameter checks apply before
 * any work starts; the engine uses the same estimates to choose {@code tile_size=auto}.
 * <p>
 * A run needs (a) the network's activations for one pass over what is evaluated at once: the
 * whole image, or one tile with its margin of context; and (b) arrays as large as the image
 * whatever the tiles: the image, its gradient, the best image so far, the optimiser's state
 * (L-BFGS keeps 2 × history_size + 3 of them), the content features, and on the CPU the images the
 * Java side holds. Tiles bound (a) only. Both are linear in the number of pixels; the constants were
 * measured with PyTorch 2.7.1 on the CPU (docs/benchmarks.md, "Large images"), and a CUDA device is assumed to
 * need the same.
 */
public final class MemoryPlanner {

	/**
	 * Bytes one pass with gradient needs per element of all layer outputs up to the deepest layer
	 * (convolutions, ReLUs and poolings counted alike; 610 elements per pixel for VGG19 to relu5_1):
	 * autograd keeps about half of them, and the backward pass needs room for the gradients of the
	 * largest layers. Measured: 2.03 kB per pixel at 512, 1024 and 2048 px (bench/calibrate_memory.sh).
	 */
	static final double GRADIENT_PASS_BYTES_PER_ELEMENT = 3.4;
	/**
	 * A tile's pass needs this much more than a single pass over a crop of its size: the crop's
	 * gradient is added into the image's, and the cores' features are sliced out (measured 1.16).
	 */
	static final double TILE_PASS_FACTOR = 1.2;
	/**
	 * Bytes a pass without gradient needs per element of its largest layer's input and output
	 * (measured: 0.73 kB per pixel for VGG19 to relu5_1, whose largest pair has 128 elements).
	 */
	static final double FORWARD_PASS_BYTES_PER_ELEMENT = 6.0;
	/** What PyTorch takes besides the arrays in a pass (work space, allocator slack). */
	static final long PASS_OVERHEAD_BYTES = 64L << 20;
	/** Image-sized arrays outside the optimiser: image, gradient, best image, evaluation copies. */
	static final int BASE_IMAGE_ARRAYS = 5;
	/** Image-sized float arrays the Java side holds on the CPU: input, stage images, best image, result. */
	static final int JAVA_IMAGE_ARRAYS = 5;

	/**
	 * Bytes per projected value of {@code style_loss=sliced} at a style layer (K = N values per
	 * position): the projections kept over the tiles, and while sorting them the sorted copy, the
	 * sort's indices (64-bit) and the gradient.
	 */
	static final int SLICED_BYTES_PER_VALUE = 28;

	private final Architecture architecture;
	private final List<String> contentLayers;
	private final List<String> styleLayers;
	private final List<String> layers;
	private final FeatureGeometry geometry;
	private final StyleLossKind styleLoss;
	private final boolean averaged;

	private MemoryPlanner(Architecture architecture, List<String> contentLayers, List<String> styleLayers,
		StyleLossKind styleLoss, boolean averaged)
	{
		this.architecture = architecture;
		this.styleLoss = styleLoss;
		this.averaged = averaged;
		this.contentLayers = List.copyOf(contentLayers);
		this.styleLayers = List.copyOf(styleLayers);
		LinkedHashSet<String> all = new LinkedHashSet<>(contentLayers);
		all.addAll(styleLayers);
		this.layers = List.copyOf(all);
		this.geometry = FeatureGeometry.of(architecture, layers);
	}

	/**
	 * A planner for a network and the layers a run uses.
	 *
	 * @param contentLayers the content layers (empty if content_weight is 0)
	 * @param styleLayers the style layers (empty if style_weight is 0)
	 * @throws IllegalArgumentException for an unknown layer, or no layers at all
	 */
	public static MemoryPlanner of(Architecture architecture, Collection<String> contentLayers,
		Collection<String> styleLayers)
	{
		return new MemoryPlanner(architecture, List.copyOf(contentLayers), List.copyOf(styleLayers), StyleLossKind.GRAM, false);
	}

	/**
	 * This planner for a run of these settings: its style loss and average add image-sized arrays
	 * (the average and its copy; sliced's projections).
	 */
	public MemoryPlanner forRun(StyleSettings settings) {
		return new MemoryPlanner(architecture, contentLayers, styleLayers, settings.styleLoss(), settings.average() > 0);
	}

	/** The planner for the network and layers of these settings (defaults resolved). */
	public static MemoryPlanner of(StyleSettings settings) {
		List<String> content = settings.contentWeight() > 0 ? settings.contentLayersUsed().names() : List.of();
		List<String> style = settings.styleWeight() > 0 ? settings.styleLayersUsed().names() : List.of();
		return of(settings.architecture(), content, style).forRun(settings);
	}

	/** The context in pixels that each tile carries on every side. */
	public int margin() {
		return geometry.margin();
	}

	/** Tile sides are multiples of this (the deepest layer's stride). */
	public int alignment() {
		return geometry.alignment();
	}

	FeatureGeometry geometry() {
		return geometry;
	}

	/** Bytes of one forward and backward pass over a {@code width × height} image or crop. */
	public long gradientPassBytes(int width, int height) {
		Shapes shapes = shapes(width, height, deepest(layers));
		long elements = 0;
		for (int i = 0; i < shapes.channels.length; i++) elements += shapes.elements(i);
		return (long) (GRADIENT_PASS_BYTES_PER_ELEMENT * elements) + PASS_OVERHEAD_BYTES;
	}

	/** Bytes of one forward pass without gradient to the given layers (targets, tiles' pass 1). */
	public long forwardPassBytes(int width, int height, Collection<String> toLayers) {
		Shapes shapes = shapes(width, height, deepest(toLayers));
		List<Layer> graph = architecture.layers();
		long largest = 0;
		for (int i = 0; i < shapes.channels.length; i++) {
			// A step holds its inputs and its output at once.
			long in = 0;
			for (int input : graph.get(i).inputs()) {
				in += input == Layer.NETWORK_INPUT ? 3L * width * height : shapes.elements(input);
			}
			largest = Math.max(largest, in + shapes.elements(i));
		}
		return (long) (FORWARD_PASS_BYTES_PER_ELEMENT * largest) + PASS_OVERHEAD_BYTES;
	}

	/** Output width, height and channels of every step up to {@code deepest}, by position. */
	private record Shapes(int[] widths, int[] heights, int[] channels) {

		long elements(int i) {
			return (long) channels[i] * widths[i] * heights[i];
		}
	}

	private Shapes shapes(int width, int height, int deepest) {
		List<Layer> graph = architecture.layers();
		int[] w = new int[deepest + 1], h = new int[deepest + 1], c = new int[deepest + 1];
		for (int i = 0; i <= deepest; i++) {
			Layer step = graph.get(i);
			int inW = Integer.MAX_VALUE, inH = Integer.MAX_VALUE, inC = 0;
			for (int input : step.inputs()) {
				boolean image = input == Layer.NETWORK_INPUT;
				inW = Math.min(inW, image ? width : w[input]);
				inH = Math.min(inH, image ? height : h[input]);
				inC += image ? 3 : c[input];
			}
			LayerSpec spec = step.spec();
			w[i] = inW < 1 ? 0 : Math.max(0, spec.outputSide(inW));
			h[i] = inH < 1 ? 0 : Math.max(0, spec.outputSide(inH));
			// A concatenation's channels are its inputs' together; a convolution sets its own.
			c[i] = spec instanceof LayerSpec.Conv conv ? conv.outChannels() : inC;
		}
		return new Shapes(w, h, c);
	}

	private int deepest(Collection<String> names) {
		int deepest = 0;
		for (String name : names) deepest = Math.max(deepest, architecture.layerIndex(name));
		return deepest;
	}

	/**
	 * Bytes of the arrays as large as the image, which tiles do not reduce.
	 *
	 * @param channels 1 (gray) or 3
	 * @param historySize L-BFGS's pairs (ignored for the others)
	 * @param javaSide whether the Java side's images share this memory (the CPU)
	 */
	public long imageBytes(int width, int height, int channels, OptimizerKind optimizer, int historySize,
		boolean javaSide)
	{
		long image = 4L * channels * width * height;
		int optimizerArrays = switch (optimizer) {
			case LBFGS -> 2 * historySize + 3;
			case ADAM -> 4;
			case SGD -> 2;
		};
		long bytes = image * (BASE_IMAGE_ARRAYS + optimizerArrays);
		for (String layer : contentLayers) {
			long channelsOut = channelsOf(layer);
			bytes += 4L * channelsOut * geometry.featureLength(layer, width) * geometry.featureLength(layer, height);
		}
		if (javaSide) bytes += javaBytes(width, height);
		if (averaged) bytes += 2 * image;
		if (styleLoss == StyleLossKind.SLICED) {
			for (String layer : styleLayers) {
				bytes += (long) (SLICED_BYTES_PER_VALUE * channelsOf(layer) * SlicedStyleTerm.DIRECTIONS_PER_CHANNEL)
					* geometry.featureLength(layer, width) * geometry.featureLength(layer, height);
			}
		}
		return bytes;
	}

	private long channelsOf(String layer) {
		int index = architecture.layerIndex(layer);
		return shapes(1, 1, index).channels()[index];
	}

	/** Bytes of the network's pass over one tile of this side with its margins. */
	public long tileBytes(int tile) {
		int crop = tile + 2 * margin();
		return (long) (TILE_PASS_FACTOR * gradientPassBytes(crop, crop));
	}

	/**
	 * How one image is evaluated.
	 *
	 * @param tile the side of the tiles, 0 for the whole image in one pass
	 * @param passBytes the network's memory for that
	 * @param imageBytes the memory of the image-sized arrays
	 */
	public record Choice(int tile, long passBytes, long imageBytes) {

		/** Both together. */
		public long bytes() {
			return passBytes + imageBytes;
		}
	}

	/**
	 * How to evaluate an image of this size: whole when {@code requested} is {@link TileSize#WHOLE},
	 * whole or the largest tile that fits when it is {@link TileSize#AUTO} (whole whenever the whole
	 * image fits), else tiles of the requested side (rounded down to the alignment; whole if the
	 * image is no larger). The choice may not fit: compare {@link Choice#bytes()} with what is free.
	 */
	public Choice choose(int width, int height, int channels, TileSize requested, OptimizerKind optimizer,
		int historySize, boolean javaSide, long available)
	{
		long image = imageBytes(width, height, channels, optimizer, historySize, javaSide);
		long whole = gradientPassBytes(width, height);
		if (requested.isWhole()) return new Choice(0, whole, image);
		if (requested.isAuto()) {
			if (whole + image <= available) return new Choice(0, whole, image);
			int tile = largestTile(available - image);
			if (tile == 0) tile = smallestTile();
			return tile >= Math.max(width, height) ? new Choice(0, whole, image) : new Choice(tile, tileBytes(tile), image);
		}
		int tile = Math.max(alignment(), requested.pixels() / alignment() * alignment());
		if (tile >= Math.max(width, height)) return new Choice(0, whole, image);
		return new Choice(tile, tileBytes(tile), image);
	}

	/** The smallest tile side the engine uses. */
	int smallestTile() {
		return FeatureGeometry.roundUp(TileSize.MIN_PIXELS, alignment());
	}

	/** A bound on tile sides: four times the largest {@code size} (8192). */
	private static final int LARGEST_TILE = 32768;

	/** The largest tile side (a multiple of the alignment) whose pass fits, or 0 if none does. */
	public int largestTile(long bytes) {
		int tile = 0;
		for (int side = smallestTile(); side <= LARGEST_TILE; side += alignment()) {
			if (tileBytes(side) > bytes) break;
			tile = side;
		}
		return tile;
	}

	/**
	 * The check the parameter rules run before a run starts: whether the run fits the memory
	 * available, at every scale, with the requested {@code tile_size}. The engine runs it again when
	 * a run starts.
	 *
	 * @param settings the run's settings
	 * @param contentWidth the content image's width before resizing (only its aspect ratio counts)
	 * @param contentHeight its height
	 * @param channels 1 for gray content, 3 for colour
	 * @param styleWidth the style image's width before resizing (only its aspect ratio counts)
	 * @param styleHeight its height
	 * @param availableBytes the memory free for the run ({@link #available})
	 * @param javaSide whether the Java side's images share that memory (true on the CPU)
	 * @return what does not fit, or empty if the run fits
	 */
	public static Optional<RunProblem> check(StyleSettings settings, int contentWidth, int contentHeight, int channels,
		int styleWidth, int styleHeight, long availableBytes, boolean javaSide)
	{
		return check(settings, contentWidth, contentHeight, channels, styleWidth, styleHeight,
			new MemoryProbe.Reading(availableBytes, "given", Long.MAX_VALUE), javaSide);
	}

	/**
	 * {@link #check(StyleSettings, int, int, int, int, int, long, boolean)} with a probe's reading,
	 * whose heap figure bounds the Java side's images (on the CPU).
	 */
	public static Optional<RunProblem> check(StyleSettings settings, int contentWidth, int contentHeight, int channels,
		int styleWidth, int styleHeight, MemoryProbe.Reading available, boolean javaSide)
	{
		MemoryPlanner planner = of(settings);
		List<Stages.Stage> stages = Stages.plan(contentWidth, contentHeight, settings.size(), settings.scales(),
			Math.max(settings.iterations(), settings.scales()));
		for (Stages.Stage stage : stages) {
			StagePlan plan = planner.plan(settings, stage, channels, styleWidth, styleHeight, available.bytes(), javaSide);
			if (plan.problem() != null) return Optional.of(plan.problem());
		}
		if (javaSide) {
			Stages.Stage last = stages.get(stages.size() - 1);
			long java = javaBytes(last.width(), last.height());
			if (java > available.heapBytes()) {
				return Optional.of(new RunProblem("size", "at " + last.width() + "×" + last.height() + " px the images Java "
					+ "holds need about " + gib(java) + ", more than Java's heap of at most " + gib(available.heapBytes()),
					"give Java more memory (Fiji: Edit > Options > Memory & Threads; command line: "
						+ "NEURAL_STYLE_JAVA_OPTS=-Xmx16g), or lower size"));
			}
		}
		return Optional.empty();
	}

	/** The Java side's image-sized float arrays at a size (inside Java's heap, unlike PyTorch's memory). */
	static long javaBytes(int width, int height) {
		return 4L * 3 * width * height * JAVA_IMAGE_ARRAYS;
	}

	/**
	 * How the engine evaluates one stage.
	 *
	 * @param tile the tile side the objective cuts images larger than it into, 0 for none
	 * @param choice the generated image's evaluation and its memory
	 * @param styleBytes the memory of the style image's forward passes
	 * @param problem what does not fit, as {@link #check} says it, or null
	 */
	record StagePlan(int tile, Choice choice, long styleBytes, RunProblem problem) {}

	/** The plan of one stage. */
	StagePlan plan(StyleSettings settings, Stages.Stage stage, int channels, int styleWidth, int styleHeight,
		long available, boolean javaSide)
	{
		int w = stage.width(), h = stage.height();
		int styleSide = Math.max(1, (int) Math.round(stage.side() * settings.styleScale()));
		int[] style = Resampler.fitLongestSide(styleWidth, styleHeight, styleSide);
		TileSize requested = settings.tileSize();
		Choice choice = choose(w, h, channels, requested, settings.optimizer(), settings.historySize(), javaSide,
			available);
		// Tiles for the targets too: the requested side, or with auto the largest that fits the passes.
		int tile = requested.isWhole() ? 0 : requested.isAuto() ? (choice.tile() > 0 ? choice.tile()
			: Math.max(smallestTile(), largestTile(available - choice.imageBytes()))) : choice.tile() > 0 ? choice.tile()
			: Math.max(alignment(), requested.pixels() / alignment() * alignment());
		boolean styleTiled = tile > 0 && Math.max(style[0], style[1]) > tile;
		int styleCrop = tile + 2 * margin();
		long styleBytes = styleTiled ? forwardPassBytes(Math.min(styleCrop, style[0]), Math.min(styleCrop, style[1]),
			styleLayers) : styleLayers.isEmpty() ? 0 : forwardPassBytes(style[0], style[1], styleLayers);
		if (requested.isAuto() && choice.tile() == 0 && !styleTiled) {
			// The whole image fits: tile only the style image, if that one does not.
			tile = styleBytes <= available ? 0 : tile;
			if (tile > 0) {
				styleBytes = forwardPassBytes(Math.min(styleCrop, style[0]), Math.min(styleCrop, style[1]), styleLayers);
			}
		}
		String at = w + "×" + h + " px" + (settings.scales() > 1 ? " (scale " + (stage.index() + 1) + " of "
			+ settings.scales() + ")" : "");
		RunProblem problem = null;
		if (choice.imageBytes() + tileBytes(smallestTile()) > available) {
			String lbfgs = settings.optimizer() == OptimizerKind.LBFGS
				? " (L-BFGS keeps 2 × history_size + 3 image-sized arrays: lower history_size, or use optimizer=adam)"
				: "";
			problem = new RunProblem("size", "at " + at + " the image, its gradient and the optimiser's state alone need "
				+ "about " + gib(choice.imageBytes()) + ", and " + gib(available) + " are available, whatever tile_size"
				+ lbfgs, "lower size" + (lbfgs.isEmpty() ? "" : " or history_size"));
		}
		else if (choice.bytes() > available) {
			int fits = largestTile(available - choice.imageBytes());
			String what = choice.tile() == 0 ? "one pass over the whole " + at + " image"
				: "tiles of " + choice.tile() + " px (with " + margin() + " px of context on each side) at " + at;
			problem = new RunProblem("tile_size", what + " needs about " + gib(choice.bytes()) + " but " + gib(available)
				+ " are available", "set tile_size=" + fits + " (the largest tile that fits) or tile_size=auto");
		}
		else if (styleBytes > available) {
			int fits = largestTile(available);
			problem = new RunProblem("tile_size", "the style image at " + style[0] + "×" + style[1] + " px needs about "
				+ gib(styleBytes) + " for one pass but " + gib(available) + " are available", "set tile_size=" + fits
				+ " or tile_size=auto, or lower style_scale");
		}
		return new StagePlan(tile, choice, styleBytes, problem);
	}

	/** Bytes as GiB with one decimal, e.g. "3.2 GiB". */
	static String gib(long bytes) {
		return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
	}

	/**
	 * The memory free for a run on a device: for a GPU what CUDA reports free; for the CPU what the
	 * probe reads (the system's: {@code MemAvailable}, or a container's limit where one applies).
	 */
	public static MemoryProbe.Reading available(Device device, MemoryProbe cpu) {
		if (device.isGpu()) {
			MemoryUsage usage = CudaUtils.getGpuMemory(device);
			return new MemoryProbe.Reading(usage.getMax() - usage.getUsed(), "CUDA's free memory on GPU "
				+ device.getDeviceId(), Runtime.getRuntime().maxMemory());
		}
		return cpu.available();
	}

	/** The layers this planner was made for, content first. */
	public List<String> layers() {
		return new ArrayList<>(layers);
	}

	/** The style layers (for the style image's passes). */
	List<String> styleLayers() {
		return styleLayers;
	}
}

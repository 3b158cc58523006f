package sc.fiji.neuralstyle.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * Everything that defines one style-transfer run, immutable. Build with {@link #builder()}; every
 * field has a default following Gatys et al. and their code. Field names follow the parameter
 * names of the command line, the dialog and the macro options (snake_case there).
 *
 * @param network model name, a {@code models/<name>.json} descriptor: vgg19, vgg16, alexnet, …
 * @param weights a local {@code .pth} file overriding the descriptor's download, or null
 * @param contentLayers content layers (null: the network's default)
 * @param styleLayers style layers with weights (null: the network's default, equal weights)
 * @param contentWeight α, the weight of the content loss
 * @param styleWeight β, the weight of the style loss
 * @param tvWeight weight of the total-variation loss (0: off)
 * @param optimizer L-BFGS, Adam or SGD
 * @param iterations number of loss evaluations
 * @param learningRate optimiser step size; NaN for the optimiser's default
 * @param init the start image
 * @param pooling max or average pooling in the network
 * @param size the longest side of the output in pixels
 * @param styleScale the style image is resized to the content size times this
 * @param seed seed of the noise init; runs on the CPU are repeatable
 * @param device auto, cpu, gpu or gpu:N
 * @param preserveColors keep the content's colours, take the luminance from the result
 * @param historySize L-BFGS history (pairs kept)
 * @param lineSearch L-BFGS strong-Wolfe line search
 * @param scales number of resolutions, coarse to fine, each twice the previous and the last at
 *          {@code size}; each starts from the previous one's result, upsampled ({@link Stages}
 *          says how {@code iterations} is split over them)
 * @param tileSize evaluate the loss over the whole image at once, in tiles of a given side, or in
 *          the largest tiles that fit the free memory; tiles bound the network's memory, not the
 *          result ({@link MemoryPlanner})
 */
public record StyleSettings(String network, Path weights, LayerWeights contentLayers,
	LayerWeights styleLayers, double contentWeight, double styleWeight, double tvWeight,
	OptimizerKind optimizer, int iterations, double learningRate, Init init, Pooling pooling, int size,
	double styleScale, long seed, String device, boolean preserveColors, int historySize,
	boolean lineSearch, int scales, TileSize tileSize)
{
	public static final String DEFAULT_NETWORK = "vgg19";
	public static final double DEFAULT_CONTENT_WEIGHT = 1;
	/** α/β = 1e-3, the ratio the original study found good. */
	public static final double DEFAULT_STYLE_WEIGHT = 1e3;
	public static final int DEFAULT_ITERATIONS = 300;
	public static final int DEFAULT_SIZE = 512;
	public static final int DEFAULT_HISTORY_SIZE = 10;
	/** Largest output side accepted; beyond it VGG's activations need tens of GB. */
	public static final int MAX_SIZE = 8192;

	public StyleSettings {
		Objects.requireNonNull(network, "network");
		Objects.requireNonNull(optimizer, "optimizer");
		Objects.requireNonNull(init, "init");
		Objects.requireNonNull(pooling, "pooling");
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(tileSize, "tileSize");
		check(!network.isBlank(), "network is empty: use vgg19, vgg16 or alexnet");
		check(finiteAtLeast(contentWeight, 0), "content_weight must be a number >= 0, got " + contentWeight);
		check(finiteAtLeast(styleWeight, 0), "style_weight must be a number >= 0, got " + styleWeight);
		check(finiteAtLeast(tvWeight, 0), "tv_weight must be a number >= 0, got " + tvWeight);
		check(contentWeight > 0 || styleWeight > 0,
			"content_weight and style_weight are both 0: nothing to optimise; set style_weight > 0");
		check(iterations >= 1, "iterations must be at least 1, got " + iterations);
		check(Double.isNaN(learningRate) || (Double.isFinite(learningRate) && learningRate > 0),
			"learning_rate must be a number > 0, got " + learningRate);
		check(size >= 16 && size <= MAX_SIZE, "size must be between 16 and " + MAX_SIZE + " pixels, got " + size);
		check(Double.isFinite(styleScale) && styleScale > 0 && styleScale <= 8,
			"style_scale must be > 0 and <= 8, got " + styleScale);
		check(historySize >= 1 && historySize <= 1000, "history_size must be between 1 and 1000, got " + historySize);
		Devices.checkSyntax(device);
	}

	private static boolean finiteAtLeast(double value, double min) {
		return Double.isFinite(value) && value >= min;
	}

	private static void check(boolean ok, String message) {
		if (!ok) throw new IllegalArgumentException(message);
	}

	/** The learning rate to use: the given one, or the optimiser's default. */
	public double effectiveLearningRate() {
		return Double.isNaN(learningRate) ? optimizer.defaultLearningRate() : learningRate;
	}

	/** α/β, shown to users because the original study discusses results by this ratio. */
	public double contentStyleRatio() {
		return styleWeight == 0 ? Double.POSITIVE_INFINITY : contentWeight / styleWeight;
	}

	/** A builder with every default set. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder starting from these settings. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * The settings as parameter name → value text, in the shared snake_case names, for the image's
	 * info, the log and the macro recorder. Layer lists are written out even when defaulted.
	 */
	public Map<String, String> describe(String resolvedContentLayers, String resolvedStyleLayers) {
		Map<String, String> m = new LinkedHashMap<>();
		m.put("network", network);
		if (weights != null) m.put("weights", weights.toString());
		m.put("content_layers", resolvedContentLayers);
		m.put("style_layers", resolvedStyleLayers);
		m.put("content_weight", Double.toString(contentWeight));
		m.put("style_weight", Double.toString(styleWeight));
		m.put("tv_weight", Double.toString(tvWeight));
		m.put("optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
		m.put("iterations", Integer.toString(iterations));
		m.put("learning_rate", Double.toString(effectiveLearningRate()));
		m.put("init", init.toString());
		m.put("pooling", pooling.name().toLowerCase(java.util.Locale.ROOT));
		m.put("size", Integer.toString(size));
		m.put("style_scale", Double.toString(styleScale));
		m.put("seed", Long.toString(seed));
		m.put("device", device);
		m.put("preserve_colors", Boolean.toString(preserveColors));
		if (optimizer == OptimizerKind.LBFGS) {
			m.put("history_size", Integer.toString(historySize));
			m.put("line_search", Boolean.toString(lineSearch));
		}
		m.put("scales", Integer.toString(scales));
		m.put("tile_size", tileSize.toString());
		return m;
	}

	/** Builds {@link StyleSettings}; unset values keep their defaults. */
	public static final class Builder {

		private String network = DEFAULT_NETWORK;
		private Path weights;
		private LayerWeights contentLayers;
		private LayerWeights styleLayers;
		private double contentWeight = DEFAULT_CONTENT_WEIGHT;
		private double styleWeight = DEFAULT_STYLE_WEIGHT;
		private double tvWeight = 0;
		private OptimizerKind optimizer = OptimizerKind.LBFGS;
		private int iterations = DEFAULT_ITERATIONS;
		private double learningRate = Double.NaN;
		private Init init = Init.CONTENT;
		private Pooling pooling = Pooling.AVG;
		private int size = DEFAULT_SIZE;
		private double styleScale = 1;
		private long seed = 0;
		private String device = "auto";
		private boolean preserveColors;
		private int historySize = DEFAULT_HISTORY_SIZE;
		private boolean lineSearch;
		/** One resolution: the run works at {@code size} only. */
		private int scales = 1;
		/** The whole image in one pass. */
		private TileSize tileSize = TileSize.WHOLE;

		private Builder() {}

		private Builder(StyleSettings s) {
			network = s.network;
			weights = s.weights;
			contentLayers = s.contentLayers;
			styleLayers = s.styleLayers;
			contentWeight = s.contentWeight;
			styleWeight = s.styleWeight;
			tvWeight = s.tvWeight;
			optimizer = s.optimizer;
			iterations = s.iterations;
			learningRate = s.learningRate;
			init = s.init;
			pooling = s.pooling;
			size = s.size;
			styleScale = s.styleScale;
			seed = s.seed;
			device = s.device;
			preserveColors = s.preserveColors;
			historySize = s.historySize;
			lineSearch = s.lineSearch;
			scales = s.scales;
			tileSize = s.tileSize;
		}

		public Builder network(String v) { network = v; return this; }
		public Builder weights(Path v) { weights = v; return this; }
		/** Content layers as text, e.g. {@code relu4_2}; null or blank for the network's default. */
		public Builder contentLayers(String v) { contentLayers = blank(v) ? null : LayerWeights.parse(v, "content_layers"); return this; }
		/** Style layers as text, e.g. {@code relu1_1,relu2_1:0.5}; null or blank for the network's default. */
		public Builder styleLayers(String v) { styleLayers = blank(v) ? null : LayerWeights.parse(v, "style_layers"); return this; }
		public Builder contentWeight(double v) { contentWeight = v; return this; }
		public Builder styleWeight(double v) { styleWeight = v; return this; }
		public Builder tvWeight(double v) { tvWeight = v; return this; }
		public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
		public Builder iterations(int v) { iterations = v; return this; }
		/** NaN for the optimiser's default. */
		public Builder learningRate(double v) { learningRate = v; return this; }
		public Builder init(Init v) { init = v; return this; }
		public Builder pooling(Pooling v) { pooling = v; return this; }
		public Builder size(int v) { size = v; return this; }
		public Builder styleScale(double v) { styleScale = v; return this; }
		public Builder seed(long v) { seed = v; return this; }
		public Builder device(String v) { device = v; return this; }
		public Builder preserveColors(boolean v) { preserveColors = v; return this; }
		public Builder historySize(int v) { historySize = v; return this; }
		public Builder lineSearch(boolean v) { lineSearch = v; return this; }
		/** Number of resolutions, coarse to fine (1: only {@code size}). */
		public Builder scales(int v) { scales = v; return this; }
		/** Whole image, tiles of a side, or auto. */
		public Builder tileSize(TileSize v) { tileSize = v; return this; }

		private static boolean blank(String v) {
			return v == null || v.isBlank();
		}

		/**
		 * The settings.
		 *
		 * @throws IllegalArgumentException naming the parameter that is out of range
		 */
		public StyleSettings build() {
			return new StyleSettings(network, weights, contentLayers, styleLayers, contentWeight, styleWeight,
				tvWeight, optimizer, iterations, learningRate, init, pooling, size, styleScale, seed, device,
				preserveColors, historySize, lineSearch, scales, tileSize);
		}
	}
}

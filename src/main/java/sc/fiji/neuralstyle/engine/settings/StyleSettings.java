package sc.fiji.neuralstyle.engine.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.Padding;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * Everything that defines one style-transfer run for the engine, immutable. The defaults, ranges and
 * checks of these values belong to the parameter table ({@code sc.fiji.neuralstyle.params.Params},
 * whose {@code defaultSettings()} is the usual start); the engine takes the values as checked there.
 *
 * @param network the feature network, resolved: its descriptor ({@code models/<name>.json}: vgg19, vgg16,
 *          alexnet, …) and architecture
 * @param weights a local {@code .pth} file overriding the descriptor's download, or null
 * @param contentLayers content layers (null: the network's default)
 * @param styleLayers style layers with weights (null: the network's default, equal weights)
 * @param contentWeight α, the weight of the content loss
 * @param styleWeight β, the weight of the style loss
 * @param tvWeight weight of the total-variation loss (0: off)
 * @param optimizer L-BFGS, Adam or SGD
 * @param iterations number of loss evaluations
 * @param learningRate optimiser step size; 0 for the optimiser's default
 * @param init the start image
 * @param pooling max or average pooling in the network
 * @param size the longest side of the output in pixels
 * @param styleScale the style image is resized to the content size times this
 * @param seed seed of the noise init; runs on the CPU are repeatable
 * @param device auto, cpu, gpu or gpu:N, typed
 * @param preserveColors what the result does with the content's colours
 * @param styleBlendWeights with several style images, the weight of each (normalised to sum 1 when
 *          used); empty for equal weights
 * @param historySize L-BFGS history (pairs kept)
 * @param lineSearch L-BFGS strong-Wolfe line search
 * @param scales number of resolutions, coarse to fine, each twice the previous and the last at
 *          {@code size}; each starts from the previous one's result, upsampled ({@code Stages}
 *          says how {@code iterations} is split over them)
 * @param tileSize evaluate the loss over the whole image at once, in tiles of a given side, or in
 *          the largest tiles that fit the free memory; tiles bound the network's memory, not the
 *          result ({@code MemoryPlanner})
 * @param styleLoss how the style term compares features: Gram matrices, Wasserstein-2 between
 *          Gaussians, or sliced Wasserstein
 * @param average the decay of an exponential moving average of the iterates that is the result
 *          (bias-corrected, as Adam's moments); 0: off, the best iterate is the result
 * @param normalizeGradients each content and style layer's gradient divided by its L1 norm before
 *          its weight is applied (jcjohnson/neural-style's -normalize_gradients)
 * @param stopTolerance stop a stage when its best loss improved by less than this fraction over the
 *          last {@code stopWindow} iterations; 0: run every iteration
 * @param stopWindow the iterations over which stopTolerance compares
 * @param padding how the first convolution pads the image
 * @param temporalWeight weight of the temporal term, which holds a plane of a sequence to the earlier
 *          results moved by the optical flow (0: planes start from the previous result as it is)
 * @param temporalFrames which earlier planes the temporal term looks at (1: the previous one), ascending
 */
public record StyleSettings(NetworkChoice network, Path weights, LayerWeights contentLayers,
	LayerWeights styleLayers, double contentWeight, double styleWeight, double tvWeight,
	OptimizerKind optimizer, int iterations, double learningRate, Init init, Pooling pooling, int size,
	double styleScale, long seed, ComputeDevice device, ColorMode preserveColors, int historySize,
	boolean lineSearch, List<Double> styleBlendWeights, int scales, TileSize tileSize, StyleLossKind styleLoss,
	double average, boolean normalizeGradients, double stopTolerance, int stopWindow, Padding padding,
	double temporalWeight, TemporalFrames temporalFrames)
{
	public StyleSettings {
		Objects.requireNonNull(network, "network");
		Objects.requireNonNull(optimizer, "optimizer");
		Objects.requireNonNull(init, "init");
		Objects.requireNonNull(pooling, "pooling");
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(preserveColors, "preserveColors");
		Objects.requireNonNull(tileSize, "tileSize");
		Objects.requireNonNull(styleLoss, "styleLoss");
		Objects.requireNonNull(padding, "padding");
		Objects.requireNonNull(temporalFrames, "temporalFrames");
		styleBlendWeights = List.copyOf(styleBlendWeights);
	}

	/**
	 * The blend weights of {@code styles} style images, normalised to sum 1: equal when none are
	 * given.
	 */
	public double[] blendWeights(int styles) {
		double[] w = new double[styles];
		double max = 0;
		for (int i = 0; i < styles; i++) {
			w[i] = styleBlendWeights.isEmpty() ? 1 : styleBlendWeights.get(i);
			max = Math.max(max, w[i]);
		}
		// Divided by the largest first: the sum of weights near Double.MAX_VALUE would overflow to infinity.
		double sum = 0;
		for (int i = 0; i < styles; i++) {
			w[i] /= max;
			sum += w[i];
		}
		for (int i = 0; i < styles; i++) w[i] /= sum;
		return w;
	}

	/** The content layers of the run: these settings', or the network's defaults when they give none. */
	public LayerWeights contentLayersUsed() {
		return contentLayers != null ? contentLayers : network.defaultContentLayers();
	}

	/** The style layers of the run: these settings', or the network's defaults (which carry weights). */
	public LayerWeights styleLayersUsed() {
		return styleLayers != null ? styleLayers : network.defaultStyleLayers();
	}

	/** The network's architecture (its layer graph). */
	public Architecture architecture() {
		return network.architecture();
	}

	/**
	 * Whether temporal coherence acts on a sequence of {@code planes} planes: a temporal weight above 0
	 * and more than one plane (the one place of that rule, for the engine and the checks).
	 */
	public boolean holdsPlanesTogether(int planes) {
		return temporalWeight > 0 && planes > 1;
	}

	/** The learning rate to use: the given one, or the optimiser's default for 0. */
	public double effectiveLearningRate() {
		return learningRate == 0 ? optimizer.defaultLearningRate() : learningRate;
	}

	/** A builder with nothing set: start from the parameter table's defaults instead, or {@link #toBuilder()}. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder starting from these settings. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Builds {@link StyleSettings}. */
	public static final class Builder {

		private NetworkChoice network;
		private Path weights;
		private LayerWeights contentLayers;
		private LayerWeights styleLayers;
		private double contentWeight;
		private double styleWeight;
		private double tvWeight;
		private OptimizerKind optimizer;
		private int iterations;
		private double learningRate;
		private Init init;
		private Pooling pooling;
		private int size;
		private double styleScale;
		private long seed;
		private ComputeDevice device;
		private ColorMode preserveColors = ColorMode.NONE;
		private int historySize;
		private boolean lineSearch;
		private List<Double> styleBlendWeights = List.of();
		private int scales = 1;
		private TileSize tileSize = TileSize.WHOLE;
		private StyleLossKind styleLoss = StyleLossKind.GRAM;
		private double average;
		private boolean normalizeGradients;
		private double stopTolerance;
		private int stopWindow = 50;
		private Padding padding = Padding.ZEROS;
		private double temporalWeight;
		private TemporalFrames temporalFrames = TemporalFrames.PREVIOUS;

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
			styleBlendWeights = s.styleBlendWeights;
			scales = s.scales;
			tileSize = s.tileSize;
			styleLoss = s.styleLoss;
			average = s.average;
			normalizeGradients = s.normalizeGradients;
			stopTolerance = s.stopTolerance;
			stopWindow = s.stopWindow;
			temporalWeight = s.temporalWeight;
			temporalFrames = s.temporalFrames;
			padding = s.padding;
		}

		public Builder network(NetworkChoice v) { network = v; return this; }
		/** The network of a name ({@link NetworkChoice#named}), for callers that hold a name (tests, tools). */
		public Builder network(String name) { network = NetworkChoice.named(name); return this; }
		public Builder weights(Path v) { weights = v; return this; }
		/** Null for the network's default. */
		public Builder contentLayers(LayerWeights v) { contentLayers = v; return this; }
		/** Null for the network's default. */
		public Builder styleLayers(LayerWeights v) { styleLayers = v; return this; }
		/** Content layers as text, e.g. {@code relu4_2}, for callers that hold text (tests, tools); null or blank for the network's default. */
		public Builder contentLayers(String v) { contentLayers = blank(v) ? null : LayerWeights.parse(v, "content_layers"); return this; }
		/** Style layers as text, e.g. {@code relu1_1,relu2_1:0.5}, for callers that hold text (tests, tools); null or blank for the network's default. */
		public Builder styleLayers(String v) { styleLayers = blank(v) ? null : LayerWeights.parse(v, "style_layers"); return this; }
		public Builder contentWeight(double v) { contentWeight = v; return this; }
		public Builder styleWeight(double v) { styleWeight = v; return this; }
		public Builder tvWeight(double v) { tvWeight = v; return this; }
		public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
		public Builder iterations(int v) { iterations = v; return this; }
		/** 0 for the optimiser's default. */
		public Builder learningRate(double v) { learningRate = v; return this; }
		public Builder init(Init v) { init = v; return this; }
		public Builder pooling(Pooling v) { pooling = v; return this; }
		public Builder size(int v) { size = v; return this; }
		public Builder styleScale(double v) { styleScale = v; return this; }
		public Builder seed(long v) { seed = v; return this; }
		public Builder device(ComputeDevice v) { device = v; return this; }
		/** The device a text names ({@link ComputeDevice#parse}), for callers that hold text (tests, tools). */
		public Builder device(String v) { device = ComputeDevice.parse(v); return this; }
		public Builder preserveColors(ColorMode v) { preserveColors = v; return this; }
		public Builder historySize(int v) { historySize = v; return this; }
		public Builder lineSearch(boolean v) { lineSearch = v; return this; }
		/** Empty for equal weights. */
		public Builder styleBlendWeights(List<Double> v) { styleBlendWeights = v; return this; }
		public Builder scales(int v) { scales = v; return this; }
		/** {@link TileSize#WHOLE}, {@link TileSize#AUTO} or a side. */
		public Builder tileSize(TileSize v) { tileSize = v; return this; }
		public Builder styleLoss(StyleLossKind v) { styleLoss = v; return this; }
		/** 0 for no average. */
		public Builder average(double v) { average = v; return this; }
		public Builder normalizeGradients(boolean v) { normalizeGradients = v; return this; }
		/** 0 to run every iteration. */
		public Builder stopTolerance(double v) { stopTolerance = v; return this; }
		public Builder stopWindow(int v) { stopWindow = v; return this; }
		public Builder padding(Padding v) { padding = v; return this; }
		/** 0: no temporal term. */
		public Builder temporalWeight(double v) { temporalWeight = v; return this; }
		public Builder temporalFrames(TemporalFrames v) { temporalFrames = v; return this; }

		private static boolean blank(String v) {
			return v == null || v.isBlank();
		}

		/** The settings. */
		public StyleSettings build() {
			return new StyleSettings(network, weights, contentLayers, styleLayers, contentWeight, styleWeight,
				tvWeight, optimizer, iterations, learningRate, init, pooling, size, styleScale, seed, device,
				preserveColors, historySize, lineSearch, styleBlendWeights, scales, tileSize, styleLoss, average,
				normalizeGradients, stopTolerance, stopWindow, padding, temporalWeight, temporalFrames);
		}
	}
}

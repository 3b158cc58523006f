package sc.fiji.neuralstyle.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.tiles.FeatureGeometry;
import sc.fiji.neuralstyle.engine.tiles.TileGrid;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.optim.Evaluation;
import sc.fiji.neuralstyle.optim.Optimizers;

/** Evaluating by tiles gives the whole image's loss and gradient. */
public class TiledObjectiveTest {

	public record Comparison(double loss, double lossError, double gradientError, int tiles) {}

	public static Comparison compare(Architecture architecture, String contentLayers, String styleLayers, StyleSettings settings,
		int width, int height, int channels, int tile, Integer margin, boolean shift, long evaluation)
	{
		Engine engine = DjlSetup.pytorch();
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(architecture, Pooling.AVG,
				SeededWeights.forArchitecture(architecture), "seeded", manager))
		{
			NDArray content = random(manager, channels, height, width, 1);
			NDArray style = random(manager, 3, height * 5 / 4, width * 3 / 4, 2);
			NDArray x = random(manager, channels, height, width, 3);
			LayerWeights c = LayerWeights.parse(contentLayers, "content_layers");
			LayerWeights s = LayerWeights.parse(styleLayers, "style_layers");
			List<String> all = new java.util.ArrayList<>(c.names());
			all.addAll(s.names());
			FeatureGeometry geometry = FeatureGeometry.of(architecture, all);
			Tiling tiling = new Tiling(geometry, tile, margin == null ? geometry.margin() : margin,
				shift);
			var pre = ModelDescriptor.load(architecture.id()).preprocessing();
			try (StyleObjective whole = Objectives.of(engine, network, pre, settings, c, s, content, List.of(style), List.of(), manager);
				StyleObjective tiled = Objectives.of(engine, network, pre, settings, c, s, content, List.of(style), List.of(), manager, tiling))
			{
				for (long e = 0; e < evaluation; e++) tiled.evaluate(x, manager);
				StyleObjective.Terms a = whole.evaluate(x, manager);
				StyleObjective.Terms b = tiled.evaluate(x, manager);
				double gradientError = a.gradient().sub(b.gradient()).norm().getFloat() / a.gradient().norm().getFloat();
				int tiles = TileGrid.tiles(width, height, tile, tiling.margin(), geometry.alignment(), 0, 0).size();
				return new Comparison(a.total(), Math.abs(a.total() - b.total()) / a.total(), gradientError, tiles);
			}
		}
	}

	public static NDArray random(NDManager manager, int channels, int height, int width, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] values = new float[channels * height * width];
		for (int i = 0; i < values.length; i++) values[i] = (float) random.nextDouble();
		return manager.create(values, new Shape(1, channels, height, width));
	}

	@Test
	void vggTilesGiveTheWholeImagesLossAndGradient() {
		StyleSettings settings = Params.defaultSettings().toBuilder().contentWeight(1).styleWeight(1e3).tvWeight(0.5).build();
		Comparison r = compare(Architecture.VGG16, "relu3_2", "relu1_1,relu2_1,relu3_1", settings, 100, 76, 3, 32, null,
			true, 3);
		assertTrue(r.tiles() >= 9, "interior tiles");
		assertEquals(0, r.lossError(), 1e-5);
		assertEquals(0, r.gradientError(), 1e-4);
	}

	/**
	 * The margin FeatureGeometry computes is the smallest that gives the whole image's result: one
	 * alignment step less and the gradient is visibly off (docs/benchmarks.md, "Large images", has the errors for
	 * each margin with VGG19's default layers).
	 */
	@Test
	void theMarginIsTheSmallestThatIsExact() {
		StyleSettings settings = Params.defaultSettings().toBuilder().contentWeight(1).styleWeight(1e3).build();
		FeatureGeometry g = FeatureGeometry.of(Architecture.VGG16, List.of("relu3_2", "relu1_1", "relu2_1", "relu3_1"));
		assertEquals(16, g.margin());
		Comparison exact = compare(Architecture.VGG16, "relu3_2", "relu1_1,relu2_1,relu3_1", settings, 100, 76, 3, 32, 16,
			false, 0);
		Comparison less = compare(Architecture.VGG16, "relu3_2", "relu1_1,relu2_1,relu3_1", settings, 100, 76, 3, 32,
			16 - g.alignment(), false, 0);
		assertEquals(0, exact.gradientError(), 1e-4);
		assertTrue(less.gradientError() > 1e-3, "margin 12: " + less);
	}

	@Test
	void alexnetTilesWithGrayImage() {
		StyleSettings settings = Params.defaultSettings().toBuilder().contentWeight(1).styleWeight(1e3).build();
		Comparison r = compare(Architecture.ALEXNET, "relu4", "relu1,relu2,relu3,relu4,relu5", settings, 260, 200, 1, 64,
			null, true, 1);
		assertTrue(r.tiles() >= 12);
		assertEquals(0, r.lossError(), 1e-5);
		assertEquals(0, r.gradientError(), 1e-4);
	}

	/**
	 * The light networks are graphs, not chains: a Fire module's or an Inception module's branches
	 * have different receptive fields (the widest sets the margin), and GoogLeNet's pools pad and
	 * round up. Tiles still give the whole image's loss and gradient.
	 */
	@Test
	void squeezenetAndGooglenetTilesGiveTheWholeImagesLossAndGradient() {
		StyleSettings settings = Params.defaultSettings().toBuilder().contentWeight(1).styleWeight(1e3).build();
		Comparison squeeze = compare(Architecture.SQUEEZENET1_1, "features.3", "features.1,features.4,features.6,features.7",
			settings, 120, 90, 3, 32, null, true, 1);
		Comparison google = compare(Architecture.GOOGLENET, "inception3a", "conv1,conv3,inception3a,inception3b", settings,
			120, 90, 3, 32, null, true, 1);
		for (Comparison r : List.of(squeeze, google)) {
			assertTrue(r.tiles() >= 9, "interior tiles: " + r);
			assertEquals(0, r.lossError(), 1e-5, r.toString());
			assertEquals(0, r.gradientError(), 1e-4, r.toString());
		}
	}

	/** A smooth picture: gradients, rings and a few discs, in [0, 1]. */
	public static FloatImage smooth(int width, int height, int channels) {
		float[] data = new float[channels * width * height];
		for (int c = 0; c < channels; c++) {
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					double r = Math.hypot(x - width * 0.4, y - height * 0.6);
					double v = 0.5 + 0.25 * Math.sin(r / (6.0 + 2 * c)) + 0.2 * (x / (double) width - 0.5)
						+ ((x - 50) * (x - 50) + (y - 40) * (y - 40) < 300 ? 0.2 : 0);
					data[(c * height + y) * width + x] = (float) Math.min(1, Math.max(0, v));
				}
			}
		}
		return new FloatImage(width, height, channels, data);
	}

	/**
	 * The seam criterion: after an optimisation whose tile grid never moves (the worst case),
	 * the mean change across tile borders is within 10 % of the change between the other pixel pairs
	 * of the same phase of the network's stride (pairs at other phases differ anyway, tiles or not:
	 * pooling treats even and odd columns differently).
	 */
	@Test
	void tileBordersLeaveNoSeam() {
		Engine engine = DjlSetup.pytorch();
		// Style alone (texture synthesis from the content): every pixel moves, tiles or not.
		StyleSettings settings = Params.defaultSettings().toBuilder().contentWeight(0).styleWeight(1e5).build();
		int width = 128, height = 96, tile = 32;
		FloatImage contentImage = smooth(width, height, 3);
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG16, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG16), "seeded", manager))
		{
			NDArray content = manager.create(contentImage.data(), new Shape(1, 3, height, width));
			NDArray style = random(manager, 3, 96, 96, 2);
			LayerWeights c = LayerWeights.parse("relu2_1", "content_layers");
			LayerWeights s = LayerWeights.parse("relu1_1,relu2_1", "style_layers");
			FeatureGeometry geometry = FeatureGeometry.of(Architecture.VGG16, List.of("relu2_1", "relu1_1"));
			var pre = ModelDescriptor.load("vgg16").preprocessing();
			Tiling fixed = new Tiling(geometry, tile, geometry.margin(), false);
			try (NDManager run = manager.newSubManager();
				StyleObjective objective = Objectives.of(engine, network, pre, settings, c, s, content, List.of(style), List.of(), run, fixed);
				var optimizer = Optimizers.lbfgs(1, 10, false, run))
			{
				NDArray x = content.duplicate();
				x.attach(run);
				double first = Double.NaN, last = Double.NaN;
				for (int i = 0; i < 20; i++) {
					double[] loss = new double[1];
					optimizer.step(x, (point, owner) -> {
						StyleObjective.Terms t = objective.evaluate(point, owner);
						loss[0] = t.total();
						return new Evaluation(t.total(), t.gradient());
					}, 1);
					if (i == 0) first = loss[0];
					last = loss[0];
				}
				assertTrue(last < 0.5 * first, "the style changed the image: loss " + first + " -> " + last);
				double[] ratio = seamRatio(new FloatImage(width, height, 3, x.toFloatArray()), tile, geometry.alignment());
				assertEquals(1, ratio[0], 0.1, "across vertical borders");
				assertEquals(1, ratio[1], 0.1, "across horizontal borders");
			}
		}
	}

	/**
	 * Mean |difference| between neighbours across tile borders over the mean between the other
	 * neighbours of the same phase (columns, then rows).
	 */
	static double[] seamRatio(FloatImage image, int tile, int phase) {
		double[] across = new double[2], count = new double[2], rest = new double[2], restCount = new double[2];
		int w = image.width(), h = image.height();
		for (int c = 0; c < image.channels(); c++) {
			for (int y = 0; y < h; y++) {
				for (int x = 1; x < w; x++) {
					double d = Math.abs(image.get(c, y, x) - image.get(c, y, x - 1));
					if (x % tile == 0) { across[0] += d; count[0]++; } else if (x % phase == 0) { rest[0] += d; restCount[0]++; }
				}
			}
			for (int y = 1; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double d = Math.abs(image.get(c, y, x) - image.get(c, y - 1, x));
					if (y % tile == 0) { across[1] += d; count[1]++; } else if (y % phase == 0) { rest[1] += d; restCount[1]++; }
				}
			}
		}
		return new double[] { across[0] / count[0] / (rest[0] / restCount[0]), across[1] / count[1] / (rest[1] / restCount[1]) };
	}
}

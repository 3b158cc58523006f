package sc.fiji.neuralstyle.engine.terms.style;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.objective.Objectives;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.objective.TiledObjectiveTest;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleLossKind;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.tiles.FeatureGeometry;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Padding;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.params.Params;

/**
 * Each style loss against finite differences, tiled against one pass, and at 0 where the image is
 * the style image; normalised gradients and replicate padding in tiles too.
 */
public class StyleLossTermsTest {

	private static StyleSettings settings(StyleLossKind loss) {
		return Params.defaultSettings().toBuilder().contentWeight(1).styleWeight(loss == StyleLossKind.GRAM ? 1e3 : 10)
			.tvWeight(0.5).styleLoss(loss).build();
	}

	@ParameterizedTest
	@EnumSource(StyleLossKind.class)
	void gradientMatchesFiniteDifferences(StyleLossKind loss) {
		var engine = DjlSetup.pytorch();
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG16, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG16), "seeded", manager))
		{
			NDArray content = TiledObjectiveTest.random(manager, 3, 20, 24, 1);
			NDArray style = TiledObjectiveTest.random(manager, 3, 28, 20, 2);
			NDArray x = TiledObjectiveTest.random(manager, 3, 20, 24, 3);
			try (StyleObjective objective = Objectives.of(engine, network, ModelDescriptor.load("vgg16").preprocessing(),
				settings(loss), LayerWeights.parse("relu2_2", "content"), LayerWeights.parse("relu1_1,relu2_1,relu3_1", "style"),
				content, List.of(style), List.of(), manager))
			{
				StyleObjective.Terms at = objective.evaluate(x, manager);
				assertTrue(at.style() > 0, "a style loss: " + at.values());
				for (int seed = 10; seed < 13; seed++) {
					NDArray direction = TiledObjectiveTest.random(manager, 3, 20, 24, seed).sub(0.5f);
					direction = direction.div(direction.norm());
					float h = 1e-2f;
					double plus = objective.evaluate(x.add(direction.mul(h)), manager).total();
					double minus = objective.evaluate(x.sub(direction.mul(h)), manager).total();
					double numeric = (plus - minus) / (2 * h);
					double analytic = at.gradient().mul(direction).sum().getFloat();
					assertEquals(numeric, analytic, 1e-2 * Math.abs(numeric) + 1e-3 * at.gradient().norm().getFloat(),
						loss + ": directional derivative along direction " + seed);
				}
			}
		}
	}

	/** (Gram's tiles: TiledObjectiveTest.) */
	@ParameterizedTest
	@EnumSource(value = StyleLossKind.class, names = "GRAM", mode = EnumSource.Mode.EXCLUDE)
	void tilesGiveTheWholeImagesLossAndGradient(StyleLossKind loss) {
		TiledObjectiveTest.Comparison r = TiledObjectiveTest.compare(Architecture.VGG16, "relu3_2", "relu1_1,relu2_1,relu3_1",
			settings(loss), 100, 76, 3, 32, null, true, 2);
		assertTrue(r.tiles() >= 9, "interior tiles");
		assertEquals(0, r.lossError(), 1e-5, loss + ": " + r);
		assertEquals(0, r.gradientError(), 1e-4, loss + ": " + r);
	}

	@Test
	void normalizedGradientsAndReplicatePaddingInTilesAsWhole() {
		StyleSettings s = settings(StyleLossKind.WASSERSTEIN).toBuilder().normalizeGradients(true).padding(Padding.REPLICATE)
			.build();
		TiledObjectiveTest.Comparison r = TiledObjectiveTest.compare(Architecture.VGG16, "relu3_2", "relu1_1,relu2_1,relu3_1",
			s, 100, 76, 3, 32, null, true, 1);
		assertEquals(0, r.lossError(), 1e-5, r.toString());
		assertEquals(0, r.gradientError(), 1e-4, r.toString());
	}

	/** A style image equal to the content gives a style loss of 0 to rounding, whatever the style loss. */
	@ParameterizedTest
	@EnumSource(StyleLossKind.class)
	void theStyleOfTheImageItselfCostsNothing(StyleLossKind loss) {
		var engine = DjlSetup.pytorch();
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG16, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG16), "seeded", manager))
		{
			NDArray content = TiledObjectiveTest.random(manager, 3, 40, 48, 1);
			NDArray other = TiledObjectiveTest.random(manager, 3, 40, 48, 2);
			LayerWeights c = LayerWeights.parse("relu2_2", "content"), s = LayerWeights.parse("relu1_1,relu2_1,relu3_1", "style");
			var pre = ModelDescriptor.load("vgg16").preprocessing();
			try (StyleObjective itself = Objectives.of(engine, network, pre, settings(loss), c, s, content, List.of(content),
				List.of(), manager))
			{
				double same = itself.evaluate(content, manager).style();
				double apart = itself.evaluate(other, manager).style();
				assertTrue(apart > 0, loss + ": " + apart);
				assertEquals(0, same / apart, 1e-5, loss + ": " + same + " against " + apart + " for another image");
			}
		}
	}

	/** 1 on one half of the image (with a soft band in the middle), 0 on the other. */
	public static FloatImage half(int width, int height, boolean left) {
		float[] m = new float[width * height];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				float v = Math.min(1, Math.max(0, (width / 2f - x) / 4 + 0.5f));
				m[y * width + x] = left ? v : 1 - v;
			}
		}
		return new FloatImage(width, height, 1, m);
	}

	/** Several styles and masks: Wasserstein blends raw moments; masked regions take their own style, tiles too. */
	@Test
	void wassersteinBlendsAndMasks() {
		var engine = DjlSetup.pytorch();
		StyleSettings w2 = settings(StyleLossKind.WASSERSTEIN);
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG16, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG16), "seeded", manager))
		{
			NDArray content = TiledObjectiveTest.random(manager, 3, 76, 100, 1);
			NDArray a = TiledObjectiveTest.random(manager, 3, 60, 60, 2), b = TiledObjectiveTest.random(manager, 1, 60, 60, 5)
				.broadcast(new ai.djl.ndarray.types.Shape(1, 3, 60, 60));
			NDArray x = TiledObjectiveTest.random(manager, 3, 76, 100, 3);
			LayerWeights c = LayerWeights.parse("relu2_2", "content"), s = LayerWeights.parse("relu1_1,relu2_1,relu3_1", "style");
			var pre = ModelDescriptor.load("vgg16").preprocessing();
			FeatureGeometry geometry = FeatureGeometry.of(Architecture.VGG16, List.of("relu2_2", "relu1_1", "relu2_1", "relu3_1"));
			// One style twice is that style once.
			try (StyleObjective once = Objectives.of(engine, network, pre, w2, c, s, content, List.of(a), List.of(), manager);
				StyleObjective twice = Objectives.of(engine, network, pre, w2, c, s, content, List.of(a, a), List.of(), manager))
			{
				double one = once.evaluate(x, manager).style(), two = twice.evaluate(x, manager).style();
				assertEquals(one, two, 1e-5 * one);
			}
			List<FloatImage> masks = List.of(half(100, 76, true), half(100, 76, false));
			try (StyleObjective whole = Objectives.of(engine, network, pre, w2, c, s, content, List.of(a, b), masks, manager);
				StyleObjective tiled = Objectives.of(engine, network, pre, w2, c, s, content, List.of(a, b), masks, manager,
					Tiling.of(geometry, 32)))
			{
				StyleObjective.Terms p = whole.evaluate(x, manager), q = tiled.evaluate(x, manager);
				assertEquals(p.total(), q.total(), 1e-5 * p.total(), "masked, in tiles");
				assertEquals(0, StyleLossesTest.relativeError(q.gradient(), p.gradient()), 1e-4, "masked gradient in tiles");
			}
		}
	}
}

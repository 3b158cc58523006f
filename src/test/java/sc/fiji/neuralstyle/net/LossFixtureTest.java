package sc.fiji.neuralstyle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.net.weights.FeatureNetworkTest;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;

/**
 * Checks that {@code fixtures/losses/vgg19_losses.npz} holds what its README says, by recomputing it
 * from the README's formulas with this package's VGG-19: the engine's tests can then trust it.
 */
class LossFixtureTest {

	private static final List<String> STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1",
		"relu4_1", "relu5_1");

	private static NDManager manager;

	@BeforeAll
	static void setUp() {
		System.setProperty("OPT_OUT_TRACKING", "true");
		System.setProperty("ai.djl.offline", "true");
		manager = NDManager.newBaseManager();
	}

	@AfterAll
	static void tearDown() {
		manager.close();
	}

	@Test
	void fixtureMatchesThePinnedFormulas() {
		try (NDManager m = manager.newSubManager(); FeatureNetwork net = FeatureNetwork.create(
			Architecture.VGG19, Pooling.MAX, SeededWeights.forArchitecture(Architecture.VGG19), "seeded",
			m))
		{
			Map<String, NDArray> f = Npz.load(m, "/fixtures/losses/vgg19_losses.npz");
			assertEquals(new Shape(1, 3, 32, 32), f.get("content_image").getShape());
			assertEquals(new Shape(1, 3, 36, 40), f.get("style_image").getShape());
			assertEquals(new Shape(1, 3, 32, 32), f.get("x").getShape());
			assertEquals(DataType.FLOAT32, f.get("x").getDataType());
			assertEquals(new Shape(), f.get("total_loss").getShape());
			// Java floats, not doubles: a double scalar times a 0-d float32 array (a sum) gives float64.
			float alpha = (float) f.get("content_weight").getDouble();
			float beta = (float) f.get("style_weight").getDouble();
			float gamma = (float) f.get("tv_weight").getDouble();
			assertEquals(List.of(1f, 1000f, 0.01f), List.of(alpha, beta, gamma));
			NDArray mean = f.get("mean").toType(DataType.FLOAT32, false).reshape(1, 3, 1, 1);
			NDArray std = f.get("std").toType(DataType.FLOAT32, false).reshape(1, 3, 1, 1);

			NDArray p = net.forward(f.get("content_image").sub(mean).div(std), List.of("relu4_2")).get(
				"relu4_2");
			List<NDArray> a = new ArrayList<>();
			List<Long> stylePositions = new ArrayList<>();
			Map<String, NDArray> styleFeatures = net.forward(f.get("style_image").sub(mean).div(std),
				STYLE_LAYERS);
			for (String layer : STYLE_LAYERS) {
				Shape s = styleFeatures.get(layer).getShape();
				a.add(gram(styleFeatures.get(layer)));
				stylePositions.add(s.get(2) * s.get(3));
			}

			NDArray x = f.get("x");
			x.setRequiresGradient(true);
			double[] perLayer = new double[STYLE_LAYERS.size()];
			double[] perLayerSizeMatched = new double[STYLE_LAYERS.size()];
			double content, style = 0, tv, total;
			try (GradientCollector collector = m.getEngine().newGradientCollector()) {
				Map<String, NDArray> features = net.forward(x.sub(mean).div(std), List.of("relu4_2",
					"relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"));
				NDArray contentLoss = features.get("relu4_2").sub(p).square().sum().mul(0.5f);
				NDArray styleLoss = null;
				for (int l = 0; l < STYLE_LAYERS.size(); l++) {
					NDArray feature = features.get(STYLE_LAYERS.get(l));
					long n = feature.getShape().get(1);
					long positions = feature.getShape().get(2) * feature.getShape().get(3);
					NDArray e = gram(feature).sub(a.get(l)).square().sum().div(4f * n * n * positions *
						positions);
					perLayer[l] = e.getFloat();
					// The extra, unpinned variant: A rescaled to x's number of positions.
					perLayerSizeMatched[l] = gram(feature).sub(a.get(l).mul((float) positions / stylePositions
						.get(l))).square().sum().div(4f * n * n * positions * positions).getFloat();
					NDArray weighted = e.mul((float) f.get("style_layer_weights").getDouble(l));
					styleLoss = styleLoss == null ? weighted : styleLoss.add(weighted);
				}
				NDArray down = x.get(new NDIndex(":, :, 1:, :")).sub(x.get(new NDIndex(":, :, :-1, :")));
				NDArray right = x.get(new NDIndex(":, :, :, 1:")).sub(x.get(new NDIndex(":, :, :, :-1")));
				NDArray tvLoss = down.square().sum().add(right.square().sum());
				NDArray totalLoss = contentLoss.mul(alpha).add(styleLoss.mul(beta)).add(tvLoss.mul(gamma));
				content = contentLoss.getFloat();
				style = styleLoss.getFloat();
				tv = tvLoss.getFloat();
				total = totalLoss.getFloat();
				collector.backward(totalLoss);
			}
			// Float32 sums of a few thousand terms against a float64 reference.
			assertClose(f.get("content_loss").getDouble(), content, "content_loss");
			double[] expectedPerLayer = f.get("style_loss_per_layer").toDoubleArray();
			for (int l = 0; l < perLayer.length; l++)
				assertClose(expectedPerLayer[l], perLayer[l], "style_loss_per_layer " + STYLE_LAYERS.get(l));
			assertClose(f.get("style_loss").getDouble(), style, "style_loss");
			double[] expectedSizeMatched = f.get("style_loss_per_layer_size_matched").toDoubleArray();
			for (int l = 0; l < perLayer.length; l++)
				assertClose(expectedSizeMatched[l], perLayerSizeMatched[l],
					"style_loss_per_layer_size_matched " + STYLE_LAYERS.get(l));
			assertClose(f.get("tv_loss").getDouble(), tv, "tv_loss");
			assertClose(f.get("total_loss").getDouble(), total, "total_loss");
			NDArray expectedGrad = f.get("grad").toType(DataType.FLOAT32, false);
			double error = FeatureNetworkTest.relativeError(x.getGradient(), expectedGrad);
			assertTrue(error < 1e-4, "grad: relative error " + error);
		}
	}

	private static NDArray gram(NDArray feature) {
		Shape s = feature.getShape();
		NDArray f = feature.reshape(s.get(1), s.get(2) * s.get(3));
		return f.matMul(f.transpose());
	}

	private static void assertClose(double expected, double actual, String what) {
		double error = Math.abs(actual - expected) / Math.abs(expected);
		assertTrue(error < 1e-4, what + ": expected " + expected + ", got " + actual + ", relative error " +
			error);
	}
}

package sc.fiji.neuralstyle.engine.terms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.objective.Objectives;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Npz;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.params.Params;

/**
 * The loss terms and the whole objective at the start image equal PyTorch's (fixture made by
 * scripts/make_feature_fixtures.py with torchvision, see fixtures/losses/README.md).
 */
public class LossFormulasTest {

	private static final List<String> STYLE = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");

	private static NDManager manager;
	private static FeatureNetwork network;
	private static Preprocessing preprocessing;
	private static Map<String, NDArray> fixture;

	@BeforeAll
	static void setUp() {
		DjlSetup.pytorch();
		manager = NDManager.newBaseManager();
		network = FeatureNetwork.create(Architecture.VGG19, Pooling.MAX, SeededWeights.forArchitecture(Architecture.VGG19),
			"seeded", manager);
		preprocessing = ModelDescriptor.load("vgg19").preprocessing();
		fixture = Npz.load(manager, "/fixtures/losses/vgg19_losses.npz");
	}

	@AfterAll
	static void tearDown() {
		network.close();
		manager.close();
	}

	private static double scalar(String name) {
		return fixture.get(name).getDouble();
	}

	private static Map<String, NDArray> features(String image, List<String> layers, NDManager scope) {
		NDArray x = fixture.get(image).duplicate();
		x.attach(scope);
		return network.forward(preprocessing.apply(x), layers);
	}

	@Test
	void termsEqualPyTorchsPinnedFormulas() {
		try (NDManager scope = manager.newSubManager()) {
			Map<String, NDArray> content = features("content_image", List.of("relu4_2"), scope);
			Map<String, NDArray> style = features("style_image", STYLE, scope);
			List<String> all = new ArrayList<>(STYLE);
			all.add("relu4_2");
			Map<String, NDArray> x = features("x", all, scope);
			assertRelative(scalar("content_loss"), LossFormulas.content(x.get("relu4_2"), content.get("relu4_2")).getFloat(), 1e-4);
			double[] pinned = fixture.get("style_loss_per_layer").toDoubleArray();
			double[] matched = fixture.get("style_loss_per_layer_size_matched").toDoubleArray();
			for (int i = 0; i < STYLE.size(); i++) {
				NDArray f = x.get(STYLE.get(i));
				NDArray s = style.get(STYLE.get(i));
				long m = LossFormulas.positions(f);
				// Given the generated image's M for both, styleLayer is the paper's formula as pinned.
				assertRelative(pinned[i], LossFormulas.styleLayer(LossFormulas.gram(f), m, LossFormulas.gram(s).div(m)).getFloat(), 1e-4);
				assertRelative(matched[i], LossFormulas.styleLayer(LossFormulas.gram(f), m, LossFormulas.gram(s).div(LossFormulas.positions(s)))
					.getFloat(), 1e-4);
			}
			NDArray image = fixture.get("x").duplicate();
			image.attach(scope);
			assertRelative(scalar("tv_loss"), LossFormulas.totalVariation(image).getFloat(), 1e-5);
		}
	}

	@Test
	void objectiveAndGradientEqualPyTorchs() {
		StyleSettings settings = Params.defaultSettings().toBuilder().contentWeight(scalar("content_weight"))
			.styleWeight(scalar("style_weight")).tvWeight(scalar("tv_weight")).build();
		try (NDManager scope = manager.newSubManager();
			StyleObjective objective = Objectives.of(DjlSetup.pytorch(), network, preprocessing, settings,
				LayerWeights.parse("relu4_2", "content"), LayerWeights.parse(String.join(",", STYLE), "style"),
				fixture.get("content_image"), List.of(fixture.get("style_image")), List.of(), scope))
		{
			StyleObjective.Terms terms = objective.evaluate(fixture.get("x"), scope);
			assertRelative(scalar("content_loss"), terms.content(), 1e-4);
			assertRelative(scalar("style_loss_size_matched"), terms.style(), 1e-4);
			assertRelative(scalar("tv_loss"), terms.tv(), 1e-5);
			assertRelative(scalar("total_loss_size_matched"), terms.total(), 1e-4);
			NDArray expected = fixture.get("grad_size_matched").toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
			double error = terms.gradient().sub(expected).norm().getFloat() / expected.norm().getFloat();
			assertEquals(0, error, 1e-4, "relative error of the gradient");

			// A second evaluation at the same point gives the same gradient, not twice it.
			StyleObjective.Terms again = objective.evaluate(fixture.get("x"), scope);
			double drift = again.gradient().sub(terms.gradient()).norm().getFloat() / terms.gradient().norm().getFloat();
			assertEquals(0, drift, 1e-6, "gradients must not accumulate across evaluations");
		}
	}

	public static void assertRelative(double expected, double actual, double tolerance) {
		assertEquals(expected, actual, Math.abs(expected) * tolerance,
			() -> "expected " + expected + ", got " + actual + " (relative error " + Math.abs(actual / expected - 1) + ")");
	}
}

package sc.fiji.neuralstyle.engine.terms.style;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.objective.Objectives;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.run.IterateAverage;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleLossKind;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.LossFormulasTest;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Npz;
import sc.fiji.neuralstyle.net.Padding;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.params.Params;

/**
 * The Wasserstein-2 and sliced style losses, their gradients, the Newton–Schulz square root, the
 * average of the iterates, the normalised gradients and replicate padding equal PyTorch's (fixture
 * made by scripts/make_style_loss_fixtures.py, see fixtures/losses/README.md).
 */
class StyleLossesTest {

	private static final String STYLE = "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1";

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
		fixture = Npz.load(manager, "/fixtures/losses/style_losses.npz");
	}

	@AfterAll
	static void tearDown() {
		network.close();
		manager.close();
	}

	private static double scalar(String name) {
		return fixture.get(name).getDouble();
	}

	private static NDArray array(String name) {
		return fixture.get(name).toType(DataType.FLOAT32, false);
	}

	/** The objective's terms at the fixture's x, for settings of the fixture's network and images. */
	private static StyleObjective.Terms evaluate(StyleSettings settings, NDManager scope) {
		try (StyleObjective objective = Objectives.of(DjlSetup.pytorch(), network, preprocessing, settings,
			LayerWeights.parse("relu4_2", "content"), LayerWeights.parse(STYLE, "style"), fixture.get("content_image"),
			List.of(fixture.get("style_image")), List.of(), scope))
		{
			return objective.evaluate(fixture.get("x"), scope);
		}
	}

	private static StyleSettings styleOnly(StyleLossKind loss) {
		return Params.defaultSettings().toBuilder().contentWeight(0).styleWeight(1).tvWeight(0).styleLoss(loss).seed(0)
			.build();
	}

	static double relativeError(NDArray actual, NDArray expected) {
		return actual.sub(expected).norm().getFloat() / expected.norm().getFloat();
	}

	@Test
	void wassersteinLossAndGradientEqualPyTorchsExactOnes() {
		try (NDManager scope = manager.newSubManager()) {
			StyleObjective.Terms terms = evaluate(styleOnly(StyleLossKind.WASSERSTEIN), scope);
			LossFormulasTest.assertRelative(scalar("wasserstein_loss"), terms.style(), 1e-4);
			assertEquals(terms.style(), terms.total(), 1e-6 * terms.total());
			// Newton–Schulz's square roots to 1e-5 and A^(-1/2) by an inverse in float32: 2e-3.
			assertEquals(0, relativeError(terms.gradient(), array("wasserstein_grad")), 2e-3, "gradient");
		}
	}

	@Test
	void slicedLossAndGradientEqualPyTorchs() {
		try (NDManager scope = manager.newSubManager()) {
			StyleObjective.Terms terms = evaluate(styleOnly(StyleLossKind.SLICED), scope);
			LossFormulasTest.assertRelative(scalar("sliced_loss"), terms.style(), 1e-4);
			// The gradient of a sort jumps where two projections are nearly equal: the features' last bits differ
			// between CPUs (AVX-512 or AVX2 kernels sum in other orders), which swaps a few neighbours and moves
			// their gradients by the gap between neighbouring quantiles (3.9e-4 relative seen on an AVX-512
			// machine, 0 on the one that made the fixture). A wrong gradient is off by far more.
			assertEquals(0, relativeError(terms.gradient(), array("sliced_grad")), 2e-3, "gradient");
		}
	}

	@Test
	void slicedDirectionsAreTheSeededFormulas() {
		float[] java = SlicedDirections.of(0, 0, 64, 64);
		NDArray expected = array("sliced_directions_relu1_1");
		assertEquals(0, relativeError(manager.create(java, expected.getShape()), expected), 1e-7);
	}

	@Test
	void newtonSchulzEqualsAnEigendecomposition() {
		try (NDManager scope = manager.newSubManager()) {
			NDArray a = array("ns_matrix");
			a.attach(scope);
			NDArray root = GaussianW2.sqrt(a);
			assertEquals(0, relativeError(root, array("ns_sqrt")), 1e-4);
			assertEquals(0, relativeError(root.matMul(root), a), 1e-4, "its square");
		}
	}

	@Test
	void averageEqualsPyTorchsEma() {
		try (NDManager scope = manager.newSubManager()) {
			NDArray iterates = fixture.get("ema_iterates");
			NDArray expected = fixture.get("ema_averages");
			IterateAverage average = null;
			for (int i = 0; i < iterates.getShape().get(0); i++) {
				NDArray x = iterates.get(i);
				if (average == null) average = new IterateAverage(x, scalar("ema_decay"), scope);
				else average.update(x);
				NDArray got = average.get(scope);
				assertEquals(0, relativeError(got, expected.get(i)), 1e-6, "after " + (i + 1) + " iterates");
			}
		}
	}

	@Test
	void normalizedGradientsEqualPyTorchs() {
		StyleSettings settings = Params.defaultSettings().toBuilder().contentWeight(1).styleWeight(1000).tvWeight(0)
			.normalizeGradients(true).build();
		try (NDManager scope = manager.newSubManager()) {
			StyleObjective.Terms terms = evaluate(settings, scope);
			LossFormulasTest.assertRelative(scalar("normalized_loss"), terms.total(), 1e-4);
			assertEquals(0, relativeError(terms.gradient(), array("normalized_grad")), 1e-4, "gradient");
		}
	}

	@Test
	void replicatePaddingEqualsPyTorchs() {
		try (NDManager scope = manager.newSubManager()) {
			NDArray x = fixture.get("x").duplicate();
			x.attach(scope);
			NDArray f = network.forward(preprocessing.apply(x), List.of("relu2_1"), Padding.REPLICATE).get("relu2_1");
			NDArray zeros = network.forward(preprocessing.apply(x), List.of("relu2_1")).get("relu2_1");
			NDArray expected = array("replicate_relu2_1");
			assertEquals(0, relativeError(f, expected), 1e-5);
			assertTrue(relativeError(zeros, expected) > 1e-3, "zero padding differs: " + relativeError(zeros, expected));
		}
	}
}

package sc.fiji.neuralstyle.fast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.fast.FastFixtures;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.Npz;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.fast.TransformerNet;

/**
 * One training step against PyTorch (make_fast_style_fixtures.py, computed in float64): the seeded
 * TransformerNet on a batch of two 48×48 images, the seeded AlexNet of the tests' weights file, content
 * at relu2, style at relu1, relu2, relu3 (0.5, 0.3, 0.2) against a 0.7 : 0.3 blend of two styles,
 * α = 1, β = 1000, tv weight 100. The loss terms, every parameter's gradient (its norm and its
 * projection on a seeded direction, and six of them element by element), and the next step's loss
 * after torch.optim.Adam's step with learning rate 0.001.
 */
class TrainingStepTest {

	private static NDManager manager;
	private static FeatureNetwork alexnet;
	private static Map<String, NDArray> fixture;

	@BeforeAll
	static void setUp() {
		manager = NDManager.newBaseManager();
		alexnet = FastFixtures.alexnet(manager);
		fixture = Npz.load(manager, FastFixtures.TRAINING);
	}

	@AfterAll
	static void tearDown() {
		alexnet.close();
		manager.close();
	}

	static FloatImage image(NDArray a) {
		long[] s = a.getShape().getShape();
		return new FloatImage((int) s[3], (int) s[2], (int) s[1], a.toFloatArray());
	}

	static PerceptualLoss loss(GramTargets targets) {
		return new PerceptualLoss(alexnet, Preprocessing.TORCHVISION, LayerWeights.parse("relu2", "content_layers"),
			LayerWeights.parse("relu1:0.5,relu2:0.3,relu3:0.2", "style_layers"), targets, 1, 1000, 100);
	}

	@Test
	void oneStepsLossGradientsAndAdamUpdateEqualPyTorchs() {
		try (NDManager run = manager.newSubManager();
			TransformerNet net = TransformerNet.of(FastFixtures.seededStateDict(), run);
			ParameterAdam adam = new ParameterAdam(1e-3, run);
			GramTargets targets = GramTargets.of(alexnet, Preprocessing.TORCHVISION, LayerWeights.parse(
				"relu1:0.5,relu2:0.3,relu3:0.2", "style_layers"), List.of(image(fixture.get("style_1")), image(fixture.get(
					"style_2"))), new double[] { 0.7, 0.3 }, run))
		{
			TrainingStep step = new TrainingStep(loss(targets), null);
			TrainingStep.Values first;
			try (NDManager scope = run.newSubManager()) {
				TransformerNet leaves = net.trainable(scope);
				first = step.differentiate(leaves, fixture.get("batch_1"), null, scope);
				assertLosses(fixture.get("step1_losses").toDoubleArray(), first, "step 1");
				assertGradients(leaves.gradients());
				adam.step(net.parameters(), leaves.gradients());
			}
			TrainingStep.Values second = step.take(net, adam, fixture.get("batch_2"), null);
			assertLosses(fixture.get("step2_losses").toDoubleArray(), second, "step 2, after Adam's step");
		}
	}

	private static void assertLosses(double[] expected, TrainingStep.Values actual, String what) {
		double[] values = { actual.total(), actual.content(), actual.style(), actual.tv() };
		String[] names = { "total", "content", "style", "tv" };
		for (int i = 0; i < 4; i++) {
			assertEquals(expected[i], values[i], 2e-5 * Math.abs(expected[i]), what + ": " + names[i]);
		}
	}

	private static void assertGradients(Map<String, NDArray> gradients) {
		double[] projections = fixture.get("grad_projections").toDoubleArray();
		double[] squares = fixture.get("grad_squares").toDoubleArray();
		double largest = 0;
		for (double s : squares) largest = Math.max(largest, Math.sqrt(s));
		int i = 0;
		for (Map.Entry<String, NDArray> e : gradients.entrySet()) {
			float[] g = e.getValue().toFloatArray();
			float[] r = SeededWeights.values(3500 + i, g.length, 1.0);
			double projection = 0, square = 0;
			for (int k = 0; k < g.length; k++) {
				projection += (double) g[k] * r[k];
				square += (double) g[k] * g[k];
			}
			// A bias before an instance normalisation has no gradient (0 in float64, rounding in float32):
			// its tolerance is the largest gradient's scale.
			double norm = Math.sqrt(squares[i]);
			double tolerance = 1e-5 * norm + 1e-6 * largest;
			assertEquals(norm, Math.sqrt(square), tolerance, e.getKey() + ": norm");
			assertEquals(projections[i], projection, tolerance * Math.sqrt(g.length), e.getKey() + ": projection");
			NDArray full = fixture.get("grad_" + e.getKey());
			if (full != null) FastFixtures.assertClose(full, e.getValue(), 1e-5, e.getKey() + "'s gradient");
			i++;
		}
		assertEquals(62, i);
		assertTrue(largest > 0);
	}

	/** torch.optim.Adam's parameters and moments after two steps, from the same gradients (float32). */
	@Test
	void adamEqualsTorchOptimAdam() {
		Map<String, NDArray> a = Npz.load(manager, FastFixtures.ADAM);
		try (NDManager run = manager.newSubManager(); ParameterAdam adam = new ParameterAdam(0.01, run)) {
			Map<String, NDArray> parameters = new java.util.LinkedHashMap<>();
			parameters.put("a", a.get("p0_a").duplicate());
			parameters.put("b", a.get("p0_b").duplicate());
			for (int step = 1; step <= 2; step++) {
				adam.step(parameters, Map.of("a", a.get("g" + step + "_a"), "b", a.get("g" + step + "_b")));
				for (String p : List.of("a", "b")) {
					FastFixtures.assertClose(a.get("p" + step + "_" + p), parameters.get(p), 1e-6, "step " + step + " " + p);
				}
			}
			assertEquals(2, adam.steps());
			Map<String, sc.fiji.neuralstyle.net.pth.TensorData> state = adam.state();
			for (String p : List.of("a", "b")) {
				FastFixtures.assertClose(a.get("exp_avg_" + p).toFloatArray(), state.get("exp_avg." + p).values(), 1e-6, "m " + p);
				FastFixtures.assertClose(a.get("exp_avg_sq_" + p).toFloatArray(), state.get("exp_avg_sq." + p).values(), 1e-6,
					"v " + p);
			}
		}
	}
}

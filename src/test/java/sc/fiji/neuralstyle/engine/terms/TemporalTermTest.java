package sc.fiji.neuralstyle.engine.terms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.objective.TermTable;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.tiles.FeatureGeometry;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Npz;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.params.Params;

/**
 * The temporal term (Ruder et al.): value and gradient equal PyTorch's of the same formula (fixture
 * made by scripts/make_temporal_loss_fixtures.py) and finite differences; the tiled evaluation equals
 * one pass; it is 0, with its column, where there is no earlier plane, and has no column outside a
 * sequence.
 */
class TemporalTermTest {

	private static NDManager manager;
	private static Map<String, NDArray> fixture;
	private static FeatureNetwork alexnet;

	@BeforeAll
	static void setUp() {
		DjlSetup.pytorch();
		manager = NDManager.newBaseManager();
		fixture = Npz.load(manager, "/fixtures/losses/temporal_loss.npz");
		alexnet = FeatureNetwork.create(Architecture.ALEXNET, Pooling.MAX, SeededWeights.forArchitecture(
			Architecture.ALEXNET), "seeded", manager);
	}

	@AfterAll
	static void tearDown() {
		alexnet.close();
		manager.close();
	}

	private static FloatImage image(String name) {
		NDArray a = fixture.get(name);
		Shape s = a.getShape();
		return new FloatImage((int) s.get(3), (int) s.get(2), (int) s.get(1), a.toFloatArray());
	}

	private static TemporalTargets fixtureTargets() {
		return new TemporalTargets(List.of(new TemporalTargets.Link(1, image("warped_1"), image("weights_1")),
			new TemporalTargets.Link(2, image("warped_2"), image("weights_2"))));
	}

	/** An objective of the temporal term alone (content and style weight 0: the network does not run). */
	private static StyleObjective temporalOnly(TemporalTargets temporal, double weight, NDManager scope) {
		StyleSettings settings = Params.defaultSettings().toBuilder().network("alexnet").contentWeight(0).styleWeight(0)
			.tvWeight(0).temporalWeight(weight).build();
		NDArray x = fixture.get("x");
		return new StyleObjective(DjlSetup.pytorch(), StyleObjective.inputs(alexnet, ModelDescriptor.load("alexnet")
			.preprocessing(), settings, settings.contentLayersUsed(),
				settings.styleLayersUsed(), x, List.of(x), List.of(), scope, null, null, temporal), TermTable::create);
	}

	@Test
	void valueAndGradientEqualPyTorchs() {
		try (NDManager scope = manager.newSubManager(); StyleObjective objective = temporalOnly(fixtureTargets(), 1, scope)) {
			assertEquals(List.of("content", "style", "tv", "temporal"), objective.names());
			StyleObjective.Terms t = objective.evaluate(fixture.get("x"), scope);
			double expected = fixture.get("loss").getDouble();
			assertEquals(expected, t.values().get("temporal"), 1e-6 * expected);
			assertEquals(expected, t.total(), 1e-6 * expected, "weight 1: the total is the term");
			NDArray grad = fixture.get("grad");
			double error = t.gradient().sub(grad).norm().getFloat() / grad.norm().getFloat();
			assertEquals(0, error, 1e-6, "gradient");
		}
	}

	@Test
	void theWeightScalesTheTotalAndTheGradientNotTheLoggedValue() {
		try (NDManager scope = manager.newSubManager(); StyleObjective objective = temporalOnly(fixtureTargets(), 250, scope)) {
			StyleObjective.Terms t = objective.evaluate(fixture.get("x"), scope);
			double expected = fixture.get("loss").getDouble();
			assertEquals(expected, t.values().get("temporal"), 1e-6 * expected, "logged unweighted");
			assertEquals(250 * expected, t.total(), 1e-6 * 250 * expected);
			double error = t.gradient().div(250).sub(fixture.get("grad")).norm().getFloat()
				/ fixture.get("grad").norm().getFloat();
			assertEquals(0, error, 1e-6);
		}
	}

	@Test
	void gradientEqualsFiniteDifferences() {
		try (NDManager scope = manager.newSubManager(); StyleObjective objective = temporalOnly(fixtureTargets(), 1, scope)) {
			NDArray x = fixture.get("x");
			float[] values = x.toFloatArray();
			float[] gradient = objective.evaluate(x, scope).gradient().toFloatArray();
			// The loss is quadratic: central differences are exact but for float rounding.
			double h = 0.05;
			for (int i : new int[] { 0, 17, 6 * 28 + 3, 560 + 11, 1679 }) {
				float[] plus = values.clone(), minus = values.clone();
				plus[i] += (float) h;
				minus[i] -= (float) h;
				double up = objective.loss(scope.create(plus, x.getShape()), scope).total();
				double down = objective.loss(scope.create(minus, x.getShape()), scope).total();
				double numeric = (up - down) / (2 * h);
				assertEquals(numeric, gradient[i], 1e-3 * Math.abs(numeric) + 1e-7, "pixel " + i);
			}
		}
	}

	@Test
	void tiledEvaluationEqualsOnePass() {
		int width = 100, height = 76;
		StyleSettings settings = Params.defaultSettings().toBuilder().network("alexnet").contentWeight(1).styleWeight(1e3)
			.temporalWeight(500).build();
		LayerWeights c = settings.contentLayersUsed();
		LayerWeights s = settings.styleLayersUsed();
		TemporalTargets targets = new TemporalTargets(List.of(new TemporalTargets.Link(1, random(width, height, 3, 4),
			random(width, height, 1, 5)), new TemporalTargets.Link(4, random(width, height, 3, 6), random(width, height, 1,
				7))));
		FeatureGeometry geometry = FeatureGeometry.of(Architecture.ALEXNET, Architecture.ALEXNET.defaultStyleLayers());
		var pre = ModelDescriptor.load("alexnet").preprocessing();
		try (NDManager scope = manager.newSubManager()) {
			NDArray content = tensor(random(width, height, 3, 1), scope), style = tensor(random(60, 50, 3, 2), scope);
			NDArray x = tensor(random(width, height, 3, 3), scope);
			StyleObjective.Terms[] terms = new StyleObjective.Terms[2];
			for (int tiled = 0; tiled < 2; tiled++) {
				Tiling tiling = tiled == 1 ? Tiling.of(geometry, 32) : null;
				try (StyleObjective objective = new StyleObjective(DjlSetup.pytorch(), StyleObjective.inputs(alexnet, pre,
					settings, c, s, content, List.of(style), List.of(), scope, tiling, null, targets), TermTable::create))
				{
					terms[tiled] = objective.evaluate(x, scope);
				}
			}
			double whole = terms[0].values().get("temporal");
			assertTrue(whole > 0);
			assertEquals(whole, terms[1].values().get("temporal"), 1e-5 * whole, "tiled value");
			assertEquals(terms[0].total(), terms[1].total(), 1e-5 * terms[0].total(), "tiled total");
			double error = terms[0].gradient().sub(terms[1].gradient()).norm().getFloat() / terms[0].gradient().norm()
				.getFloat();
			assertEquals(0, error, 1e-4, "tiled gradient");
		}
	}

	@Test
	void withoutAnEarlierPlaneTheTermIsZeroButKeepsItsColumn() {
		try (NDManager scope = manager.newSubManager();
			StyleObjective first = temporalOnly(TemporalTargets.NONE, 100, scope);
			StyleObjective single = temporalOnly(null, 100, scope))
		{
			// (Without gradient: here no term has anything to differentiate.)
			StyleObjective.Terms t = first.loss(fixture.get("x"), scope);
			assertEquals(0, t.values().get("temporal"));
			assertEquals(0, t.total());
			assertEquals(List.of("content", "style", "tv", "temporal"), first.names(), "every plane of a sequence");
			assertEquals(List.of("content", "style", "tv"), single.names(), "a run of its own: today's columns");
		}
		assertEquals(List.of("content", "style", "tv"), TermTable.columns(Params.defaultSettings()),
			"a single image's log with the default temporal_weight");
		TermTable.Column temporal = TermTable.named("temporal");
		assertTrue(temporal.loggedIn(Params.defaultSettings(), true));
		assertFalse(temporal.loggedIn(Params.defaultSettings().toBuilder().temporalWeight(0).build(), true));
	}

	@Test
	void theStartIsTheWarpedResultWhereTrustedAndTheInitElsewhere() {
		int w = 4, h = 2;
		float[] warped = new float[3 * w * h], weights = new float[w * h], init = new float[3 * w * h];
		for (int i = 0; i < warped.length; i++) {
			warped[i] = 0.9f;
			init[i] = 0.1f;
		}
		for (int y = 0; y < h; y++) {
			weights[y * w] = 1; // trusted
			weights[y * w + 1] = 0.5f; // half
			// columns 2, 3: disoccluded (0)
		}
		TemporalTargets targets = new TemporalTargets(List.of(new TemporalTargets.Link(1, new FloatImage(w, h, 3, warped),
			new FloatImage(w, h, 1, weights))));
		float[] start = targets.start(new FloatImage(w, h, 3, init)).data();
		for (int c = 0; c < 3; c++) {
			assertArrayEquals(new float[] { 0.9f, 0.5f, 0.1f, 0.1f }, new float[] { start[c * 8], start[c * 8 + 1],
				start[c * 8 + 2], start[c * 8 + 3] }, 1e-6f);
		}
		FloatImage content = new FloatImage(w, h, 3, init);
		assertTrue(TemporalTargets.NONE.start(content) == content, "a sequence's first plane starts as a still");
	}

	private static FloatImage random(int width, int height, int channels, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] values = new float[channels * width * height];
		for (int i = 0; i < values.length; i++) values[i] = (float) random.nextDouble();
		return new FloatImage(width, height, channels, values);
	}

	private static NDArray tensor(FloatImage image, NDManager scope) {
		return scope.create(image.data(), new Shape(1, image.channels(), image.height(), image.width()));
	}
}

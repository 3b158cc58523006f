package sc.fiji.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Adam and SGD against torch.optim.Adam and torch.optim.SGD. */
class FirstOrderTest {

	/**
	 * Adam and SGD do not amplify rounding as L-BFGS does: the losses agree with torch's to about
	 * 1e-6 over the 60 steps.
	 */
	private static final double RTOL = 1e-4;

	private NDManager manager;

	@BeforeAll
	static void setUpDjl() {
		TestObjectives.setUpDjl();
	}

	@BeforeEach
	void open() {
		manager = NDManager.newBaseManager();
	}

	@AfterEach
	void close() {
		manager.close();
	}

	/** The optimiser the fixture's torch run used. */
	private ImageOptimizer build(Fixture fixture) {
		JsonObject o = fixture.optimizer;
		double lr = o.get("lr").getAsDouble();
		if (o.get("kind").getAsString().equals("adam")) {
			Adam.Builder adam = Adam.builder(lr);
			if (o.has("betas")) {
				adam.betas(o.getAsJsonArray("betas").get(0).getAsDouble(), o.getAsJsonArray("betas").get(1).getAsDouble());
			}
			return adam.build(manager);
		}
		return sgd(fixture, lr).build(manager);
	}

	/** The SGD options of the fixture's torch run, with another learning rate. */
	private static Sgd.Builder sgd(Fixture fixture, double lr) {
		JsonObject o = fixture.optimizer;
		return Sgd.builder(lr).momentum(o.has("momentum") ? o.get("momentum").getAsDouble() : 0)
			.nesterov(o.has("nesterov") && o.get("nesterov").getAsBoolean());
	}

	@ParameterizedTest
	@ValueSource(strings = { "adam_quartic", "adam_rosenbrock", "sgd_quartic", "sgd_rosenbrock",
		"sgd_quartic_nesterov", "sgd_quartic_plain" })
	void reproducesTorch(String name) {
		Fixture fixture = Fixture.load(name);
		TestObjectives.Recording objective = fixture.objective(manager);
		NDArray x = fixture.start(manager);
		try (ImageOptimizer optimizer = build(fixture)) {
			for (int i = 0; i < fixture.losses.length; i++) {
				assertEquals(1, optimizer.step(x, objective, 1 + i % 3), "one evaluation per step");
			}
		}
		fixture.assertLosses(objective.losses, RTOL);
		objective.evaluate(x, manager);
		Fixture.assertClose(fixture.finalLoss, objective.lastLoss(), RTOL, name + " final loss");
	}

	/**
	 * A non-finite evaluation comes before the update, so it leaves x and the moments as they were:
	 * stepping on with a sound objective continues torch's run as if nothing had happened.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "adam_quartic", "sgd_quartic" })
	void aNonFiniteEvaluationChangesNothing(String name) {
		Fixture fixture = Fixture.load(name);
		TestObjectives.Recording objective = fixture.objective(manager);
		TestObjectives.Faulty faulty = new TestObjectives.Faulty(objective, 11, TestObjectives.Fault.NAN_GRADIENT);
		NDArray x = fixture.start(manager);
		try (ImageOptimizer optimizer = build(fixture)) {
			for (int i = 0; i < 10; i++) optimizer.step(x, faulty, 1);
			float[] before = x.toFloatArray();
			NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> optimizer.step(x, faulty, 1));
			assertEquals(11, e.evaluation());
			assertArrayEquals(before, x.toFloatArray());
			for (int i = 10; i < fixture.losses.length; i++) optimizer.step(x, objective, 1);
		}
		objective.losses.remove(10); // the evaluation spoilt by the fault, repeated by the next step
		fixture.assertLosses(objective.losses, RTOL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "adam", "sgd" })
	void memoryStaysFlatAndIsFreedOnClose(String kind) {
		Shape shape = new Shape(1, 3, 16, 16);
		TestObjectives.Quartic objective = TestObjectives.Quartic.random(manager, shape, 3);
		NDArray x = TestObjectives.uniform(manager, shape, 101);
		int baseline = manager.getManagedArrays().size();
		ImageOptimizer optimizer = kind.equals("adam") ? Adam.builder(0.01).build(manager)
			: Sgd.builder(0.001).nesterov(true).build(manager);
		int most = 0;
		for (int i = 0; i < 200; i++) {
			optimizer.step(x, objective, 5);
			most = Math.max(most, manager.getManagedArrays().size() - baseline);
		}
		assertTrue(most <= 2, "the optimiser held " + most + " arrays");
		assertTrue(objective.lastLoss() < objective.losses.get(0) / 2, "the loss went down: " + objective.lastLoss());
		optimizer.close();
		assertEquals(baseline, manager.getManagedArrays().size(), "close() frees everything");
	}

	/**
	 * Normalised SGD is torch's SGD with the learning rate divided by the RMS of the first gradient:
	 * given torch's lr × RMS(g₀) it repeats the fixture's run, and its first step changes x by exactly
	 * that rate (RMS; with Nesterov's look-ahead by 1 + momentum times it).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "sgd_quartic", "sgd_rosenbrock", "sgd_quartic_nesterov", "sgd_quartic_plain" })
	void normalisedSgdIsTorchsWithTheFirstGradientsScale(String name) {
		Fixture fixture = Fixture.load(name);
		TestObjectives.Recording objective = fixture.objective(manager);
		NDArray x = fixture.start(manager);
		double rate;
		try (NDManager scratch = manager.newSubManager()) {
			rate = fixture.setting("lr") * rms(objective.evaluate(x, scratch).gradient().toType(DataType.FLOAT64, true)
				.toDoubleArray());
		}
		objective.losses.clear();
		try (Sgd sgd = sgd(fixture, rate).normalized(true).build(manager)) {
			assertTrue(sgd.isNormalized());
			double[] start = x.toType(DataType.FLOAT64, true).toDoubleArray();
			sgd.step(x, objective, 1);
			double[] moved = x.toType(DataType.FLOAT64, true).toDoubleArray();
			for (int i = 0; i < moved.length; i++) moved[i] -= start[i];
			JsonObject o = fixture.optimizer;
			double lookAhead = o.has("nesterov") && o.get("nesterov").getAsBoolean() ? 1 + o.get("momentum").getAsDouble() : 1;
			Fixture.assertClose(rate * lookAhead, rms(moved), RTOL, name + ": RMS change of the first step");
			for (int i = 1; i < fixture.losses.length; i++) sgd.step(x, objective, 1);
		}
		fixture.assertLosses(objective.losses, RTOL);
	}

	/**
	 * Normalised, SGD takes the same steps whatever the loss scale, also where float32 squares of the
	 * gradient would overflow (1e25) or vanish (1e-25); after reset() the scale is measured afresh.
	 */
	@ParameterizedTest
	@ValueSource(doubles = { 1e-25, 1e25 })
	void normalisedStepsDoNotDependOnTheLossScale(double k) {
		Shape shape = new Shape(1, 3, 8, 8);
		TestObjectives.Quartic f = TestObjectives.Quartic.random(manager, shape, 5);
		Objective scaled = (x, owner) -> {
			Evaluation e = f.evaluate(x, owner);
			return new Evaluation(k * e.loss(), e.gradient().mul(k));
		};
		NDArray x = TestObjectives.uniform(manager, shape, 6);
		NDArray y = x.duplicate();
		try (Sgd plain = Sgd.builder(0.01).normalized(true).build(manager);
			Sgd other = Sgd.builder(0.01).normalized(true).build(manager))
		{
			for (int i = 0; i < 20; i++) {
				plain.step(x, f, 1);
				other.step(y, scaled, 1);
			}
			assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 1e-5f, "loss scale " + k);
			other.reset();
			float[] before = y.toFloatArray();
			other.step(y, scaled, 1);
			float[] after = y.toFloatArray();
			double[] moved = new double[after.length];
			for (int i = 0; i < moved.length; i++) moved[i] = after[i] - before[i];
			assertEquals(0.01, rms(moved), 1e-6, "after reset() the first step's RMS change is the learning rate");
		}
	}

	private static double rms(double[] values) {
		double sum = 0;
		for (double v : values) sum += v * v;
		return Math.sqrt(sum / values.length);
	}

	@Test
	void anImageOfAnotherShapeStartsAfresh() {
		TestObjectives.Quartic small = TestObjectives.Quartic.random(manager, new Shape(1, 1, 4, 4), 1);
		TestObjectives.Quartic large = TestObjectives.Quartic.random(manager, new Shape(1, 1, 8, 8), 2);
		NDArray x = manager.zeros(new Shape(1, 1, 4, 4));
		try (ImageOptimizer adam = Adam.builder(0.1).build(manager)) {
			for (int i = 0; i < 3; i++) adam.step(x, small, 1);
			NDArray y = manager.zeros(new Shape(1, 1, 8, 8));
			adam.step(y, large, 1);
			// A first Adam step (fresh moments, bias correction for step 1) moves every pixel by lr.
			for (float v : y.toFloatArray()) assertEquals(0.1, Math.abs(v), 1e-5);
		}
		try (ImageOptimizer sgd = Sgd.builder(0.01).build(manager)) {
			for (int i = 0; i < 3; i++) sgd.step(x, small, 1);
			NDArray y = manager.zeros(new Shape(1, 1, 8, 8));
			NDArray expected = large.evaluate(y, manager).gradient().mul(-0.01);
			sgd.step(y, large, 1);
			// A first SGD step (the momentum buffer starts as the gradient) is -lr g.
			assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-7f);
		}
	}

	@Test
	void refusesBadOptions() {
		assertThrows(IllegalArgumentException.class, () -> Adam.builder(-1));
		assertThrows(IllegalArgumentException.class, () -> Adam.builder(0.1).betas(1, 0.999));
		assertThrows(IllegalArgumentException.class, () -> Adam.builder(0.1).epsilon(0));
		assertThrows(IllegalArgumentException.class, () -> Sgd.builder(Double.POSITIVE_INFINITY));
		assertThrows(IllegalArgumentException.class, () -> Sgd.builder(0.1).momentum(1));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Sgd.builder(0.1).momentum(0).nesterov(true).build(manager));
		assertTrue(e.getMessage().contains("Nesterov"), e.getMessage());
	}
}

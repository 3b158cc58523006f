package sc.fiji.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class OptimizersTest {

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

	@ParameterizedTest
	@CsvSource({ "lbfgs, LBFGS", "L-BFGS, LBFGS", " LBFGS , LBFGS", "adam, ADAM", "Adam, ADAM", "SGD, SGD",
		"sgd, SGD" })
	void parsesNamesInAnyCase(String text, OptimizerKind expected) {
		assertEquals(expected, OptimizerKind.parse(text));
	}

	@Test
	void anUnknownNameListsTheChoices() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("rmsprop"));
		assertTrue(e.getMessage().contains("'rmsprop'") && e.getMessage().contains("lbfgs, adam, sgd"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse(null));
		assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse(""));
	}

	@Test
	void namesAndDefaults() {
		assertEquals("L-BFGS", OptimizerKind.LBFGS.displayName());
		assertEquals("adam", OptimizerKind.ADAM.id());
		assertEquals(1.0, OptimizerKind.LBFGS.defaultLearningRate());
		for (OptimizerKind kind : OptimizerKind.values()) {
			assertEquals(kind, OptimizerKind.parse(kind.id()));
			assertEquals(kind, OptimizerKind.parse(kind.displayName()));
			assertTrue(kind.defaultLearningRate() > 0 && kind.defaultLearningRate() <= 1);
		}
	}

	@Test
	void createsTheChosenOptimiser() {
		try (ImageOptimizer lbfgs = Optimizers.create(OptimizerKind.LBFGS, manager);
			ImageOptimizer adam = Optimizers.create(OptimizerKind.ADAM, 0.5, manager);
			ImageOptimizer sgd = Optimizers.create(OptimizerKind.SGD, manager))
		{
			assertInstanceOf(Lbfgs.class, lbfgs);
			assertEquals(Lbfgs.DEFAULT_HISTORY_SIZE, ((Lbfgs) lbfgs).historySize());
			assertEquals(0.5, assertInstanceOf(Adam.class, adam).learningRate());
			assertEquals(OptimizerKind.SGD.defaultLearningRate(), assertInstanceOf(Sgd.class, sgd).learningRate());
			assertTrue(((Sgd) sgd).isNormalized(), "the user's SGD rate is in pixel units, as Adam's");
		}
		Lbfgs.Builder options = Lbfgs.builder().historySize(4).lineSearch(true);
		try (Lbfgs lbfgs = (Lbfgs) Optimizers.create(OptimizerKind.LBFGS, 0.5, options, manager);
			Lbfgs other = Optimizers.lbfgs(0.25, 7, false, manager))
		{
			assertEquals(4, lbfgs.historySize());
			assertTrue(lbfgs.lineSearch());
			assertEquals(0.5, lbfgs.learningRate());
			try (Lbfgs fromOptions = options.build(manager)) {
				assertEquals(1.0, fromOptions.learningRate(), "the options given are not changed");
			}
			assertEquals(7, other.historySize());
			assertEquals(0.25, other.learningRate());
		}
		assertThrows(IllegalArgumentException.class, () -> Optimizers.create(OptimizerKind.ADAM, -1, manager));
	}

	/** Every optimiser lowers the loss of a small ill-conditioned problem on a 3×8×8 image. */
	@ParameterizedTest
	@EnumSource(OptimizerKind.class)
	void lowersTheLoss(OptimizerKind kind) {
		Shape shape = new Shape(1, 3, 8, 8);
		TestObjectives.Quartic objective = TestObjectives.Quartic.random(manager, shape, 21);
		NDArray x = TestObjectives.uniform(manager, shape, 22);
		// Adam's and (normalised) SGD's rates are steps in pixel units, L-BFGS's a factor on its own step.
		double lr = kind == OptimizerKind.SGD ? 0.005 : kind == OptimizerKind.ADAM ? 0.05 : 1;
		try (ImageOptimizer optimizer = Optimizers.create(kind, lr, manager)) {
			int used = 0;
			while (used < 60) used += optimizer.step(x, objective, 60 - used);
			assertEquals(60, objective.calls());
		}
		double first = objective.losses.get(0);
		assertTrue(objective.lastLoss() < first / 20, kind + ": " + first + " -> " + objective.lastLoss());
	}
}

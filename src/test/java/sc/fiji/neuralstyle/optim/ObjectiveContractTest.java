package sc.fiji.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * The gradient an {@link Objective} returns must be that of its own evaluation: DJL's PyTorch
 * engine adds every backward pass into the leaf's gradient. These tests show the patterns the
 * {@link Objective} Javadoc recommends, and that the pitfall they avoid is real.
 */
class ObjectiveContractTest {

	private NDManager manager;
	private NDArray a;
	private NDArray c;

	@BeforeAll
	static void setUpDjl() {
		TestObjectives.setUpDjl();
	}

	@BeforeEach
	void open() {
		manager = NDManager.newBaseManager();
		java.util.Random random = new java.util.Random(9);
		float[] av = new float[48], cv = new float[48];
		for (int i = 0; i < av.length; i++) {
			av[i] = (float) Math.pow(10, 3 * random.nextDouble() - 2);
			cv[i] = random.nextFloat();
		}
		a = manager.create(av, new Shape(1, 3, 4, 4));
		c = manager.create(cv, new Shape(1, 3, 4, 4));
	}

	@AfterEach
	void close() {
		manager.close();
	}

	/** Σ ½ a (x - c)² + ¼ (x - c)⁴ by autograd ops on the leaf; results attach to the leaf's manager. */
	private NDArray loss(NDArray leaf) {
		NDArray r = leaf.sub(c);
		NDArray r2 = r.mul(r);
		return r2.mul(a).mul(0.5).add(r2.mul(r2).mul(0.25)).sum();
	}

	/** The recommended pattern: a fresh leaf for every evaluation. */
	private final class FreshLeaf extends TestObjectives.Recording {

		@Override
		public Evaluation evaluate(NDArray x, NDManager owner) {
			try (NDManager scratch = owner.newSubManager();
				GradientCollector collector = Engine.getInstance().newGradientCollector())
			{
				NDArray leaf = x.duplicate();
				leaf.attach(scratch);
				leaf.setRequiresGradient(true);
				NDArray loss = loss(leaf);
				collector.backward(loss);
				NDArray gradient = leaf.getGradient().duplicate();
				gradient.attach(owner);
				losses.add((double) loss.getFloat());
				return new Evaluation(loss.getFloat(), gradient);
			}
		}
	}

	/** A leaf kept across evaluations (here at a fixed point), its gradient zeroed or not. */
	private NDArray[] gradientsOfKeptLeaf(NDArray x, boolean zero, int times) {
		NDArray leaf = x.duplicate();
		leaf.setRequiresGradient(true);
		NDArray[] gradients = new NDArray[times];
		for (int i = 0; i < times; i++) {
			if (zero) {
				NDArray g = leaf.getGradient();
				g.subi(g);
			}
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				collector.backward(loss(leaf));
			}
			gradients[i] = leaf.getGradient().duplicate();
		}
		return gradients;
	}

	private float[] analyticGradient(NDArray x) {
		return new TestObjectives.Quartic(a, c, 1).evaluate(x, manager).gradient().toFloatArray();
	}

	@Test
	void aFreshLeafGivesTheGradientOfEachEvaluationAlone() {
		NDArray x = TestObjectives.uniform(manager, a.getShape(), 101);
		FreshLeaf objective = new FreshLeaf();
		float[] first = objective.evaluate(x, manager).gradient().toFloatArray();
		float[] second = objective.evaluate(x, manager).gradient().toFloatArray();
		assertArrayEquals(first, second);
		assertArrayEquals(analyticGradient(x), first, 1e-5f);
	}

	@Test
	void aKeptLeafAccumulatesUnlessItsGradientIsZeroed() {
		NDArray x = TestObjectives.uniform(manager, a.getShape(), 102);
		float[] expected = analyticGradient(x);
		NDArray[] accumulated = gradientsOfKeptLeaf(x, false, 2);
		assertArrayEquals(expected, accumulated[0].toFloatArray(), 1e-5f);
		float[] twice = accumulated[1].toFloatArray();
		for (int i = 0; i < twice.length; i++) assertEquals(2 * expected[i], twice[i], 1e-4f, "the pitfall");
		NDArray[] zeroed = gradientsOfKeptLeaf(x, true, 2);
		assertArrayEquals(expected, zeroed[1].toFloatArray(), 1e-5f);
	}

	@Test
	void lbfgsRunsTheSameOnAnAutogradObjective() {
		NDArray x = TestObjectives.uniform(manager, a.getShape(), 103);
		NDArray y = x.duplicate();
		FreshLeaf autograd = new FreshLeaf();
		TestObjectives.Quartic analytic = new TestObjectives.Quartic(a, c, 1);
		try (Lbfgs one = Lbfgs.builder().lineSearch(true).build(manager);
			Lbfgs other = Lbfgs.builder().lineSearch(true).build(manager))
		{
			for (int i = 0; i < 10; i++) {
				one.step(x, autograd, 5);
				other.step(y, analytic, 5);
			}
		}
		List<Double> expected = analytic.losses;
		assertEquals(expected.size(), autograd.losses.size());
		for (int i = 0; i < expected.size(); i++) {
			Fixture.assertClose(expected.get(i), autograd.losses.get(i), 1e-4, "evaluation " + (i + 1));
		}
	}
}

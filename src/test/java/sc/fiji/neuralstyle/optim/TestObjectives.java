package sc.fiji.neuralstyle.optim;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Objectives for the optimiser tests. Loss and gradient are computed analytically in float32 with
 * the operation order of scripts/make_optim_fixtures.py, so that only the optimisers differ from
 * PyTorch's. Temporaries live in a sub-manager of the gradient's owner, so nothing they create
 * attaches to x's manager.
 */
final class TestObjectives {

	private TestObjectives() {
	}

	static void setUpDjl() {
		System.setProperty("OPT_OUT_TRACKING", "true");
		System.setProperty("ai.djl.offline", "true");
	}

	/** A seeded array of uniform values in [0, 1). */
	static NDArray uniform(NDManager manager, Shape shape, long seed) {
		java.util.Random random = new java.util.Random(seed);
		float[] values = new float[(int) shape.size()];
		for (int i = 0; i < values.length; i++) values[i] = random.nextFloat();
		return manager.create(values, shape);
	}

	/** An objective that records every loss it returns. */
	abstract static class Recording implements Objective {

		final List<Double> losses = new ArrayList<>();

		int calls() {
			return losses.size();
		}

		double lastLoss() {
			return losses.get(losses.size() - 1);
		}
	}

	/** f(x) = Σ ½ a (x - c)² + ¼ b (x - c)⁴, elementwise a &gt; 0. */
	static final class Quartic extends Recording {

		private final NDArray a, halfA, c;
		private final double b;

		Quartic(NDArray a, NDArray c, double b) {
			this.a = a;
			this.halfA = a.mul(0.5);
			this.c = c;
			this.b = b;
		}

		/** ½ |x - c|²: the identity Hessian, minimum 0 at c. */
		static Quartic sphere(NDArray c) {
			return new Quartic(c.onesLike(), c, 0);
		}

		/** A seeded ill-conditioned problem on an image of the given shape. */
		static Quartic random(NDManager manager, Shape shape, long seed) {
			java.util.Random random = new java.util.Random(seed);
			float[] a = new float[(int) shape.size()];
			float[] c = new float[a.length];
			for (int i = 0; i < a.length; i++) {
				a[i] = (float) Math.pow(10, 4 * random.nextDouble() - 2);
				c[i] = random.nextFloat();
			}
			return new Quartic(manager.create(a, shape), manager.create(c, shape), 1);
		}

		@Override
		public Evaluation evaluate(NDArray x, NDManager owner) {
			try (NDManager scratch = owner.newSubManager()) {
				NDArray r = Tensors.own(x.sub(c), scratch);
				NDArray r2 = r.mul(r);
				NDArray loss = r2.mul(halfA).add(r2.mul(r2).mul(0.25 * b)).sum();
				NDArray gradient = r.mul(a).add(r2.mul(r).mul(b));
				gradient.attach(owner);
				double value = Tensors.scalar(loss);
				losses.add(value);
				return new Evaluation(value, gradient);
			}
		}
	}

	/** (1 - u)² + 100 (v - u²)² on a 2-vector (u, v), computed on the host in x's precision. */
	static final class Rosenbrock extends Recording {

		@Override
		public Evaluation evaluate(NDArray x, NDManager owner) {
			if (x.getDataType() == DataType.FLOAT64) return evaluate64(x, owner);
			float[] p = x.toFloatArray();
			float u = p[0], v = p[1];
			float w = v - u * u;
			float loss = (1 - u) * (1 - u) + 100f * w * w;
			float[] gradient = { -2f * (1 - u) - 400f * w * u, 200f * w };
			losses.add((double) loss);
			return new Evaluation(loss, owner.create(gradient, new Shape(2)).toDevice(x.getDevice(), false));
		}

		private Evaluation evaluate64(NDArray x, NDManager owner) {
			double[] p = x.toDoubleArray();
			double u = p[0], v = p[1];
			double w = v - u * u;
			double loss = (1 - u) * (1 - u) + 100 * w * w;
			double[] gradient = { -2 * (1 - u) - 400 * w * u, 200 * w };
			losses.add(loss);
			return new Evaluation(loss, owner.create(gradient, new Shape(2)).toDevice(x.getDevice(), false));
		}
	}

	/** What a {@link Faulty} objective breaks. */
	enum Fault {
		NAN_LOSS, INFINITE_LOSS, NAN_GRADIENT, INFINITE_GRADIENT
	}

	/** Passes evaluations through, except that call number {@code badCall} (1-based) goes wrong. */
	static final class Faulty extends Recording {

		private final Objective inner;
		private final int badCall;
		private final Fault fault;

		Faulty(Objective inner, int badCall, Fault fault) {
			this.inner = inner;
			this.badCall = badCall;
			this.fault = fault;
		}

		@Override
		public Evaluation evaluate(NDArray x, NDManager owner) {
			Evaluation e = inner.evaluate(x, owner);
			double loss = e.loss();
			NDArray gradient = e.gradient();
			if (losses.size() + 1 == badCall) {
				switch (fault) {
					case NAN_LOSS -> loss = Double.NaN;
					case INFINITE_LOSS -> loss = Double.POSITIVE_INFINITY;
					case NAN_GRADIENT -> gradient.set(firstElement(gradient), Float.NaN);
					case INFINITE_GRADIENT -> gradient.set(firstElement(gradient), Float.NEGATIVE_INFINITY);
				}
			}
			losses.add(loss);
			return new Evaluation(loss, gradient);
		}

		private static NDIndex firstElement(NDArray a) {
			return new NDIndex(new long[a.getShape().dimension()]);
		}
	}
}

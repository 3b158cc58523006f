package sc.fiji.neuralstyle.optim;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A line search along a direction d from x for a step t satisfying the strong Wolfe conditions,
 * ported from torch.optim.lbfgs._strong_wolfe (itself from torch7's lswolfe.lua) so that runs can be
 * compared with PyTorch's. It first brackets an acceptable step, growing t with cubic
 * extrapolation, then zooms into the bracket with safeguarded cubic interpolation. It never
 * modifies x: trial points are evaluated as new arrays.
 */
final class StrongWolfe {

	/** Sufficient decrease (Armijo) constant: torch's default. */
	private static final double C1 = 1e-4;
	/** Curvature constant: torch's default. */
	private static final double C2 = 0.9;

	/**
	 * The step the search settled on.
	 *
	 * @param step the step length t (0 when no trial point was better than x)
	 * @param sample loss and gradient at x + t d; the gradient is owned by the search's manager
	 * @param evaluations how many evaluations the search used
	 */
	record Result(double step, Evaluator.Sample sample, int evaluations) {
	}

	/** A point on the line: step, loss, gradient, directional derivative, and what owns the gradient. */
	private record Point(double t, double f, NDArray g, double gtd, double gMaxAbs, NDManager owner) {
	}

	private final Objective objective;
	private final Evaluator evaluator;
	private final NDArray x;
	private final NDArray d;
	private final NDManager manager;
	private final List<Point> created = new ArrayList<>();

	private StrongWolfe(Objective objective, Evaluator evaluator, NDArray x, NDArray d, NDManager manager) {
		this.objective = objective;
		this.evaluator = evaluator;
		this.x = x;
		this.d = d;
		this.manager = manager;
	}

	/**
	 * Searches along {@code d}.
	 *
	 * @param objective the function
	 * @param evaluator counts and checks evaluations
	 * @param x the start point (not modified)
	 * @param d the 1-D search direction, a descent direction ({@code gtd < 0})
	 * @param t the first step to try
	 * @param f the loss at x
	 * @param g the 1-D gradient at x (not closed, not returned: a copy is returned if t = 0 wins)
	 * @param gMaxAbs the largest absolute component of g
	 * @param gtd g · d
	 * @param maxIterations torch's {@code max_ls}: the search evaluates at most {@code 1 + maxIterations}
	 *        times
	 * @param toleranceChange stop zooming when the bracket moves x by less than this
	 * @param manager owns the result's gradient and all temporaries
	 */
	static Result search(Objective objective, Evaluator evaluator, NDArray x, NDArray d, double t, double f,
		NDArray g, double gMaxAbs, double gtd, int maxIterations, double toleranceChange, NDManager manager)
	{
		return new StrongWolfe(objective, evaluator, x, d, manager).run(t, f, g, gMaxAbs, gtd, maxIterations,
			toleranceChange);
	}

	private Result run(double t, double f, NDArray g, double gMaxAbs, double gtd, int maxIterations,
		double toleranceChange)
	{
		double dNorm = Tensors.maxAbs(d);
		Point start = new Point(0, f, g, gtd, gMaxAbs, null);
		Point cur = evaluateAt(t);
		int evaluations = 1;

		// Bracket an interval containing a point satisfying the Wolfe criteria.
		Point prev = start;
		Point[] bracket = null;
		boolean done = false;
		int iteration = 0;
		while (iteration < maxIterations) {
			if (cur.f > f + C1 * cur.t * gtd || (iteration > 1 && cur.f >= prev.f)) {
				bracket = new Point[] { prev, cur };
				break;
			}
			if (Math.abs(cur.gtd) <= -C2 * gtd) {
				bracket = new Point[] { cur };
				done = true;
				break;
			}
			if (cur.gtd >= 0) {
				bracket = new Point[] { prev, cur };
				break;
			}
			double minStep = cur.t + 0.01 * (cur.t - prev.t);
			double maxStep = cur.t * 10;
			double next = cubicInterpolate(prev.t, prev.f, prev.gtd, cur.t, cur.f, cur.gtd, minStep, maxStep);
			prev = cur;
			cur = evaluateAt(next);
			evaluations++;
			iteration++;
			release(prev, cur);
		}
		if (iteration == maxIterations) bracket = new Point[] { start, cur };

		// Zoom: shrink the bracket until a point satisfies the criteria.
		int low = bracket.length == 1 || bracket[0].f <= bracket[1].f ? 0 : 1;
		int high = 1 - low;
		boolean insufficientProgress = false;
		while (!done && iteration < maxIterations) {
			if (Math.abs(bracket[1].t - bracket[0].t) * dNorm < toleranceChange) break;
			double lo = Math.min(bracket[0].t, bracket[1].t);
			double hi = Math.max(bracket[0].t, bracket[1].t);
			double next = cubicInterpolate(bracket[0].t, bracket[0].f, bracket[0].gtd, bracket[1].t, bracket[1].f,
				bracket[1].gtd, lo, hi);
			// A trial too close to an end of the bracket makes little progress: if that happens twice,
			// or the trial is at an end, move it 10% of the bracket inside.
			double eps = 0.1 * (hi - lo);
			if (Math.min(hi - next, next - lo) < eps) {
				if (insufficientProgress || next >= hi || next <= lo) {
					next = Math.abs(next - hi) < Math.abs(next - lo) ? hi - eps : lo + eps;
					insufficientProgress = false;
				}
				else {
					insufficientProgress = true;
				}
			}
			else {
				insufficientProgress = false;
			}
			Point p = evaluateAt(next);
			evaluations++;
			iteration++;
			if (p.f > f + C1 * p.t * gtd || p.f >= bracket[low].f) {
				// Not a sufficient decrease, or not below the lowest point: p becomes the high end.
				bracket[high] = p;
				low = bracket[0].f <= bracket[1].f ? 0 : 1;
				high = 1 - low;
			}
			else {
				if (Math.abs(p.gtd) <= -C2 * gtd) {
					done = true;
				}
				else if (p.gtd * (bracket[high].t - bracket[low].t) >= 0) {
					bracket[high] = bracket[low];
				}
				bracket[low] = p;
			}
			release(bracket);
		}

		Point best = bracket[low];
		release(best);
		NDArray gradient = best.owner == null ? Tensors.own(g.duplicate(), manager) : best.g;
		return new Result(best.t, new Evaluator.Sample(best.f, gradient, best.gMaxAbs), evaluations);
	}

	/** Evaluates at x + t d, in a manager of its own so the point can be freed when dropped. */
	private Point evaluateAt(double t) {
		NDManager owner = manager.newSubManager();
		Point p;
		try (NDArray step = d.mul(t); NDArray shaped = step.reshape(x.getShape())) {
			NDArray trial = Tensors.own(x.add(shaped), owner);
			Evaluator.Sample s = evaluator.evaluate(objective, trial, owner);
			trial.close();
			p = new Point(t, s.loss(), s.gradient(), Tensors.dot(s.gradient(), d), s.gradientMaxAbs(), owner);
		}
		created.add(p);
		return p;
	}

	/** Frees the points no longer referenced. */
	private void release(Point... kept) {
		created.removeIf(p -> {
			for (Point k : kept) {
				if (k == p) return false;
			}
			p.owner.close();
			return true;
		});
	}

	/**
	 * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to
	 * [xmin, xmax]; the middle of the interval when the cubic has no minimiser (or the numbers
	 * degenerate, e.g. x1 = x2 once the tolerances are switched off, where torch would return NaN).
	 */
	static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
		double xmin, double xmax)
	{
		double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
		double d2Square = d1 * d1 - g1 * g2;
		if (d2Square >= 0) {
			double d2 = Math.sqrt(d2Square);
			double minPos = x1 <= x2
				? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
				: x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
			if (!Double.isNaN(minPos)) return Math.min(Math.max(minPos, xmin), xmax);
		}
		return (xmin + xmax) / 2;
	}
}

package sc.fiji.neuralstyle.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Limited-memory BFGS, following torch.optim.LBFGS so that runs can be compared with PyTorch
 * implementations of neural style: the two-loop recursion, a fixed step {@code learningRate} (the
 * very first step scaled by min(1, 1/|g|₁)), an optional strong-Wolfe line search, and torch's
 * tolerance checks.
 * <p>
 * One {@link #step} is one L-BFGS iteration. The loss and gradient at x are kept from the previous
 * step's last evaluation, so without line search the first step costs two evaluations (x, then the
 * new x) and every later step one; the sequence of evaluations is the same as that of one torch
 * {@code step()} with {@code max_iter} iterations. When a step's budget does not allow evaluating
 * the new x, x is moved anyway (as torch does in its last iteration) and the next step evaluates it
 * first. With line search a step uses 1 + up to {@code maxLineSearchIterations} evaluations, never
 * more than it is allowed: a step allowed only the evaluation of x stops there without moving, and
 * a search cut short by the budget before it found a lower point leaves x alone and is redone by
 * the next step.
 * <p>
 * Tolerances end progress as in torch: once the gradient, the step or the change of the loss falls
 * below them, {@link #stopReason()} says so (a caller that steps on anyway gets x re-evaluated and
 * the iteration retried, like a new torch {@code step()} call). A non-finite evaluation or any other
 * exception from the objective drops all state (as {@link #reset()}) before it propagates.
 * <p>
 * Memory: each history pair holds two image-sized vectors, and the direction, the gradient and the
 * previous gradient three more, so the optimiser keeps {@code 2 historySize + 3} image-sized arrays.
 * <p>
 * If x is changed between steps (another array, another shape, or other contents: checked with
 * its sum and sum of squares), the optimiser starts afresh, as after {@link #reset()}: its cached
 * gradient and history describe another point. Clamping x between steps therefore defeats it.
 */
public final class Lbfgs implements ImageOptimizer {

	/**
	 * Pairs kept by default. torch and minFunc default to 100, but each pair costs two image-sized
	 * tensors: at 1024×1024 RGB that is 25 MB a pair, 2.5 GB for 100 — more than VGG-19 itself needs
	 * on a GPU. Nocedal &amp; Wright (Numerical Optimization, §7.2) find 3 to 20 pairs usually enough;
	 * 10 costs 250 MB at that size.
	 */
	public static final int DEFAULT_HISTORY_SIZE = 10;
	/** torch's default step size: L-BFGS steps are already scaled by the curvature estimate. */
	public static final double DEFAULT_LEARNING_RATE = 1;
	/** torch's {@code tolerance_grad}. */
	public static final double DEFAULT_TOLERANCE_GRAD = 1e-7;
	/** torch's {@code tolerance_change}. */
	public static final double DEFAULT_TOLERANCE_CHANGE = 1e-9;
	/** torch's {@code max_ls}. */
	public static final int DEFAULT_MAX_LINE_SEARCH_ITERATIONS = 25;

	/** Pairs with y·s at or below this are dropped: they would spoil the curvature estimate (torch). */
	private static final double MIN_CURVATURE = 1e-10;

	private final double learningRate;
	private final int historySize;
	private final boolean lineSearch;
	private final double toleranceGrad;
	private final double toleranceChange;
	private final int maxLineSearchIterations;

	private final NDManager manager;
	private final Evaluator evaluator = new Evaluator();

	// Curvature pairs, oldest first: y = g_{k+1} - g_k, s = x_{k+1} - x_k, rho = 1 / (y·s).
	private final List<NDArray> gradientChanges = new ArrayList<>();
	private final List<NDArray> steps = new ArrayList<>();
	private final List<Double> rhos = new ArrayList<>();
	private double hessianDiagonal = 1;
	private NDArray direction;
	private double stepLength;
	private NDArray previousGradient;
	private double previousLoss;
	/** L-BFGS iterations since creation or reset (torch's {@code n_iter}). */
	private int iteration;

	// The evaluation at the current x, or gradient == null if x has not been evaluated.
	private NDArray gradient;
	private double loss;
	private double gradientMaxAbs;

	private Fingerprint fingerprint;
	private String stopReason;

	private Lbfgs(Builder options, NDManager parent) {
		this.learningRate = options.learningRate;
		this.historySize = options.historySize;
		this.lineSearch = options.lineSearch;
		this.toleranceGrad = options.toleranceGrad;
		this.toleranceChange = options.toleranceChange;
		this.maxLineSearchIterations = options.maxLineSearchIterations;
		this.manager = parent.newSubManager();
		manager.setName("L-BFGS state");
	}

	/** Options with torch's defaults, except the history size ({@value #DEFAULT_HISTORY_SIZE}). */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public int step(NDArray x, Objective objective, int maxEvaluations) {
		Tensors.checkStep(x, objective, maxEvaluations, manager);
		if (fingerprint != null && !fingerprint.matches(x)) reset();
		if (stopReason != null) {
			// Stepping after a stop is like a new torch step() call: look at x afresh, carry on.
			dropEvaluation();
			stopReason = null;
		}
		try (NDManager scratch = manager.newSubManager(x.getDevice())) {
			int used = 0;
			if (gradient == null) {
				keep(evaluator.evaluate(objective, x, scratch));
				used++;
				if (gradientMaxAbs <= toleranceGrad) stopReason = gradientReason();
			}
			if (stopReason == null && (used < maxEvaluations || !lineSearch)) {
				used += iterate(x, objective, maxEvaluations - used, scratch);
			}
			if (used == 0) {
				// The iteration stopped before moving x; keep the promise of at least one evaluation.
				keep(evaluator.evaluate(objective, x, scratch));
				used++;
			}
			fingerprint = Fingerprint.of(x);
			return used;
		}
		catch (RuntimeException e) {
			// Nothing half-updated may survive (a NaN, or an iteration the objective interrupted);
			// x itself is left as it is.
			reset();
			throw e;
		}
	}

	/** One L-BFGS iteration from the evaluated point x; returns the evaluations it used. */
	private int iterate(NDArray x, Objective objective, int budget, NDManager scratch) {
		iteration++;
		double gtd = chooseDirection(scratch);
		if (iteration > 1 && !Double.isFinite(gtd)) {
			// The curvature history overflowed: restart from steepest descent rather than move by NaN.
			clearHistory();
			iteration = 1;
			gtd = chooseDirection(scratch);
		}
		previousGradient = swap(previousGradient, Tensors.own(gradient.duplicate(), manager));
		previousLoss = loss;
		double t = iteration == 1 ? Math.min(1, 1 / Tensors.sumAbs(gradient)) * learningRate : learningRate;
		stepLength = t;
		if (gtd > -toleranceChange) {
			stopReason = "L-BFGS stalled: the search direction no longer descends (directional derivative " + gtd
				+ " > -tolerance_change " + -toleranceChange + ")";
			return 0;
		}

		int used;
		boolean evaluated;
		if (lineSearch) {
			int maxIterations = Math.min(maxLineSearchIterations, budget - 1);
			StrongWolfe.Result r = StrongWolfe.search(objective, evaluator, x, direction, t, loss, gradient,
				gradientMaxAbs, gtd, maxIterations, toleranceChange, scratch);
			if (r.step() == 0 && maxIterations < maxLineSearchIterations) {
				// The budget cut the search short before it found a lower point: x has not moved and
				// nothing was learnt, so undo the iteration; the next step redoes it with more budget.
				iteration--;
				return r.evaluations();
			}
			t = r.step();
			Tensors.addScaled(x, direction, t);
			keep(r.sample());
			used = r.evaluations();
			evaluated = true;
		}
		else {
			Tensors.addScaled(x, direction, t);
			if (budget > 0) {
				keep(evaluator.evaluate(objective, x, scratch));
				used = 1;
				evaluated = true;
			}
			else {
				dropEvaluation();
				used = 0;
				evaluated = false;
			}
		}
		stepLength = t;

		// torch's checks, in torch's order.
		if (evaluated && gradientMaxAbs <= toleranceGrad) {
			stopReason = gradientReason();
		}
		else if (Tensors.maxAbs(direction) * Math.abs(t) <= toleranceChange) {
			stopReason = "L-BFGS stalled: the last step changed no value by more than tolerance_change ("
				+ toleranceChange + ")";
		}
		else if (evaluated && Math.abs(loss - previousLoss) < toleranceChange) {
			stopReason = "L-BFGS stalled: the loss changed by less than tolerance_change (" + toleranceChange
				+ ") in the last step";
		}
		return used;
	}

	/** Sets {@link #direction} for this iteration and returns its directional derivative g·d. */
	private double chooseDirection(NDManager scratch) {
		NDArray d;
		if (iteration == 1) {
			clearHistory();
			hessianDiagonal = 1;
			d = gradient.neg();
		}
		else {
			updateHistory();
			d = twoLoop(scratch);
		}
		direction = swap(direction, Tensors.own(d, manager));
		return Tensors.dot(gradient, direction);
	}

	/** Adds the pair from the last step, dropping the oldest when full. */
	private void updateHistory() {
		NDArray y = gradient.sub(previousGradient);
		NDArray s = direction.mul(stepLength);
		double ys = Tensors.dot(y, s);
		if (ys > MIN_CURVATURE) {
			if (gradientChanges.size() == historySize) {
				gradientChanges.remove(0).close();
				steps.remove(0).close();
				rhos.remove(0);
			}
			gradientChanges.add(Tensors.own(y, manager));
			steps.add(Tensors.own(s, manager));
			rhos.add(1 / ys);
			// Scale of the initial inverse Hessian estimate.
			hessianDiagonal = ys / Tensors.dot(y, y);
		}
		else {
			y.close();
			s.close();
		}
	}

	/** The two-loop recursion: the inverse Hessian estimate times -g. */
	private NDArray twoLoop(NDManager scratch) {
		int k = gradientChanges.size();
		double[] alpha = new double[k];
		NDArray q = Tensors.own(gradient.neg(), scratch);
		for (int i = k - 1; i >= 0; i--) {
			alpha[i] = Tensors.dot(steps.get(i), q) * rhos.get(i);
			try (NDArray u = gradientChanges.get(i).mul(alpha[i])) {
				q.subi(u);
			}
		}
		NDArray r = q.muli(hessianDiagonal);
		for (int i = 0; i < k; i++) {
			double beta = Tensors.dot(gradientChanges.get(i), r) * rhos.get(i);
			try (NDArray u = steps.get(i).mul(alpha[i] - beta)) {
				r.addi(u);
			}
		}
		return r;
	}

	/** Makes a checked evaluation the one at the current x. */
	private void keep(Evaluator.Sample sample) {
		gradient = swap(gradient, Tensors.own(sample.gradient(), manager));
		loss = sample.loss();
		gradientMaxAbs = sample.gradientMaxAbs();
	}

	private void dropEvaluation() {
		if (gradient != null) gradient.close();
		gradient = null;
	}

	private void clearHistory() {
		gradientChanges.forEach(NDArray::close);
		steps.forEach(NDArray::close);
		gradientChanges.clear();
		steps.clear();
		rhos.clear();
	}

	/** Returns {@code replacement}, having closed {@code old} unless it is the same array. */
	private static NDArray swap(NDArray old, NDArray replacement) {
		if (old != null && old != replacement) old.close();
		return replacement;
	}

	private String gradientReason() {
		return "L-BFGS converged: the largest gradient component (" + gradientMaxAbs
			+ ") is at most tolerance_grad (" + toleranceGrad + ")";
	}

	@Override
	public Optional<String> stopReason() {
		return Optional.ofNullable(stopReason);
	}

	@Override
	public void reset() {
		clearHistory();
		dropEvaluation();
		direction = swap(direction, null);
		previousGradient = swap(previousGradient, null);
		hessianDiagonal = 1;
		iteration = 0;
		fingerprint = null;
		stopReason = null;
	}

	/** Number of curvature pairs held now (at most {@link #historySize()}). */
	public int historyLength() {
		return gradientChanges.size();
	}

	public int historySize() {
		return historySize;
	}

	public double learningRate() {
		return learningRate;
	}

	public boolean lineSearch() {
		return lineSearch;
	}

	@Override
	public void close() {
		reset();
		manager.close();
	}

	/** Cheap identity of x after a step: the same array, shape, device and contents (to float rounding). */
	private record Fingerprint(NDArray array, Shape shape, Device device, double sum, double sumOfSquares) {

		static Fingerprint of(NDArray x) {
			try (NDArray flat = x.reshape(-1); NDArray sum = flat.sum(); NDArray squares = flat.dot(flat)) {
				return new Fingerprint(x, x.getShape(), x.getDevice(), Tensors.scalar(sum), Tensors.scalar(squares));
			}
		}

		boolean matches(NDArray x) {
			if (x != array || !x.getShape().equals(shape) || !x.getDevice().equals(device)) return false;
			Fingerprint now = of(x);
			return now.sum == sum && now.sumOfSquares == sumOfSquares;
		}
	}

	/** L-BFGS options; {@link #build} may be called more than once. */
	public static final class Builder {

		private double learningRate = DEFAULT_LEARNING_RATE;
		private int historySize = DEFAULT_HISTORY_SIZE;
		private boolean lineSearch;
		private double toleranceGrad = DEFAULT_TOLERANCE_GRAD;
		private double toleranceChange = DEFAULT_TOLERANCE_CHANGE;
		private int maxLineSearchIterations = DEFAULT_MAX_LINE_SEARCH_ITERATIONS;

		private Builder() {
		}

		/** Step size (torch's {@code lr}), &gt; 0; default 1. */
		public Builder learningRate(double value) {
			learningRate = Tensors.checkLearningRate(value);
			return this;
		}

		/** Curvature pairs kept (torch's {@code history_size}), &ge; 1. */
		public Builder historySize(int value) {
			if (value < 1) throw new IllegalArgumentException("history_size must be at least 1, got " + value);
			historySize = value;
			return this;
		}

		/** Whether to search for a strong-Wolfe step (torch's {@code line_search_fn="strong_wolfe"}). */
		public Builder lineSearch(boolean value) {
			lineSearch = value;
			return this;
		}

		/** Stop when no gradient component exceeds this; a negative value never stops. */
		public Builder toleranceGrad(double value) {
			toleranceGrad = checkTolerance("tolerance_grad", value);
			return this;
		}

		/** Stop when a step changes the loss or every value by less than this; negative: never. */
		public Builder toleranceChange(double value) {
			toleranceChange = checkTolerance("tolerance_change", value);
			return this;
		}

		/** Line-search evaluations after the first (torch's {@code max_ls}), &ge; 0. */
		public Builder maxLineSearchIterations(int value) {
			if (value < 0) {
				throw new IllegalArgumentException("The line search needs at least 0 more iterations, got " + value);
			}
			maxLineSearchIterations = value;
			return this;
		}

		/** An independent copy of these options. */
		public Builder copy() {
			Builder b = new Builder();
			b.learningRate = learningRate;
			b.historySize = historySize;
			b.lineSearch = lineSearch;
			b.toleranceGrad = toleranceGrad;
			b.toleranceChange = toleranceChange;
			b.maxLineSearchIterations = maxLineSearchIterations;
			return b;
		}

		/** A new optimiser whose state lives in a sub-manager of {@code parent}. */
		public Lbfgs build(NDManager parent) {
			if (parent == null) throw new IllegalArgumentException("parent manager is null");
			return new Lbfgs(this, parent);
		}

		private static double checkTolerance(String name, double value) {
			if (Double.isNaN(value)) throw new IllegalArgumentException(name + " must be a number, got NaN");
			return value;
		}
	}
}

package sc.fiji.neuralstyle.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (Kingma &amp; Ba 2015) with torch.optim.Adam's semantics: moment estimates with bias
 * correction, ε added to the square root of the corrected second moment, no weight decay, no
 * AMSGrad. Each step evaluates once at x and moves each pixel by about {@code learningRate} (exactly
 * that on the first step), whatever the scale of the loss.
 * <p>
 * The moments are created on the first step, for x's shape and device; an x of another shape or on
 * another device starts afresh. A non-finite evaluation leaves the moments as they were.
 */
public final class Adam implements ImageOptimizer {

	public static final double DEFAULT_BETA1 = 0.9;
	public static final double DEFAULT_BETA2 = 0.999;
	public static final double DEFAULT_EPSILON = 1e-8;

	private final double learningRate;
	private final double beta1;
	private final double beta2;
	private final double epsilon;
	private final NDManager manager;
	private final Evaluator evaluator = new Evaluator();

	private NDArray firstMoment;
	private NDArray secondMoment;
	private int steps;

	private Adam(Builder options, NDManager parent) {
		this.learningRate = options.learningRate;
		this.beta1 = options.beta1;
		this.beta2 = options.beta2;
		this.epsilon = options.epsilon;
		this.manager = parent.newSubManager();
		manager.setName("Adam state");
	}

	/** Options with torch's defaults; the learning rate must be given. */
	public static Builder builder(double learningRate) {
		return new Builder(learningRate);
	}

	@Override
	public int step(NDArray x, Objective objective, int maxEvaluations) {
		Tensors.checkStep(x, objective, maxEvaluations, manager);
		if (firstMoment != null && (firstMoment.size() != x.size() || !firstMoment.getDevice().equals(x.getDevice()))) {
			reset();
		}
		try (NDManager scratch = manager.newSubManager(x.getDevice())) {
			NDArray g = evaluator.evaluate(objective, x, scratch).gradient();
			if (firstMoment == null) {
				firstMoment = Tensors.own(g.zerosLike(), manager);
				secondMoment = Tensors.own(g.zerosLike(), manager);
			}
			steps++;
			// m = β1 m + (1 - β1) g;  v = β2 v + (1 - β2) g²
			firstMoment.muli(beta1).addi(g.mul(1 - beta1));
			secondMoment.muli(beta2).addi(g.mul(1 - beta2).muli(g));
			double stepSize = learningRate / (1 - Math.pow(beta1, steps));
			double correction2 = Math.sqrt(1 - Math.pow(beta2, steps));
			// x -= stepSize · m / (sqrt(v) / sqrt(1 - β2^t) + ε)
			NDArray denominator = Tensors.own(secondMoment.sqrt(), scratch).divi(correction2).addi(epsilon);
			NDArray update = Tensors.own(firstMoment.div(denominator), scratch);
			Tensors.addScaled(x, update, -stepSize);
			return 1;
		}
	}

	@Override
	public void reset() {
		if (firstMoment != null) firstMoment.close();
		if (secondMoment != null) secondMoment.close();
		firstMoment = null;
		secondMoment = null;
		steps = 0;
	}

	public double learningRate() {
		return learningRate;
	}

	@Override
	public void close() {
		reset();
		manager.close();
	}

	/** Adam options. */
	public static final class Builder {

		private final double learningRate;
		private double beta1 = DEFAULT_BETA1;
		private double beta2 = DEFAULT_BETA2;
		private double epsilon = DEFAULT_EPSILON;

		private Builder(double learningRate) {
			this.learningRate = Tensors.checkLearningRate(learningRate);
		}

		/** Decay rates of the first and second moment estimates, each in [0, 1). */
		public Builder betas(double first, double second) {
			if (!(first >= 0 && first < 1) || !(second >= 0 && second < 1)) {
				throw new IllegalArgumentException("Adam's betas must be in [0, 1), got " + first + " and " + second);
			}
			beta1 = first;
			beta2 = second;
			return this;
		}

		/** Added to the denominator for numerical stability, &gt; 0. */
		public Builder epsilon(double value) {
			if (!(value > 0) || !Double.isFinite(value)) {
				throw new IllegalArgumentException("Adam's epsilon must be a finite number > 0, got " + value);
			}
			epsilon = value;
			return this;
		}

		/** A new optimiser whose state lives in a sub-manager of {@code parent}. */
		public Adam build(NDManager parent) {
			if (parent == null) throw new IllegalArgumentException("parent manager is null");
			return new Adam(this, parent);
		}
	}
}

package sc.fiji.neuralstyle.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Stochastic gradient descent with momentum, with torch.optim.SGD's semantics: the momentum buffer
 * starts as the first gradient, then b = μ b + g (no dampening), and x -= lr · b (or, Nesterov,
 * x -= lr · (g + μ b)). No weight decay. Each step evaluates once at x.
 * <p>
 * Unlike Adam, the step is proportional to the gradient, so a good learning rate depends on the
 * scale of the loss (the loss weights, the network, the image size); with momentum μ the steady
 * step is about lr / (1 - μ) times the gradient.
 * <p>
 * {@linkplain Builder#normalized(boolean) Normalised}, every step is further divided by the RMS of
 * the first gradient (the one at the start image, or after {@link #reset()}): the learning rate is
 * then the RMS pixel change of the first step (1 + μ times it with Nesterov), in the image's units,
 * whatever the scale of the loss, as Adam's is. This is one constant factor for the whole run, so the
 * run is torch.optim.SGD's with the learning rate lr / RMS(g₀), the direction of every step unchanged.
 * The first gradient of zero sets no scale (and moves nothing); the next one does.
 * <p>
 * The buffer is created on the first step, for x's shape and device; an x of another shape or on
 * another device starts afresh. A non-finite evaluation leaves the buffer as it was.
 */
public final class Sgd implements ImageOptimizer {

	/** The momentum the original study's SGD runs used. */
	public static final double DEFAULT_MOMENTUM = 0.9;

	private final double learningRate;
	private final double momentum;
	private final boolean nesterov;
	private final boolean normalized;
	private final NDManager manager;
	private final Evaluator evaluator = new Evaluator();

	private NDArray buffer;
	/** 1 / RMS of the first non-zero gradient when normalised; 0 until it is known. */
	private double gradientScale;

	private Sgd(Builder options, NDManager parent) {
		this.learningRate = options.learningRate;
		this.momentum = options.momentum;
		this.nesterov = options.nesterov;
		this.normalized = options.normalized;
		this.manager = parent.newSubManager();
		manager.setName("SGD state");
	}

	/** Options with momentum {@value #DEFAULT_MOMENTUM}, no Nesterov, not normalised. */
	public static Builder builder(double learningRate) {
		return new Builder(learningRate);
	}

	@Override
	public int step(NDArray x, Objective objective, int maxEvaluations) {
		Tensors.checkStep(x, objective, maxEvaluations, manager);
		if (buffer != null && (buffer.size() != x.size() || !buffer.getDevice().equals(x.getDevice()))) reset();
		try (NDManager scratch = manager.newSubManager(x.getDevice())) {
			Evaluator.Sample sample = evaluator.evaluate(objective, x, scratch);
			NDArray g = sample.gradient();
			if (normalized && gradientScale == 0 && sample.gradientMaxAbs() > 0) {
				// A zero gradient (x at a stationary point) does not move x; the next one sets the scale.
				gradientScale = 1 / rms(g, sample.gradientMaxAbs());
			}
			NDArray update = g;
			if (momentum != 0) {
				if (buffer == null) {
					buffer = Tensors.own(g.duplicate(), manager);
				}
				else {
					buffer.muli(momentum);
					buffer.addi(g);
				}
				update = nesterov ? g.add(Tensors.own(buffer.mul(momentum), scratch)) : buffer;
			}
			Tensors.addScaled(x, update, -learningRate * (normalized ? gradientScale : 1));
			return 1;
		}
	}

	/**
	 * The root mean square of g, summed over g / max|g| so that the squares neither overflow nor
	 * underflow in float32 whatever the loss scale (a gradient of 1e25 or of 1e-25 is fine).
	 */
	private static double rms(NDArray g, double maxAbs) {
		try (NDArray unit = g.div(maxAbs)) {
			return maxAbs * Math.sqrt(Tensors.dot(unit, unit) / g.size());
		}
	}

	@Override
	public void reset() {
		if (buffer != null) buffer.close();
		buffer = null;
		gradientScale = 0;
	}

	public double learningRate() {
		return learningRate;
	}

	/** Whether steps are divided by the RMS of the first gradient (see the class comment). */
	public boolean isNormalized() {
		return normalized;
	}

	@Override
	public void close() {
		reset();
		manager.close();
	}

	/** SGD options. */
	public static final class Builder {

		private final double learningRate;
		private double momentum = DEFAULT_MOMENTUM;
		private boolean nesterov;
		private boolean normalized;

		private Builder(double learningRate) {
			this.learningRate = Tensors.checkLearningRate(learningRate);
		}

		/** Momentum factor μ in [0, 1); 0 is plain gradient descent. */
		public Builder momentum(double value) {
			if (!(value >= 0 && value < 1)) {
				throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + value);
			}
			momentum = value;
			return this;
		}

		/** Whether to use Nesterov momentum (needs momentum &gt; 0). */
		public Builder nesterov(boolean value) {
			nesterov = value;
			return this;
		}

		/**
		 * Whether to divide every step by the RMS of the first gradient, so that the learning rate is
		 * the RMS pixel change of the first step whatever the loss scale (default: no, as torch).
		 */
		public Builder normalized(boolean value) {
			normalized = value;
			return this;
		}

		/** A new optimiser whose state lives in a sub-manager of {@code parent}. */
		public Sgd build(NDManager parent) {
			if (parent == null) throw new IllegalArgumentException("parent manager is null");
			if (nesterov && momentum == 0) {
				throw new IllegalArgumentException("Nesterov momentum needs momentum > 0, got momentum " + momentum);
			}
			return new Sgd(this, parent);
		}
	}
}

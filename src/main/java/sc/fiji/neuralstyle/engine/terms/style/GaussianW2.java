package sc.fiji.neuralstyle.engine.terms.style;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The squared Wasserstein-2 distance between Gaussian fits of two sets of features, per channel:
 * <pre>
 * E = (‖μ − μ_s‖² + tr(Σ + Σ_s − 2 (Σ_s^½ Σ Σ_s^½)^½)) / N
 * </pre>
 * (crowsonkb/style-transfer-pytorch's Wasserstein-2 style loss: the mean over channels), with both
 * covariances regularised as Σ + εI, ε = {@link #REGULARISATION} × ‖Σ_s‖_F (at least that fraction
 * of the style covariance's largest eigenvalue): directions the style barely varies in count as
 * varying that little, and the matrices whose square roots are taken stay conditioned (κ ≲ 10⁴), so
 * that coupled Newton–Schulz iterations (matrix products only) converge in about 15 steps. These
 * small N×N computations run in float64: W2 is a small difference of large traces, and in float32
 * the iterations stall near 10⁻⁵ (measured: 10⁻⁴ off the exact value on VGG19's features), while in
 * float64 they reach {@link #TOLERANCE} in as many steps.
 * <p>
 * The derivatives are analytic, so no autograd runs through the iterations: with A = Σ_s^½ Σ Σ_s^½,
 * ∂E/∂Σ = (I − Σ_s^½ A^{−½} Σ_s^½)/N, and for the raw moments the loss reads (μ and R = E[F Fᵀ],
 * Σ = R − μμᵀ): ∂E/∂R = ∂E/∂Σ, ∂E/∂μ = 2(μ − μ_s)/N − 2 (∂E/∂Σ) μ.
 */
final class GaussianW2 {

	/** ε as a fraction of the style covariance's Frobenius norm. */
	static final double REGULARISATION = 0.01;
	/** Newton–Schulz stops when ‖ZY − I‖_F/√N is below this. */
	static final double TOLERANCE = 1e-9;
	/** Newton–Schulz stops here in any case. */
	static final int MAX_ITERATIONS = 60;

	private GaussianW2() {}

	/**
	 * A style's Gaussian at one layer, in float64.
	 *
	 * @param mean μ_s
	 * @param root (Σ_s + εI)^½
	 * @param epsilon ε, added to the generated image's covariance too
	 * @param trace tr(Σ_s + εI)
	 */
	record Target(NDArray mean, NDArray root, double epsilon, double trace) {}

	/**
	 * The distance and its float32 derivatives with respect to the generated image's mean and second
	 * raw moment.
	 */
	record Distance(double value, NDArray dMean, NDArray dSecondMoment) {}

	/**
	 * The Gaussian of a style from its mean and second raw moment E[F Fᵀ] (which, unlike the
	 * covariance, blend linearly), in the mean's manager.
	 */
	static Target target(NDArray mean, NDArray secondMoment) {
		NDArray m = mean.toType(DataType.FLOAT64, false);
		NDArray covariance = secondMoment.toType(DataType.FLOAT64, false).sub(outer(m));
		double epsilon = REGULARISATION * covariance.norm().getDouble() + 1e-12;
		covariance = covariance.add(eye(covariance).mul(epsilon));
		return new Target(m, sqrt(covariance), epsilon, trace(covariance));
	}

	/** The distance of the Gaussian of (μ, R) from the target's, in the mean's manager. */
	static Distance of(NDArray mean, NDArray secondMoment, Target t) {
		int n = (int) mean.size();
		NDArray m = mean.toType(DataType.FLOAT64, false);
		// Every array of this evaluation in the mean's manager (an operation's result goes to its first
		// operand's): a copy of the target's root, not the root itself, leads the products.
		NDArray root = t.root().duplicate();
		root.attach(m.getManager());
		NDArray eye = m.getManager().eye(n, n, 0, DataType.FLOAT64);
		NDArray covariance = secondMoment.toType(DataType.FLOAT64, false).sub(outer(m)).add(eye.mul(t.epsilon()));
		NDArray a = symmetric(root.matMul(covariance).matMul(root));
		NDArray y = sqrt(a);
		NDArray difference = m.sub(t.mean());
		double value = (difference.square().sum().getDouble() + trace(covariance) + t.trace() - 2.0 * trace(y)) / n;
		NDArray dCovariance = symmetric(eye.sub(root.matMul(y.inverse()).matMul(root))).div(n);
		NDArray dMean = difference.mul(2.0 / n).sub(dCovariance.matMul(m).mul(2));
		return new Distance(value, dMean.toType(DataType.FLOAT32, false), dCovariance.toType(DataType.FLOAT32, false));
	}

	/**
	 * The square root of a symmetric positive definite matrix by coupled Newton–Schulz iterations
	 * (Y₀ = A/‖A‖_F, Z₀ = I, T = (3I − ZY)/2, Y ← YT, Z ← TZ; then √A = Y √‖A‖_F), in a's manager and
	 * type.
	 */
	static NDArray sqrt(NDArray a) {
		NDManager owner = a.getManager();
		int n = (int) a.getShape().get(0);
		try (NDManager scope = owner.newSubManager()) {
			NDArray x = a.toType(DataType.FLOAT64, true);
			x.attach(scope);
			double norm = x.norm().getDouble();
			NDArray eye = eye(x);
			NDArray y = x.div(norm);
			NDArray z = eye;
			for (int k = 0; k < MAX_ITERATIONS; k++) {
				NDArray zy = z.matMul(y);
				if (zy.sub(eye).norm().getDouble() / Math.sqrt(n) < TOLERANCE) break;
				NDArray t = eye.mul(3).sub(zy).mul(0.5);
				y = y.matMul(t);
				z = t.matMul(z);
			}
			NDArray root = y.mul(Math.sqrt(norm)).toType(a.getDataType(), false);
			root.attach(owner);
			return root;
		}
	}

	/** The identity of m's size, type and manager. */
	private static NDArray eye(NDArray m) {
		int n = (int) m.getShape().get(0);
		return m.getManager().eye(n, n, 0, m.getDataType());
	}

	/** The trace (DJL's PyTorch engine has no trace). */
	private static double trace(NDArray m) {
		try (NDArray diagonal = m.diagonal(); NDArray sum = diagonal.sum()) {
			return sum.getDouble();
		}
	}

	private static NDArray outer(NDArray v) {
		NDArray column = v.reshape(v.size(), 1);
		return column.matMul(column.transpose());
	}

	private static NDArray symmetric(NDArray m) {
		return m.add(m.transpose()).mul(0.5);
	}
}

package sc.fiji.neuralstyle.optim;

/**
 * An evaluation gave a NaN or infinite loss or gradient: the optimisation diverged (a learning rate
 * or loss weights too large for the problem), or the objective itself is broken. The optimiser
 * throws it instead of folding the bad value into its state, so a caller can stop early and keep
 * the best image it has seen.
 */
public class NonFiniteLossException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final long evaluation;
	private final double loss;
	private final double gradientMaxAbs;

	/**
	 * @param evaluation which evaluation gave the value (counted as the thrower counts them)
	 * @param loss the loss it gave
	 */
	public NonFiniteLossException(long evaluation, double loss) {
		this(evaluation, loss, Double.NaN);
	}

	/**
	 * @param evaluation which evaluation gave the value (counted as the thrower counts them)
	 * @param loss the loss it gave
	 * @param gradientMaxAbs the largest absolute gradient component (NaN if a component is NaN or
	 *        if it was not computed)
	 */
	public NonFiniteLossException(long evaluation, double loss, double gradientMaxAbs) {
		super(message(evaluation, loss, gradientMaxAbs));
		this.evaluation = evaluation;
		this.loss = loss;
		this.gradientMaxAbs = gradientMaxAbs;
	}

	private static String message(long evaluation, double loss, double gradientMaxAbs) {
		String what = Double.isFinite(loss)
			? "a non-finite gradient (largest |component| " + gradientMaxAbs + ", loss " + loss + ")"
			: "a non-finite loss (" + loss + ")";
		return "Loss evaluation " + evaluation + " gave " + what
			+ ": the optimisation diverged. Lower the learning rate or the loss weights.";
	}

	/** Which evaluation gave the value. */
	public long evaluation() {
		return evaluation;
	}

	/** The loss of that evaluation (may be finite if only the gradient was not). */
	public double loss() {
		return loss;
	}

	/** The largest absolute gradient component of that evaluation, or NaN if unknown. */
	public double gradientMaxAbs() {
		return gradientMaxAbs;
	}
}

package sc.fiji.neuralstyle.engine.progress;

/** Why a run ended. */
public enum StopReason {
	/** All requested iterations were made. */
	COMPLETED,
	/**
	 * The optimiser could make no more progress (gradient or step below tolerance), or the loss
	 * stopped improving ({@code stop_tolerance}); the message says which.
	 */
	CONVERGED,
	/** The user cancelled; the best image so far is returned. */
	CANCELLED,
	/** The loss became NaN or infinite; the best image before that is returned. */
	DIVERGED
}

package sc.fiji.neuralstyle.engine.plan;

/**
 * Why a run cannot work with its settings, as the engine finds it (a run that does not fit the
 * memory, say): the parameter to change, what was wrong and what to do. The parameter checks word it
 * for the user ({@code params.Preflight}); the engine throws {@link #exception()} when it finds one
 * itself.
 *
 * @param parameter the parameter's name, e.g. {@code tile_size}
 * @param what what was wrong, e.g. "one pass over the whole 8192×8192 px image needs about 110.0 GiB
 *          but 22.0 GiB are available"
 * @param advice what to do, e.g. "set tile_size=1520 (the largest tile that fits) or tile_size=auto"
 */
public record RunProblem(String parameter, String what, String advice) {

	/** {@code parameter: what; advice}, the form of every parameter message. */
	public String message() {
		return parameter + ": " + what + "; " + advice;
	}

	/** The problem as the exception the engine throws (fronts treat it as a bad argument). */
	public IllegalArgumentException exception() {
		return new IllegalArgumentException(message());
	}

	@Override
	public String toString() {
		return message();
	}
}

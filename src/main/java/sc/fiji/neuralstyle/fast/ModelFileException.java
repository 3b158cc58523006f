package sc.fiji.neuralstyle.fast;

/**
 * A fast-style model or checkpoint file that cannot be used, in the project's form
 * {@code name: what was wrong; what to do}, naming the parameter the file came from ({@code model}, or
 * {@code checkpoint}) so that a front can show it as it is.
 */
public final class ModelFileException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String parameter, problem, advice;

	/**
	 * @param parameter the parameter that named the file
	 * @param problem what was wrong, naming the file
	 * @param advice what to do
	 */
	public ModelFileException(String parameter, String problem, String advice) {
		super(parameter + ": " + problem + "; " + advice);
		this.parameter = parameter;
		this.problem = problem;
		this.advice = advice;
	}

	ModelFileException(String parameter, String problem, String advice, Throwable cause) {
		this(parameter, problem, advice);
		initCause(cause);
	}

	/** The parameter whose file it was. */
	public String parameter() {
		return parameter;
	}

	/** What was wrong, naming the file. */
	public String problem() {
		return problem;
	}

	/** What to do. */
	public String advice() {
		return advice;
	}
}

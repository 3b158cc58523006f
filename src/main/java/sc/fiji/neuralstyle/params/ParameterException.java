package sc.fiji.neuralstyle.params;

/**
 * A parameter value that cannot work, found before the run starts. The message has one form:
 * {@code name: what was wrong; what to do}.
 */
public final class ParameterException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String parameter;

	/**
	 * @param parameter the parameter's name
	 * @param problem what was wrong, e.g. {@code 0 is too small}
	 * @param advice what to do, e.g. {@code give a whole number of at least 1}
	 */
	public ParameterException(String parameter, String problem, String advice) {
		super(parameter + ": " + sentence(problem) + "; " + advice);
		this.parameter = parameter;
	}

	/** A problem that ends a sentence loses its full stop before the advice: never ".;". */
	static String sentence(String problem) {
		return problem.endsWith(".") && !problem.endsWith("..") ? problem.substring(0, problem.length() - 1) : problem;
	}

	/**
	 * For a message that already says what was wrong and what to do (e.g. from a parser that knows
	 * the syntax): {@code parameter: message}.
	 */
	public ParameterException(String parameter, String problemAndAdvice) {
		super(parameter + ": " + problemAndAdvice);
		this.parameter = parameter;
	}

	/** The name of the parameter to change. */
	public String parameter() {
		return parameter;
	}
}

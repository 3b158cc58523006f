package sc.fiji.neuralstyle.params;

import sc.fiji.neuralstyle.text.BadValueException;

/**
 * A parameter value that cannot work, found before the run starts. The message has one form:
 * {@code name: what was wrong; what to do}; its parts are {@link #parameter()}, {@link #problem()} and
 * {@link #advice()}.
 */
public class ParameterException extends BadValueException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param parameter the parameter's name
	 * @param problem what was wrong, e.g. {@code 0 is too small}
	 * @param advice what to do, e.g. {@code give a whole number of at least 1}
	 */
	public ParameterException(String parameter, String problem, String advice) {
		super(parameter, problem, advice);
	}

	/**
	 * For a sentence that already says what was wrong and what to do (an image reader's, a parser's
	 * that knows the syntax), passed on whole: {@code parameter: sentence}, its {@link #advice()} null.
	 */
	public ParameterException(String parameter, String problemAndAdvice) {
		super(parameter, problemAndAdvice, null);
	}

	/** The name of the parameter to change. */
	public String parameter() {
		return name();
	}

	/** The problems this stands for, in the order found: itself ({@link ParameterProblems}: several). */
	public java.util.List<ParameterException> problems() {
		return java.util.List.of(this);
	}
}

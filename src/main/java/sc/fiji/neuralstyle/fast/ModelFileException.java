package sc.fiji.neuralstyle.fast;

import sc.fiji.neuralstyle.text.BadValueException;

/**
 * A fast-style model or checkpoint file that cannot be used, in the project's form
 * {@code name: what was wrong; what to do}, naming the parameter the file came from ({@code model}, or
 * {@code checkpoint}) so that a front can show it as it is.
 */
public final class ModelFileException extends BadValueException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param parameter the parameter that named the file
	 * @param problem what was wrong, naming the file
	 * @param advice what to do
	 */
	public ModelFileException(String parameter, String problem, String advice) {
		super(parameter, problem, advice);
	}

	public ModelFileException(String parameter, String problem, String advice, Throwable cause) {
		this(parameter, problem, advice);
		initCause(cause);
	}

	/** The parameter whose file it was. */
	public String parameter() {
		return name();
	}
}

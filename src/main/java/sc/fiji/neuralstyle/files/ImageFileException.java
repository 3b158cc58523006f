package sc.fiji.neuralstyle.files;

import java.io.IOException;

/**
 * An image file (or stack, movie, folder of frames) that cannot be read, said in the project's form,
 * its parts kept apart so that the parameter that named the file can say them: {@link #problem()}
 * names the file and what was wrong, {@link #advice()} what to do.
 */
public final class ImageFileException extends IOException {

	private static final long serialVersionUID = 1L;

	private final String problem;
	private final String advice;

	/**
	 * @param problem what was wrong, naming the file
	 * @param advice what to do
	 */
	public ImageFileException(String problem, String advice) {
		super(problem + "; " + advice);
		this.problem = problem;
		this.advice = advice;
	}

	/** The same with the cause. */
	public ImageFileException(String problem, String advice, Throwable cause) {
		this(problem, advice);
		initCause(cause);
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

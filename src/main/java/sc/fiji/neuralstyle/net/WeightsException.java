package sc.fiji.neuralstyle.net;

/**
 * A weights file could not be found, fetched or read. The message names the file, says what is wrong
 * and what to do about it, so fronts can show it to the user as it is.
 */
public class WeightsException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public WeightsException(String message) {
		super(message);
	}

	public WeightsException(String message, Throwable cause) {
		super(message, cause);
	}
}

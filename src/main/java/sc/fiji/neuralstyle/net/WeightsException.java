package sc.fiji.neuralstyle.net;

/**
 * A weights file could not be found, fetched or read. The message names the file, says what is wrong
 * and what to do about it, so fronts can show it to the user as it is.
 */
public class WeightsException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The network whose own weights file is not on this computer, or null. */
	private final transient ModelDescriptor missing;

	public WeightsException(String message) {
		this(message, null);
	}

	public WeightsException(String message, Throwable cause) {
		this(message, cause, null);
	}

	/** A network's own weights file that is not on this computer and could not be had now. */
	public WeightsException(String message, Throwable cause, ModelDescriptor missing) {
		super(message, cause);
		this.missing = missing;
	}

	/** A weights file that cannot be read: {@code Cannot read weights file FILE: WHAT}. */
	public static WeightsException unreadable(java.nio.file.Path file, String what, Throwable cause) {
		return new WeightsException("Cannot read weights file " + file + ": " + what, cause);
	}

	/**
	 * The network whose own weights file is not on this computer and could not be had now (offline,
	 * a failed download): a front can lead with its own way to get it. Empty for other problems.
	 */
	public java.util.Optional<ModelDescriptor> missing() {
		return java.util.Optional.ofNullable(missing);
	}
}

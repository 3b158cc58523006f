package sc.fiji.neuralstyle.net.weights;

/**
 * Hears how fetching or checking a weights file goes. Called on the thread that asked
 * {@link WeightStore#resolve} for the file, a few times a second at most.
 */
public interface DownloadListener {

	/** Ignores everything. */
	DownloadListener NONE = (done, total) -> {};

	/**
	 * Bytes downloaded (or checked) so far.
	 *
	 * @param bytesDone bytes done
	 * @param bytesTotal the total, or -1 if the server did not say
	 */
	void progress(long bytesDone, long bytesTotal);

	/** A line for the user: what is happening now. */
	default void message(String text) {}
}

package sc.fiji.neuralstyle.engine.progress;

import java.util.function.Supplier;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;

/**
 * Hears about a running style transfer. Called on the engine's own thread: keep the work short and
 * hand anything slow (drawing) to another thread.
 */
public interface ProgressListener {

	/** A listener that ignores everything. */
	ProgressListener NONE = new ProgressListener() {};

	/** A free-text status line (loading weights, device in use, …). */
	default void status(String message) {}

	/**
	 * Progress of a weights download (only when the file is not there yet).
	 *
	 * @param bytesDone bytes received so far
	 * @param bytesTotal the file's size, or -1 if unknown
	 */
	default void download(long bytesDone, long bytesTotal) {}

	/**
	 * One loss evaluation finished.
	 *
	 * @param record its losses
	 * @param iterations the number of evaluations the run will make at most
	 * @param preview the image that was evaluated, as a FloatImage in [0, 1]; call it only from
	 *          inside this method (it reads the engine's current tensor), and only when you need it,
	 *          as copying it off the device costs time
	 */
	default void iteration(LossRecord record, int iterations, Supplier<FloatImage> preview) {}

	/**
	 * One loss evaluation finished; what the engine calls. Besides the counts it tells how much of
	 * the run's work is done, which is what a time estimate should rest on: with {@code scales} &gt; 1
	 * an iteration at a coarse scale costs a fraction of one at full size, and with tiles an
	 * iteration costs more than one pass. The default forwards to
	 * {@link #iteration(LossRecord, int, Supplier)}.
	 *
	 * @param record its losses; {@code record.iteration()} counts over all scales
	 * @param iterations the number of evaluations the run will make at most, all scales together
	 * @param workDone the estimated share of the run's work done, in (0, 1]
	 * @param preview as in {@link #iteration(LossRecord, int, Supplier)}; at a coarse scale the image
	 *          has that scale's size
	 */
	default void iteration(LossRecord record, int iterations, double workDone, Supplier<FloatImage> preview) {
		iteration(record, iterations, preview);
	}

	/** Polled at least once per loss evaluation; return true to stop the run and keep the best image. */
	default boolean isCancelled() {
		return false;
	}
}

package sc.fiji.neuralstyle.fast.training;

import java.nio.file.Path;
import java.util.List;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;

/**
 * What a front hears of a training run, on the training thread (a front hands it to its own thread
 * where it draws), and how it asks the run to stop. Every method has a default that does nothing.
 */
public interface TrainingListener {

	/**
	 * The run starts (or continues) at step {@code firstStep} (0 for a new network) of {@code steps};
	 * {@code history} holds the earlier runs' steps, for the loss log and plot.
	 */
	default void started(int firstStep, int steps, List<StepRecord> history) {}

	/** A step is done: its record; {@code record.step() / steps} of the work is done. */
	default void step(StepRecord record, int steps) {}

	/** A checkpoint was written after step {@code step}. */
	default void checkpoint(Path file, int step) {}

	/** The held-out image styled by the network of step {@code step}, RGB in [0, 1]. */
	default void preview(int step, FloatImage image) {}

	/**
	 * Asked before each step: true stops the run there. The model is then written from the last
	 * checkpoint, which stays for the next run to continue from.
	 */
	default boolean isCancelled() {
		return false;
	}
}

package sc.fiji.neuralstyle.fast.training;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;

/**
 * The images a fast-style network is trained on, as a front has them: the frames of a stack or an
 * AVI, the images of a folder, read when asked for (so nothing holds them all).
 */
public interface TrainingImages {

	/** How many images there are. */
	int size();

	/** Image {@code index}, RGB or gray, in [0, 1] (as every image reaches the engine). */
	FloatImage read(int index);

	/**
	 * Whether image {@code index} is the frame after image {@code index − 1} of one sequence (a
	 * time-lapse's frames), so that the pair can carry the temporal loss. None, by default.
	 */
	default boolean follows(int index) {
		return false;
	}

	/**
	 * What identifies these images for a checkpoint (their files and dates, say): a run continues from
	 * a checkpoint only where this is as it was.
	 */
	String identity();
}

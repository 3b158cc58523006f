package sc.fiji.neuralstyle.engine.progress;

import java.util.List;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;

/**
 * What a run produced.
 *
 * @param image the best image seen (lowest total loss), in [0, 1]; gray when the content was gray
 * @param losses one record per loss evaluation, the first for the start image
 * @param reason why the run ended
 * @param message a sentence for the user about how it ended
 * @param bestIteration the iteration whose image is returned; -1 when the run was cancelled before
 *          its first evaluation and the start image is returned
 */
public record StyleResult(FloatImage image, List<LossRecord> losses, StopReason reason, String message,
	int bestIteration)
{
	public StyleResult {
		losses = List.copyOf(losses);
	}
}

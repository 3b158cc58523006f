package sc.fiji.neuralstyle.fast.training;

import java.util.List;

/**
 * How a training run ended.
 *
 * @param steps the steps the run was asked for
 * @param stepsDone the steps the written model (or, where none was written, the network) has taken
 * @param cancelled whether the listener stopped it
 * @param modelWritten whether the model file was written (not when a run is cancelled before its
 *          first checkpoint)
 * @param history every step's loss, earlier runs' included
 */
public record TrainingResult(int steps, int stepsDone, boolean cancelled, boolean modelWritten,
	List<StepRecord> history)
{

	public TrainingResult {
		history = List.copyOf(history);
	}
}

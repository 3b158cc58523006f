package sc.fiji.neuralstyle.engine.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.optim.Evaluation;
import sc.fiji.neuralstyle.optim.NonFiniteLossException;
import sc.fiji.neuralstyle.optim.Objective;

/**
 * A stage's objective as the optimiser sees it: each evaluation of the {@link StyleObjective} is
 * recorded and told ({@link RunProgress}), offered to the image the stage keeps ({@link BestIterate})
 * and to the stop rule ({@link StopTolerance}); a cancel or a loss that is not finite unwinds the
 * optimiser.
 */
final class RunObjective implements Objective {

	private final StyleObjective objective;
	private final RunProgress progress;
	private final BestIterate best;
	private final StopTolerance stop;
	private final ProgressListener listener;

	RunObjective(StyleObjective objective, RunProgress progress, BestIterate best, StopTolerance stop,
		ProgressListener listener)
	{
		this.objective = objective;
		this.progress = progress;
		this.best = best;
		this.stop = stop;
		this.listener = listener;
	}

	@Override
	public Evaluation evaluate(NDArray x, NDManager gradientOwner) {
		if (listener.isCancelled()) throw new RunProgress.Cancelled();
		if (progress.remaining() <= 0) throw new IllegalStateException("The optimiser asked for more evaluations than allowed");
		StyleObjective.Terms terms = objective.evaluate(x, gradientOwner);
		LossRecord record = progress.record(terms);
		if (!Double.isFinite(terms.total())) {
			terms.gradient().close();
			throw new NonFiniteLossException(record.iteration(), terms.total());
		}
		best.offer(x, terms.total(), record.iteration());
		stop.add(terms.total());
		progress.evaluated(record, x);
		return new Evaluation(terms.total(), terms.gradient());
	}
}

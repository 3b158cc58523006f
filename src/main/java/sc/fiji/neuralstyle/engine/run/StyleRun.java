package sc.fiji.neuralstyle.engine.run;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.network.LoadedNetwork;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.objective.TermTable;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.plan.RunPlan;
import sc.fiji.neuralstyle.engine.plan.Stages;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.TemporalTargets;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.optim.ImageOptimizer;
import sc.fiji.neuralstyle.optim.NonFiniteLossException;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.optim.Optimizers;
import sc.fiji.neuralstyle.text.Counts;
import sc.fiji.neuralstyle.text.Numbers;

/**
 * One run of the engine, on its thread: the stages coarse to fine, each with its objective and a
 * fresh optimiser, started from the previous stage's best image; then the result is finished
 * ({@link RunEnd}).
 */
final class StyleRun {

	private final LoadedNetwork network;
	private final StyleSettings settings;
	private final LayerWeights contentLayers;
	private final LayerWeights styleLayers;
	private final ProgressListener listener;
	/** The image each stage keeps of its iterates. */
	private final BestIterate best;
	private final StopTolerance stopTolerance = new StopTolerance();

	/** The latest stage's best image (or start image), its iteration, and why the run stopped. */
	private FloatImage current;
	private int currentIteration = -1;
	private StopReason reason = StopReason.COMPLETED;
	private String message;
	/** Whether the current image is an average of iterates. */
	private boolean averaged;

	/** A run of {@code network} with these settings and their layers (defaults resolved), on the network's thread. */
	StyleRun(LoadedNetwork network, StyleSettings settings, LayerWeights contentLayers, LayerWeights styleLayers,
		ProgressListener listener)
	{
		this.network = network;
		this.settings = settings;
		this.contentLayers = contentLayers;
		this.styleLayers = styleLayers;
		this.listener = listener;
		this.best = new BestIterate(settings.normalizeGradients());
	}

	/**
	 * @param temporal for a plane of a sequence, what the temporal term holds it to (and its start at
	 *          the finest scale); null for a run of its own
	 */
	StyleResult run(FloatImage content, List<FloatImage> styles, List<FloatImage> masks, FloatImage start,
		TemporalTargets temporal)
	{
		// Everything is planned before the first evaluation (the parameters were checked by params.Preflight).
		RunPlan plan = RunPlan.of(settings, network.network().architecture(), contentLayers, styleLayers, network.device(),
			network.memory(), content, styles, listener);
		RunProgress progress = new RunProgress(listener, plan.stages(), plan.costs());
		try (NDManager run = network.manager().newSubManager()) {
			for (Stages.Stage stage : plan.stages()) {
				StageImages images = StageImages.of(settings, stage, content, styles, masks, current, start);
				boolean last = stage == plan.last();
				// The earlier planes enter at the finest scale: its start and its temporal term (coarser scales
				// are styled as a single image; their term is 0, so every row of the log has its column).
				TemporalTargets stageTemporal = temporal == null ? null : last ? temporal : TemporalTargets.NONE;
				if (last && temporal != null && !temporal.isEmpty()) images = images.startingFrom(temporal.start(images.start()));
				if (plan.stages().size() > 1) listener.status(plan.describe(stage));
				runStage(stage, last, images, stageTemporal, plan.tilings().get(stage.index()), progress, run);
				if (reason == StopReason.CANCELLED || reason == StopReason.DIVERGED) break;
			}
		}
		return RunEnd.finish(settings, plan.last(), content, masks, progress, best,
			new RunEnd.Outcome(current, currentIteration, reason, message, averaged));
	}

	private void runStage(Stages.Stage stage, boolean last, StageImages images, TemporalTargets temporal,
		Tiling tiling, RunProgress progress, NDManager run)
	{
		try (NDManager scope = run.newSubManager();
			StyleObjective objective = objective(images, temporal, tiling, scope);
			ImageOptimizer optimizer = createOptimizer(scope))
		{
			NDArray x = tensor(images.start(), scope);
			IterateAverage average = settings.average() > 0 ? new IterateAverage(x, settings.average(), scope) : null;
			progress.startStage(stage, images.content().channels(), average);
			best.startStage(scope);
			stopTolerance.startStage();
			RunObjective evaluated = new RunObjective(objective, progress, best, stopTolerance, listener);
			NonFiniteLossException diverged = null;
			try {
				while (progress.remaining() > 0) {
					if (listener.isCancelled()) throw new RunProgress.Cancelled();
					optimizer.step(x, evaluated, progress.remaining());
					if (average != null) average.update(x);
					String stopped = optimizer.stopReason().orElse(null);
					String levelled = settings.stopTolerance() > 0 && stopped == null
						? stopTolerance.levelledOff(settings.stopWindow(), settings.stopTolerance()) : null;
					if (levelled != null) progress.noteLast("stopped: " + levelled);
					if (stopped != null || levelled != null) {
						stop(stage, last, progress, stopped, levelled);
						break;
					}
				}
			}
			catch (RunProgress.Cancelled e) {
				reason = StopReason.CANCELLED;
			}
			catch (NonFiniteLossException e) {
				reason = StopReason.DIVERGED;
				diverged = e;
			}
			boolean keptAverage = average != null && progress.stageEvaluations() > 0
				&& keepAverage(average, objective, progress, stage, scope);
			if (diverged != null) {
				message = "The loss became " + diverged.loss() + " at iteration " + diverged.evaluation() + "; kept "
					+ (keptAverage ? "the average of the iterates" : "the best image") + " before that. "
					+ divergenceAdvice(settings);
			}
			if (keptAverage) return;
			if (best.image() != null) {
				current = progress.toImage(best.image().toFloatArray());
				currentIteration = best.iteration();
				averaged = false;
			}
			else if (current == null || reason == StopReason.CANCELLED) {
				// No evaluation at this stage: what it started from is the best there is.
				current = images.start();
				averaged = false;
			}
		}
	}

	/**
	 * The optimiser converged ({@code converged} says how), or stop_tolerance stopped the stage
	 * ({@code levelled} says why): the run ends there at the last stage, else goes on at the next.
	 */
	private void stop(Stages.Stage stage, boolean last, RunProgress progress, String converged, String levelled) {
		String why = converged != null ? "Converged after " + Counts.of(progress.evaluations(), "iteration") + ": " + converged
			: "Stopped after " + Counts.of(progress.evaluations(), "iteration") + ": " + levelled;
		if (last) {
			reason = StopReason.CONVERGED;
			message = why + (settings.average() > 0 ? "." : (best.keepsLatest() ? "; last loss " : "; best loss ")
				+ Numbers.loss(best.loss()) + ".");
			if (levelled != null) listener.status(why + ".");
		}
		else {
			listener.status("Scale " + (stage.index() + 1) + (converged != null ? " converged" : " stopped improving")
				+ " after " + Counts.of(progress.stageEvaluations(), "iteration") + (levelled != null ? " (" + levelled + ")" : "")
				+ "; going on at the next scale.");
		}
	}

	/**
	 * The stage returns the average of its iterates; its loss is evaluated once more, without
	 * gradient, and recorded. False (the best iterate is kept instead) if that loss is not finite.
	 */
	private boolean keepAverage(IterateAverage average, StyleObjective objective, RunProgress progress,
		Stages.Stage stage, NDManager scope)
	{
		try (NDManager arrays = scope.newSubManager()) {
			NDArray image = average.get(arrays);
			StyleObjective.Terms terms = objective.loss(image, arrays);
			if (!Double.isFinite(terms.total())) return false;
			currentIteration = progress.recordAverage(terms);
			current = progress.toImage(image.toFloatArray());
			averaged = true;
			return true;
		}
	}

	/** The objective of a stage; the target images are freed once their features are taken. */
	private StyleObjective objective(StageImages images, TemporalTargets temporal, Tiling tiling,
		NDManager owner)
	{
		try (NDManager arrays = owner.newSubManager()) {
			return new StyleObjective(network.engine(), StyleObjective.inputs(network.network(), network.preprocessing(),
				settings, contentLayers, styleLayers, tensor(images.content(), arrays),
				images.styles().stream().map(s -> tensor(s, arrays)).toList(), images.masks(), owner, tiling,
				network.styleTargets(), temporal), TermTable::create);
		}
	}

	/** What to change after the loss became infinite or NaN, for the optimiser in use. */
	static String divergenceAdvice(StyleSettings settings) {
		double rate = settings.effectiveLearningRate();
		return settings.optimizer() == OptimizerKind.LBFGS
			? "L-BFGS stepped too far: lower learning_rate (now " + rate + ", e.g. " + rate / 2 + ")"
				+ (settings.lineSearch() ? "." : " or turn on line_search.")
			// Adam's and (normalised) SGD's steps do not follow the loss scale: lower weights would not help.
			: "Lower learning_rate (now " + rate + ", e.g. " + rate / 10 + "), or use optimizer=lbfgs, which scales its "
				+ "own steps.";
	}

	private ImageOptimizer createOptimizer(NDManager run) {
		double lr = settings.effectiveLearningRate();
		return settings.optimizer() == OptimizerKind.LBFGS
			? Optimizers.lbfgs(lr, settings.historySize(), settings.lineSearch(), run)
			: Optimizers.create(settings.optimizer(), lr, run);
	}

	static NDArray tensor(FloatImage image, NDManager manager) {
		return manager.create(image.data(), new Shape(1, image.channels(), image.height(), image.width()));
	}
}

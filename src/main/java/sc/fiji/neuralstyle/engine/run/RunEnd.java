package sc.fiji.neuralstyle.engine.run;

import java.util.List;

import sc.fiji.neuralstyle.engine.objective.TermTable;
import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.MaskBlend;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.plan.Stages;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.progress.TermValues;
import sc.fiji.neuralstyle.engine.settings.ColorMode;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.text.Counts;
import sc.fiji.neuralstyle.text.Numbers;

/**
 * The end of a run: the last stage's image at the result's size, the content's colours and the
 * content outside the masks where asked for, and the sentence that says how the run ended.
 */
final class RunEnd {

	/**
	 * Where the stages got.
	 *
	 * @param image the latest stage's best image, or the start image if it had no evaluation
	 * @param iteration that image's iteration over all stages; -1 for a start image
	 * @param reason why the run stopped
	 * @param message the sentence for the reason, or null to be written here
	 * @param averaged whether the image is the average of the iterates ({@code average})
	 */
	record Outcome(FloatImage image, int iteration, StopReason reason, String message, boolean averaged) {}

	private RunEnd() {}

	static StyleResult finish(StyleSettings settings, Stages.Stage last, FloatImage content, List<FloatImage> masks,
		RunProgress progress, BestIterate best, Outcome outcome)
	{
		FloatImage current = outcome.image();
		StopReason reason = outcome.reason();
		String message = outcome.message();
		if (outcome.iteration() < 0 && reason == StopReason.DIVERGED) {
			overflowedWeights(settings, progress.records());
			// Nothing to keep: the values going in are not numbers. Said as a bad argument (fronts exit 2).
			throw new IllegalArgumentException("content, style or weights: the loss is not a number at the start "
				+ "image, before any step, so an input holds values that are not finite numbers (a weights file "
				+ "with NaN or infinite values, or a 32-bit image with NaN pixels); check " + (settings.weights() != null
					? "the weights file " + settings.weights() + " and " : "") + "the images");
		}
		FloatImage result = Resampler.resize(current, last.width(), last.height());
		boolean enlarged = result != current;
		String kept = outcome.averaged() ? "the average of the iterates (loss "
			+ Numbers.loss(progress.records().get(outcome.iteration()).total()) + ")"
			: (best.keepsLatest() ? "the last iterate (iteration " : "the best image (iteration ") + outcome.iteration() + ")";
		if (reason == StopReason.CANCELLED) {
			message = progress.evaluations() == 0 ? "Cancelled before the first iteration; returned the start image."
				: "Cancelled after " + Counts.of(progress.evaluations(), "iteration") + "; kept " + kept + (enlarged
					? ", enlarged from scale " + current.width() + "×" + current.height() + " px" : "") + ".";
		}
		else if (reason == StopReason.CONVERGED && outcome.averaged()) {
			message = message.substring(0, message.length() - 1) + "; the result is " + kept + ".";
		}
		else if (enlarged && reason == StopReason.DIVERGED) {
			message += " It was enlarged from scale " + current.width() + "×" + current.height() + " px.";
		}
		FloatImage lastContent = Resampler.resize(content, last.width(), last.height());
		if (settings.preserveColors() == ColorMode.LUMINANCE && result.channels() == 3) {
			result = ColorTransfer.preserveColors(result, lastContent);
		}
		if (!masks.isEmpty()) {
			result = MaskBlend.keepContentOutside(result, lastContent, StageImages.masks(masks, last.width(), last.height()));
		}
		if (message == null) {
			message = outcome.averaged() || best.keepsLatest()
				? "Done: " + Counts.of(progress.evaluations(), "iteration") + "; the result is " + kept + (outcome.averaged() ? ""
					: ", loss " + Numbers.loss(best.loss()) + " (normalize_gradients follows its gradients, not the loss)") + "."
				: "Done: " + Counts.of(progress.evaluations(), "iteration") + ", best loss " + Numbers.loss(best.loss()) + " at iteration "
					+ best.iteration() + ".";
		}
		return new StyleResult(result, progress.records(), reason, message, outcome.iteration());
	}

	/**
	 * A loss that is not finite at the start although every term's value is: the weights made it so
	 * (the weighted sum is a 32-bit float). Said as a bad argument naming the largest weighted term.
	 */
	private static void overflowedWeights(StyleSettings settings, List<LossRecord> records) {
		if (records.isEmpty()) return;
		TermValues terms = records.get(records.size() - 1).terms();
		TermTable.Column largest = null;
		double largestProduct = 0;
		for (int i = 0; i < terms.names().size(); i++) {
			if (!Double.isFinite(terms.value(i))) return; // a term itself: an input's values, said below
			TermTable.Column column = TermTable.named(terms.names().get(i));
			double product = column == null ? 0 : Math.abs(column.weight().applyAsDouble(settings) * terms.value(i));
			if (column != null && product >= largestProduct) {
				largest = column;
				largestProduct = product;
			}
		}
		if (largest == null) return;
		String name = largest.weightLabel().startsWith(largest.name()) ? largest.weightLabel() : largest.name() + "_weight";
		throw new IllegalArgumentException(name + ": " + largest.name() + " loss " + terms.get(largest.name()) + " times "
			+ name + " " + largest.weight().applyAsDouble(settings) + " is more than the loss, a 32-bit float, holds (3.4e38);"
			+ " lower " + name);
	}
}

package sc.fiji.neuralstyle.engine.progress;

import java.util.List;

/**
 * The losses of one evaluation, a row of the loss log. The terms' values are unweighted; total is
 * their weighted sum (α·content + β·style + γ·tv, and any further term's weight times its value).
 *
 * @param iteration 0 for the start image, then 1, 2, … for each further loss evaluation
 * @param total the weighted total loss
 * @param terms the unweighted value of each term of the run, by loss-log column ({@code TermTable})
 * @param elapsedMs milliseconds since the optimisation started
 * @param scale the longest side in pixels of the image evaluated: {@code size}, or a coarser stage's
 *          size when {@code scales} &gt; 1 (losses at different scales are not comparable: the
 *          content loss is a sum over pixels)
 * @param note empty, or what this row is besides an evaluation of the optimiser: {@code average}
 *          (the loss of the average of the iterates, which a stage returns with {@code average}), or
 *          {@code stopped: …} (why {@code stop_tolerance} stopped the stage here); never a comma
 */
public record LossRecord(int iteration, double total, TermValues terms, long elapsedMs, int scale, String note) {

	public LossRecord {
		if (note == null) note = "";
		if (note.contains(",") || note.contains("\n")) {
			throw new IllegalArgumentException("a loss log note has no comma or line break: " + note);
		}
	}

	/** A record without a note. */
	public LossRecord(int iteration, double total, TermValues terms, long elapsedMs, int scale) {
		this(iteration, total, terms, elapsedMs, scale, "");
	}

	/**
	 * The loss log's header line of a run with Gatys et al.'s terms only (the default): a run with
	 * further terms has their columns between {@code tv} and {@code elapsed_ms} ({@link #csvHeader});
	 * a log with notes ends with a {@code note} column. {@code scale} came last so that readers of the
	 * older six columns still work.
	 */
	public static final String CSV_HEADER = csvHeader(TermValues.GATYS);

	/**
	 * A record of Gatys et al.'s three terms.
	 *
	 * @param content the content loss ½Σ(F−P)²
	 * @param style the style loss Σ w_l E_l
	 * @param tv the total-variation loss
	 */
	public LossRecord(int iteration, double total, double content, double style, double tv, long elapsedMs, int scale) {
		this(iteration, total, TermValues.of(content, style, tv), elapsedMs, scale);
	}

	/** The content loss. */
	public double content() {
		return terms.get("content");
	}

	/** The style loss (of the run's {@code style_loss}). */
	public double style() {
		return terms.get("style");
	}

	/** The total-variation loss. */
	public double tv() {
		return terms.get("tv");
	}

	/** The loss log's header for these term columns. */
	public static String csvHeader(List<String> terms) {
		return "iteration,total," + String.join(",", terms) + ",elapsed_ms,scale";
	}

	/** This record's header line ({@link #csvHeader} of its terms). */
	public String csvHeader() {
		return csvHeader(terms.names());
	}

	/** This record as one CSV line (no line break). */
	public String toCsv() {
		StringBuilder line = new StringBuilder().append(iteration).append(',').append(total);
		for (int i = 0; i < terms.names().size(); i++) line.append(',').append(terms.value(i));
		return line.append(',').append(elapsedMs).append(',').append(scale).toString();
	}

	/** The same losses with a note. */
	public LossRecord withNote(String text) {
		return new LossRecord(iteration, total, terms, elapsedMs, scale, text);
	}

	/** The same losses with the iteration and the elapsed time moved on (a stack's planes one after another). */
	public LossRecord movedOn(int iterations, long ms) {
		return new LossRecord(iteration + iterations, total, terms, elapsedMs + ms, scale, note);
	}
}

package sc.fiji.neuralstyle.engine;

/**
 * The losses of one evaluation, a row of the loss log. Content, style and tv are unweighted; total
 * is α·content + β·style + γ·tv.
 *
 * @param iteration 0 for the start image, then 1, 2, … for each further loss evaluation
 * @param total the weighted total loss
 * @param content the content loss ½Σ(F−P)²
 * @param style the style loss Σ w_l E_l
 * @param tv the total-variation loss
 * @param elapsedMs milliseconds since the optimisation started
 * @param scale the longest side in pixels of the image evaluated: {@code size}, or a coarser stage's
 *          size when {@code scales} &gt; 1 (losses at different scales are not comparable: the
 *          content loss is a sum over pixels)
 */
public record LossRecord(int iteration, double total, double content, double style, double tv, long elapsedMs,
	int scale)
{

	/**
	 * The loss log's header line, shared by every front; {@code scale} came last so that readers of
	 * the older six columns still work.
	 */
	public static final String CSV_HEADER = "iteration,total,content,style,tv,elapsed_ms,scale";

	/** This record as one CSV line (no line break). */
	public String toCsv() {
		return iteration + "," + total + "," + content + "," + style + "," + tv + "," + elapsedMs + "," + scale;
	}
}

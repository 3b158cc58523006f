package sc.fiji.neuralstyle.fiji.windows;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ij.gui.Plot;
import sc.fiji.neuralstyle.engine.objective.TermTable;
import sc.fiji.neuralstyle.engine.progress.LossLog;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;

/**
 * The loss history of a run as an ImageJ plot: the total and each term of the run (its loss-log
 * columns, {@link TermTable}) against the iteration, on a logarithmic y axis as in the original
 * study's optimiser comparisons.
 * <p>
 * The terms are drawn weighted (α·L_content, β·L_style, tv_weight·L_tv, …), the parts that add up to
 * the total, so the curves share one scale and show which term dominates; content and style always,
 * the others where their weight is above 0. Points ≤ 0 (the content loss
 * of the start image when init=content) cannot be drawn on a log axis and are left out. The y axis
 * reaches down to a decade below where the curves settle (each plane's second half), not to the
 * content loss's first steps up from 0 (1e-4 where the rest is 1e2 squeezed every curve into the
 * top of the plot); those first points lie below the axis.
 * <p>
 * A stack's planes are drawn one after the other on a running iteration axis ({@link LossLog#concatenate}),
 * with a dotted line where each next plane starts: one curve per term however many planes, and the
 * drop at each start shows what starting from the previous plane's result gains. A coarse-to-fine
 * run ({@code scales} &gt; 1) gets a dashed line where each finer scale starts (the loss jumps there:
 * the content loss is a sum over more pixels).
 */
public final class LossPlot {

	static final Color TOTAL = Color.BLACK;
	static final Color CONTENT = new Color(0x1f77b4);
	static final Color STYLE = new Color(0xd62728);
	static final Color TV = new Color(0x2ca02c);
	/** Further terms' curves, in their order. */
	private static final Color[] OTHERS = { new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b) };

	private LossPlot() {}

	/**
	 * The plot.
	 *
	 * @param title the plot's title (window name)
	 * @param losses one loss history per plane, in order
	 * @param s the run's settings (for the weights of the terms)
	 */
	public static Plot create(String title, List<List<LossRecord>> losses, StyleSettings s) {
		List<LossRecord> records = LossLog.concatenate(losses);
		int n = records.size();
		double[] x = new double[n], total = new double[n];
		List<String> names = n == 0 ? TermTable.columns(s) : records.get(0).terms().names();
		double[][] terms = new double[names.size()][n];
		double[] weights = new double[names.size()];
		for (int t = 0; t < names.size(); t++) {
			TermTable.Column column = TermTable.named(names.get(t));
			weights[t] = column == null ? Double.NaN : column.weight().applyAsDouble(s);
		}
		for (int i = 0; i < n; i++) {
			LossRecord r = records.get(i);
			x[i] = r.iteration();
			total[i] = positive(r.total());
			for (int t = 0; t < names.size(); t++) terms[t][i] = positive(weights[t] * r.terms().value(t));
		}
		boolean scales = records.stream().mapToInt(LossRecord::scale).distinct().count() > 1;
		String xLabel = "Iteration (0: the start image" + (losses.size() > 1 ? "; planes one after another, dotted: next plane"
			+ " starts" : "") + (scales ? "; dashed: next scale starts" : "") + ")";
		Plot plot = new Plot(title, xLabel, "Loss (log scale)");
		plot.setLogScaleY();
		StringBuilder legend = new StringBuilder();
		add(plot, x, total, TOTAL, "total", legend);
		List<double[]> drawn = new ArrayList<>(List.of(total));
		for (int t = 0; t < names.size(); t++) {
			if (!drawn(names.get(t), weights[t])) continue;
			add(plot, x, terms[t], colour(names.get(t), t), TermTable.named(names.get(t)).weightLabel() + "\u00b7"
				+ names.get(t), legend);
			drawn.add(terms[t]);
		}
		// ImageJ would otherwise scale the axes to the first curve only.
		plot.setLimitsToFit(false);
		double[] range = positiveRange(drawn, secondHalves(losses));
		if (range != null) {
			// A margin above and below, so curves at the extremes are not drawn on the frame.
			plot.setLimits(0, Math.max(1, n - 1), range[0] / 2, range[1] * 2);
			// Plane boundaries: a dotted line where each further plane's first iteration is.
			plot.setColor(Color.DARK_GRAY);
			plot.setLineWidth(1);
			int start = 0;
			for (int p = 0; p < losses.size() - 1; p++) {
				start += losses.get(p).size();
				plot.drawDottedLine(start, range[0], start, range[1], 2);
			}
			// Scale boundaries: where the image size changes within a plane.
			for (int i = 1; i < n; i++) {
				LossRecord r = records.get(i);
				if (r.scale() > records.get(i - 1).scale()) plot.drawDottedLine(r.iteration(), range[0], r.iteration(), range[1], 6);
			}
		}
		plot.setColor(TOTAL);
		plot.setLegend(legend.toString(), Plot.AUTO_POSITION);
		return plot;
	}

	/**
	 * Content and style are always drawn (they are what the run is about, even where one has weight
	 * 0 and its curve stays empty); other terms where their weight is above 0.
	 */
	private static boolean drawn(String name, double weight) {
		if (TermTable.named(name) == null) return false;
		return name.equals("content") || name.equals("style") || weight > 0;
	}

	private static Color colour(String name, int index) {
		return switch (name) {
			case "content" -> CONTENT;
			case "style" -> STYLE;
			case "tv" -> TV;
			default -> OTHERS[index % OTHERS.length];
		};
	}

	/** One curve, with its line in the legend (also {@link TrainingPlot}'s). */
	static void add(Plot plot, double[] x, double[] y, Color color, String label, StringBuilder legend) {
		plot.setColor(color);
		plot.setLineWidth(1.5f);
		plot.addPoints(x, y, Plot.LINE);
		if (legend.length() > 0) legend.append('\n');
		legend.append(label);
	}

	/** A value a log axis can draw, else NaN (left out). */
	static double positive(double v) {
		return v > 0 && Double.isFinite(v) ? v : Double.NaN;
	}

	/** The indices of each plane's second half among the concatenated records. */
	private static Set<Integer> secondHalves(List<List<LossRecord>> losses) {
		Set<Integer> late = new HashSet<>();
		int start = 0;
		for (List<LossRecord> plane : losses) {
			for (int i = plane.size() / 2; i < plane.size(); i++) late.add(start + i);
			start += plane.size();
		}
		return late;
	}

	/**
	 * The range the y axis shows: up to the largest drawable value; down to the smallest, but no
	 * further than a decade below the smallest of each plane's second half, where the curves settle
	 * (a term that starts from 0, the content loss from the content, rises through values far below
	 * its course). Null if nothing can be drawn.
	 */
	private static double[] positiveRange(List<double[]> series, Set<Integer> late) {
		double min = Double.POSITIVE_INFINITY, lateMin = Double.POSITIVE_INFINITY, max = 0;
		for (double[] values : series) {
			for (int i = 0; i < values.length; i++) {
				double v = values[i];
				if (!(v > 0)) continue;
				min = Math.min(min, v);
				if (late.contains(i)) lateMin = Math.min(lateMin, v);
				max = Math.max(max, v);
			}
		}
		if (max == 0) return null;
		return new double[] { Double.isInfinite(lateMin) ? min : Math.max(min, lateMin / 10), max };
	}
}

package sc.fiji.neuralstyle.fiji.windows;

import java.awt.Color;
import java.util.List;

import ij.gui.Plot;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.fast.training.StepRecord;

/**
 * A training run's losses as an ImageJ plot: the total and the weighted terms (α·content, β·style,
 * tv and temporal where their weight is above 0) against the step, on a logarithmic y axis, in
 * {@link LossPlot}'s colours so that a training's plot reads as an optimisation's.
 */
final class TrainingPlot {

	private static final Color TEMPORAL = new Color(0x9467bd);

	private TrainingPlot() {}

	/**
	 * The plot of the steps so far.
	 *
	 * @param title the plot's title (window name)
	 * @param history every step's record, earlier runs' of a continued training included
	 * @param steps the steps in all (the x axis reaches there, so the curve grows across a fixed frame)
	 * @param s the settings (the terms' weights)
	 */
	static Plot create(String title, List<StepRecord> history, int steps, StyleSettings s) {
		int n = history.size();
		double[] x = new double[n], total = new double[n], content = new double[n], style = new double[n],
			tv = new double[n], temporal = new double[n];
		double min = Double.POSITIVE_INFINITY, max = 0;
		for (int i = 0; i < n; i++) {
			StepRecord r = history.get(i);
			x[i] = r.step();
			total[i] = LossPlot.positive(r.total());
			content[i] = LossPlot.positive(s.contentWeight() * r.content());
			style[i] = LossPlot.positive(s.styleWeight() * r.style());
			tv[i] = LossPlot.positive(s.tvWeight() * r.tv());
			temporal[i] = LossPlot.positive(s.temporalWeight() * r.temporal());
			for (double v : new double[] { total[i], content[i], style[i], tv[i], temporal[i] }) {
				if (v > 0) {
					min = Math.min(min, v);
					max = Math.max(max, v);
				}
			}
		}
		Plot plot = new Plot(title, "Training step", "Loss (log scale)");
		plot.setLogScaleY();
		StringBuilder legend = new StringBuilder();
		LossPlot.add(plot, x, total, LossPlot.TOTAL, "total", legend);
		LossPlot.add(plot, x, content, LossPlot.CONTENT, "\u03b1\u00b7content", legend);
		LossPlot.add(plot, x, style, LossPlot.STYLE, "\u03b2\u00b7style", legend);
		if (s.tvWeight() > 0) LossPlot.add(plot, x, tv, LossPlot.TV, "tv_weight\u00b7tv", legend);
		if (s.temporalWeight() > 0) LossPlot.add(plot, x, temporal, TEMPORAL, "temporal_weight\u00b7temporal", legend);
		plot.setLimitsToFit(false);
		if (max > 0) plot.setLimits(0, Math.max(1, steps), min / 2, max * 2);
		plot.setColor(LossPlot.TOTAL);
		plot.setLegend(legend.toString(), Plot.AUTO_POSITION);
		return plot;
	}
}

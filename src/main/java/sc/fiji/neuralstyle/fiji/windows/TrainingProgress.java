package sc.fiji.neuralstyle.fiji.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import ij.IJ;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.fast.training.StepRecord;
import sc.fiji.neuralstyle.fast.training.TrainingListener;
import sc.fiji.neuralstyle.text.Numbers;

/**
 * What Fiji shows of a training run, as the optimisation's {@link JobProgress} does for a style
 * transfer: the step, loss and time left in the status bar, the progress bar, and with windows a loss
 * plot drawn as the steps come ({@link TrainingPlot}, redrawn at most twice a second). Esc or the
 * caller's cancel stop the run at the next step; the trainer then writes the model of the last
 * checkpoint.
 */
public final class TrainingProgress implements TrainingListener {

	/** The command's title, in its windows, the status bar and the Log. */
	public static final String TITLE = "Train Fast Style";

	/** The least time between two draws of the live plot. */
	private static final long REDRAW_MS = 500;

	private final String plotTitle;
	private final StyleSettings settings;
	private final boolean windows;
	private final BooleanSupplier cancelled;
	private final List<StepRecord> history = new ArrayList<>();
	private int steps;
	private PlotWindow plotWindow;
	private long drawnAt;
	private boolean shown;

	/**
	 * @param plotTitle the loss plot's title
	 * @param settings the run's settings (the terms' weights, for the plot)
	 * @param windows whether to draw the plot live (not in a macro's batch mode, where each draw would be an image)
	 * @param cancelled polled before each step, with Esc
	 */
	public TrainingProgress(String plotTitle, StyleSettings settings, boolean windows, BooleanSupplier cancelled) {
		this.plotTitle = plotTitle;
		this.settings = settings;
		this.windows = windows;
		this.cancelled = cancelled;
	}

	/** What the status bar says while the network loads (or its weights download). */
	public ProgressListener loading() {
		return new ProgressListener() {
			@Override
			public void status(String message) {
				IJ.showStatus(TITLE + ": " + message);
			}

			@Override
			public void download(long bytesDone, long bytesTotal) {
				if (bytesTotal > 0) IJ.showProgress((double) bytesDone / bytesTotal);
			}
		};
	}

	@Override
	public void started(int firstStep, int steps, List<StepRecord> earlier) {
		this.steps = steps;
		history.addAll(earlier);
		if (firstStep > 0) IJ.log(TITLE + ": continuing from step " + firstStep + " of its checkpoint");
	}

	@Override
	public void step(StepRecord record, int steps) {
		history.add(record);
		IJ.showProgress(record.step(), steps);
		IJ.showStatus(status(record, steps));
		long now = System.currentTimeMillis();
		if (windows && (now - drawnAt >= REDRAW_MS || record.step() == steps)) {
			drawnAt = now;
			draw();
		}
	}

	/** "Train Fast Style: step 12/100, loss 1.235e5, 1:20 left (Esc stops)". */
	static String status(StepRecord record, int steps) {
		return TITLE + ": step " + record.step() + "/" + steps + ", loss " + Numbers.loss(record.total())
			+ ", " + JobProgress.duration(record.millisLeft(steps)) + " left (Esc stops)";
	}

	@Override
	public boolean isCancelled() {
		return cancelled.getAsBoolean() || IJ.escapePressed();
	}

	/** The steps' records, earlier runs' included. */
	List<StepRecord> history() {
		return List.copyOf(history);
	}

	/**
	 * The plot of every step, drawn once more in its window if there is one; the progress bar is
	 * cleared. Null when no step was taken.
	 */
	public Plot finish() {
		IJ.showProgress(1.0);
		if (history.isEmpty()) return null;
		if (windows) return draw();
		return TrainingPlot.create(plotTitle, history, steps, settings);
	}

	private Plot draw() {
		Plot plot = TrainingPlot.create(plotTitle, history, steps, settings);
		// Shown once; a window the user closed stays closed.
		if (!shown) {
			shown = true;
			plotWindow = plot.show();
		}
		else if (plotWindow != null && plotWindow.isShowing()) plotWindow.drawPlot(plot);
		return plot;
	}
}

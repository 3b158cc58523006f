package sc.fiji.neuralstyle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressState;
import me.tongfei.progressbar.ProgressBarStyle;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;

/**
 * Shows a run on the terminal: status lines, then a progress bar on standard error with iteration,
 * loss, elapsed time and ETA (for a stack: frame k of n, the bar and the ETA the whole stack's);
 * optionally writes intermediate images. Where standard error is a file or a pipe, a plain line at
 * each tenth of the work stands for the bar.
 */
final class CliProgress implements PlaneSequence.Listener, AutoCloseable {

	/** Writes an intermediate image. */
	@FunctionalInterface
	interface PreviewSink {
		/**
		 * @param plane the plane's index (0-based, styling order; 0 for a single image)
		 */
		void write(int plane, int iteration, FloatImage image) throws IOException;
	}

	private final PrintWriter err;
	private final boolean quiet;
	private final boolean terminal;
	private long firstNanos = -1;
	private int tenthsSaid;
	private final int previewEvery;
	private final PreviewSink previews;
	private final BooleanSupplier cancelled;
	private final String unit;
	private ProgressBar bar;
	private volatile double workDone;
	private int plane;
	private int planes = 1;

	/**
	 * @param unit what a plane of a stack is called (frame, slice, plane)
	 * @param cancelled polled at every iteration: true stops the run, keeping the best image
	 */
	CliProgress(PrintWriter err, boolean quiet, int previewEvery, PreviewSink previews, String unit,
		BooleanSupplier cancelled)
	{
		this(err, quiet, previewEvery, previews, unit, cancelled, Terminal.isStandardError());
	}

	/**
	 * @param terminal whether standard error is a terminal, where the bar redraws its line; else (a
	 *          file, a pipe) a plain line is written at each tenth of the work, without carriage returns
	 *          (which a file shows as blank lines)
	 */
	CliProgress(PrintWriter err, boolean quiet, int previewEvery, PreviewSink previews, String unit,
		BooleanSupplier cancelled, boolean terminal)
	{
		this.terminal = terminal;
		this.err = err;
		this.unit = unit;
		this.quiet = quiet;
		this.previewEvery = previewEvery;
		this.previews = previews;
		this.cancelled = cancelled;
	}

	@Override
	public boolean isCancelled() {
		return cancelled.getAsBoolean();
	}

	@Override
	public synchronized void status(String message) {
		if (quiet) return;
		if (bar != null) err.println(); // the bar's line ends first: the status is a line of its own
		err.println(message);
	}

	@Override
	public void planeStarted(int index, int count) {
		plane = index;
		planes = count;
	}

	@Override
	public void iteration(LossRecord record, int iterations, Supplier<FloatImage> preview) {
		iteration(record, iterations, (plane + (record.iteration() + 1.0) / Math.max(1, iterations)) / planes, preview);
	}

	/**
	 * The ETA rests on the sequence's share of the whole stack's work done, which weighs coarse scales
	 * and tiles; the bar counts the iterations of every plane.
	 */
	@Override
	public void iteration(LossRecord record, int iterations, double workDone, Supplier<FloatImage> preview) {
		this.workDone = workDone;
		if (!quiet && terminal) drawBar(record, iterations);
		else if (!quiet) sayTenth(record, iterations, workDone);
		if (previewEvery > 0 && record.iteration() > 0 && record.iteration() % previewEvery == 0) {
			try {
				previews.write(plane, record.iteration(), preview.get());
			}
			catch (IOException e) {
				throw new UncheckedIOException("Could not write the preview image: " + e.getMessage(), e);
			}
		}
	}

	private synchronized void drawBar(LossRecord record, int iterations) {
		if (bar == null) {
			bar = new ProgressBarBuilder().setTaskName("Styling").setInitialMax((long) iterations * planes)
				.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
				.setConsumer(new ConsoleProgressBarConsumer(System.err, 100))
				.setEtaFunction(this::eta)
				.build();
		}
		bar.stepTo((long) plane * iterations + record.iteration() + 1);
		bar.setExtraMessage((planes > 1 ? unit + " " + (plane + 1) + " of " + planes + ", " : "")
			+ String.format(Locale.ROOT, "loss %.4g", record.total()));
	}

	/** Where standard error is no terminal: one plain line each time the work passes a tenth. */
	private synchronized void sayTenth(LossRecord record, int iterations, double done) {
		long now = System.nanoTime();
		if (firstNanos < 0) firstNanos = now;
		int tenths = (int) Math.floor(done * 10 + 1e-9);
		if (tenths <= tenthsSaid || tenths >= 10) return;
		tenthsSaid = tenths;
		Duration elapsed = Duration.ofNanos(now - firstNanos);
		err.println(String.format(Locale.ROOT, "Styling: %d%% done, iteration %d of %d%s, loss %.4g, %s elapsed, about %s "
			+ "left", tenths * 10, record.iteration() + 1, iterations, planes > 1 ? ", " + unit + " " + (plane + 1) + " of "
				+ planes : "", record.total(), clock(elapsed), clock(Duration.ofMillis(Math.round(elapsed.toMillis() * (1 - done)
					/ done)))));
	}

	private static String clock(Duration d) {
		return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
	}

	/** Time left: the elapsed time scaled by the work left; unknown before the second evaluation. */
	private Optional<Duration> eta(ProgressState state) {
		double done = workDone;
		if (state.getCurrent() < 2 || done <= 0) return Optional.empty();
		return Optional.of(Duration.ofMillis(Math.round(state.getElapsedAfterStart().toMillis() * (1 - done) / done)));
	}

	/**
	 * A line that is shown even when quiet (a signal's acknowledgement), on a line of its own below
	 * the bar.
	 */
	synchronized void announce(String line) {
		if (bar != null) err.println();
		err.println(line);
	}

	/**
	 * Ends the progress bar: its last state is drawn and its line ended, so that the messages after
	 * the run start on a line of their own and the bar is not drawn again after them.
	 */
	@Override
	public synchronized void close() {
		if (bar != null) {
			bar.close();
			bar = null;
		}
	}
}

package sc.fiji.neuralstyle.fiji.windows;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import ij.IJ;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.image.ResultType;
import sc.fiji.neuralstyle.text.Numbers;

/**
 * Shows a Fiji run's ({@code fiji.run.FijiRuns}) progress in ImageJ: status bar (frame k of n, iteration, loss, one time
 * left for the whole stack), progress bar, weights download, and the preview window; and tells the
 * sequence to stop when the caller cancels or the user presses Esc.
 */
public final class JobProgress implements PlaneSequence.Listener {

	private static final String PREFIX = "Neural Style: ";

	private final int planes;
	private final String unit;
	private final int iterations;
	private final int previewEvery;
	private final PreviewWindow preview;
	private final ResultType previewType;
	private final BooleanSupplier cancelled;
	private int plane;
	private int planeEvaluations;
	/** Until the first plane starts: the network is loading, and a cancel stops the load. */
	private volatile boolean loading = true;
	private long started = -1;

	/**
	 * @param planes the number of planes to style
	 * @param unit what a plane is called: frame, slice or plane
	 * @param iterations the evaluations per plane at most
	 * @param previewEvery show every n-th iteration in {@code preview} (0: never)
	 * @param preview the preview window, or null for none
	 * @param previewType how preview images become ImageJ images
	 * @param cancelled the caller's cancel flag (Esc is checked besides)
	 */
	public JobProgress(int planes, String unit, int iterations, int previewEvery, PreviewWindow preview, ResultType previewType,
		BooleanSupplier cancelled)
	{
		this.planes = planes;
		this.unit = unit;
		this.iterations = iterations;
		this.previewEvery = previewEvery;
		this.preview = preview;
		this.previewType = previewType;
		this.cancelled = cancelled;
	}

	/** The next plane (0-based) starts. */
	@Override
	public void planeStarted(int index, int count) {
		loading = false;
		plane = index;
		planeEvaluations = 0;
	}

	/** Whether the caller cancelled or Esc was pressed. */
	@Override
	public boolean stopRequested() {
		return cancelled.getAsBoolean() || IJ.escapePressed();
	}

	/**
	 * Cancel requests reach the engine while the network loads (the load stops, nothing is run), and
	 * then once the current plane has its first evaluation: the engine returns the best image seen,
	 * so it must have seen one (which takes one iteration).
	 */
	@Override
	public boolean isCancelled() {
		return (loading || planeEvaluations > 0) && stopRequested();
	}

	@Override
	public void status(String message) {
		IJ.showStatus(PREFIX + message);
	}

	@Override
	public void download(long bytesDone, long bytesTotal) {
		double mb = bytesDone / 1e6;
		IJ.showStatus(PREFIX + (bytesTotal > 0
			? String.format(Locale.ROOT, "downloading weights, %.1f of %.1f MB", mb, bytesTotal / 1e6)
			: String.format(Locale.ROOT, "downloading weights, %.1f MB", mb)));
		if (bytesTotal > 0) IJ.showProgress((double) bytesDone / bytesTotal);
	}

	@Override
	public void iteration(LossRecord record, int maxIterations, Supplier<FloatImage> image) {
		iteration(record, maxIterations, (record.iteration() + 1.0) / Math.max(1, maxIterations), image);
	}

	/**
	 * The time left rests on the sequence's share of the whole stack's work done, which weighs coarse
	 * scales and tiles: one estimate for the stack.
	 */
	@Override
	public void iteration(LossRecord record, int maxIterations, double workDone, Supplier<FloatImage> image) {
		long now = System.nanoTime();
		if (started < 0) started = now;
		planeEvaluations++;
		int perPlane = Math.max(1, maxIterations);
		double done = (double) plane * perPlane + record.iteration() + 1;
		double fraction = Math.min(1, workDone);
		long elapsedMs = (now - started) / 1_000_000;
		// The first evaluation includes warm-up: estimate from the second one on.
		long leftMs = done >= 2 && fraction > 0 ? Math.round(elapsedMs * (1 - fraction) / fraction) : -1;
		IJ.showStatus(status(unit, plane + 1, planes, record.iteration(), perPlane, record.total(), leftMs));
		IJ.showProgress(fraction);
		if (preview != null && previewEvery > 0 && record.iteration() % previewEvery == 0) {
			String label = (planes > 1 ? unit + " " + (plane + 1) + " of " + planes + ", " : "") + "iteration "
				+ record.iteration();
			preview.update(ResultImages.toProcessor(image.get(), previewType), label);
		}
	}

	/** Clears the progress bar and status, closes the preview. */
	public void finish() {
		IJ.showProgress(1.0);
		IJ.showStatus("");
		if (preview != null) preview.close();
	}

	/**
	 * The status line, e.g. "Neural Style: frame 2 of 5, iteration 120/299, loss 1.235e5, 1:20 left"
	 * (no frame for a single image, no time until it can be estimated; the time is the whole stack's).
	 * Iterations are counted as the loss log, the plot and Info count them: from 0, the start image,
	 * to the last one, {@code iterations - 1}.
	 */
	static String status(String unit, int plane, int planes, int iteration, int iterations, double loss, long leftMs) {
		StringBuilder s = new StringBuilder(PREFIX);
		if (planes > 1) s.append(unit).append(' ').append(plane).append(" of ").append(planes).append(", ");
		s.append("iteration ").append(iteration).append('/').append(Math.max(0, iterations - 1));
		s.append(", loss ").append(Numbers.loss(loss));
		if (leftMs >= 0) s.append(", ").append(duration(leftMs)).append(" left");
		return s.toString();
	}

	/** 80 000 ms → "1:20", 3 725 000 ms → "1:02:05". */
	static String duration(long ms) {
		long s = (ms + 500) / 1000;
		long h = s / 3600, m = s / 60 % 60, sec = s % 60;
		return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
	}
}

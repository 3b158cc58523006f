package sc.fiji.neuralstyle.fiji.windows;

import java.awt.EventQueue;
import java.util.concurrent.atomic.AtomicReference;

import ij.ImagePlus;
import ij.gui.ImageWindow;
import ij.process.ImageProcessor;

/**
 * A window showing the image being optimised, updated while a run goes on. Updates may come from any
 * thread (the engine's); they are drawn on the event dispatch thread, and only the newest waiting
 * one is drawn, so a slow display never holds up the engine. Closing the window stops the updates
 * for the rest of the run; {@link #close()} closes it at the end.
 */
public final class PreviewWindow {

	private final String title;
	private final AtomicReference<Update> pending = new AtomicReference<>();
	private ImagePlus imp; // touched on the event dispatch thread only
	private boolean closedByUser; // idem

	private record Update(ImageProcessor ip, String label) {}

	/** @param title the window's title, e.g. "Preview of coffee styled as starry_night" */
	public PreviewWindow(String title) {
		this.title = title;
	}

	/**
	 * Shows {@code ip} (the window opens on the first call).
	 *
	 * @param label added to the window's title, e.g. "plane 2/5, iteration 120"; may be null
	 */
	public void update(ImageProcessor ip, String label) {
		if (pending.getAndSet(new Update(ip, label)) == null) EventQueue.invokeLater(this::draw);
	}

	private void draw() {
		Update u = pending.getAndSet(null);
		if (u == null || closedByUser) return;
		if (imp == null) {
			imp = new ImagePlus(title(u), u.ip());
			OpenImages.mark(imp, OpenImages.PREVIEW); // not an image to style: the dialog leaves it out
			imp.show();
			return;
		}
		ImageWindow win = imp.getWindow();
		if (win == null || win.isClosed()) {
			closedByUser = true;
			return;
		}
		imp.setProcessor(u.ip());
		imp.setTitle(title(u));
		imp.updateAndDraw();
		win.repaint();
	}

	private String title(Update u) {
		return u.label() == null ? title : title + " (" + u.label() + ")";
	}

	/** Closes the window (after any update still waiting), without asking to save. */
	public void close() {
		EventQueue.invokeLater(() -> {
			pending.set(null);
			if (imp != null) {
				imp.changes = false;
				imp.close();
			}
		});
	}
}

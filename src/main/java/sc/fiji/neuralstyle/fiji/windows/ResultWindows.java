package sc.fiji.neuralstyle.fiji.windows;

import java.awt.EventQueue;
import java.awt.Rectangle;
import java.awt.Window;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.gui.Plot;

/**
 * A run's windows as a Fiji user meets them: the result and its loss plot under titles no open window
 * has (ImageJ's "-1", "-2", … as for duplicates, so that earlier results can still be chosen and the
 * recorder's {@code selectImage} lines mean one image), a small result zoomed in until its window
 * is wide enough for its title, the pair placed clear of earlier results, the plot beside the result.
 */
public final class ResultWindows {

	/** The start of a loss plot's title, before the result's. */
	public static final String PLOT = "Losses of ";
	/** The start of the preview window's title, before the result's. */
	public static final String PREVIEW = "Preview of ";

	/** A result narrower than this opens zoomed in (ImageJ's zoom levels, up to {@link #MAX_ZOOM}). */
	static final int MIN_WIDTH = 360;
	static final double MAX_ZOOM = 8;
	/** How far a new result moves from an earlier window it would cover exactly. */
	static final int CASCADE = 30;
	/** The gap between the result and its plot. */
	private static final int GAP = 8;

	private ResultWindows() {}

	/**
	 * {@code title}, or if an open window has it (or its plot's title), the first of title-1, title-2, …
	 * that none has: ImageJ's way with duplicate names. Images without a window (a batch-mode macro's)
	 * keep their titles, as ImageJ keeps them. Previews do not count: they close as their run ends.
	 */
	public static String uniqueTitle(String title) {
		List<String> open = new ArrayList<>();
		int[] ids = WindowManager.getIDList();
		if (ids != null) {
			for (int id : ids) {
				ImagePlus imp = WindowManager.getImage(id);
				if (imp != null && imp.getWindow() != null && !OpenImages.PREVIEW.equals(imp.getProperty(OpenImages.ROLE))) {
					open.add(imp.getTitle());
				}
			}
		}
		for (int n = 0;; n++) {
			String candidate = n == 0 ? title : title + "-" + n;
			if (!open.contains(candidate) && !open.contains(PLOT + candidate)) return candidate;
		}
	}

	/** Shows the result and the plot (in batch mode: makes them the macro's images), placed as the class says. */
	public static void show(ImagePlus result, Plot plot) {
		result.show();
		if (plot == null) return; // a fast-style model's pass has no loss history
		plot.show();
		ImageWindow resultWindow = result.getWindow();
		ImagePlus plotImage = plot.getImagePlus();
		if (resultWindow == null || plotImage == null || plotImage.getWindow() == null) return;
		Window plotWindow = plotImage.getWindow();
		onEventThread(() -> {
			zoomSmall(resultWindow);
			placeClear(resultWindow, plotWindow);
			beside(plotWindow, resultWindow);
			plotWindow.repaint();
		});
		// Again once the windows' own pending events (placement, first paint) are done.
		EventQueue.invokeLater(() -> beside(plotWindow, resultWindow));
	}

	/** Zooms in while the window is narrower than {@link #MIN_WIDTH} and the screen has room. */
	private static void zoomSmall(ImageWindow window) {
		ImageCanvas canvas = window.getCanvas();
		Rectangle screen = window.getGraphicsConfiguration().getBounds();
		ImagePlus imp = window.getImagePlus();
		while (canvas.getMagnification() < MAX_ZOOM && imp.getWidth() * canvas.getMagnification() < MIN_WIDTH) {
			double next = ImageCanvas.getHigherZoomLevel(canvas.getMagnification());
			if (imp.getWidth() * next > screen.width / 2.0 || imp.getHeight() * next > screen.height / 2.0) break;
			canvas.zoomIn(canvas.getWidth() / 2, canvas.getHeight() / 2);
		}
	}

	/**
	 * Moves the result down and to the right while it would lie exactly where another image window
	 * is, so that runs' windows cascade rather than pile up; back to the screen's top left when the
	 * pair would leave the screen.
	 */
	private static void placeClear(ImageWindow result, Window plot) {
		Rectangle screen = result.getGraphicsConfiguration().getBounds();
		List<Rectangle> others = new ArrayList<>();
		for (Window w : Window.getWindows()) {
			if (w != result && w != plot && w.isShowing() && w instanceof ImageWindow) others.add(w.getBounds());
		}
		int x = result.getX(), y = result.getY();
		for (int tries = 0; tries < 40 && covers(others, x, y); tries++) {
			x += CASCADE;
			y += CASCADE;
			if (x + result.getWidth() + GAP + plot.getWidth() > screen.x + screen.width
				|| y + Math.max(result.getHeight(), plot.getHeight()) > screen.y + screen.height) {
				x = screen.x + CASCADE * (tries % 8);
				y = screen.y + CASCADE * (tries % 8);
			}
		}
		result.setLocation(x, y);
	}

	/** Whether a window's top left corner is (nearly) at x, y, or a plot's would be beside it. */
	private static boolean covers(List<Rectangle> others, int x, int y) {
		for (Rectangle r : others) {
			if (Math.abs(r.x - x) < CASCADE / 2 && Math.abs(r.y - y) < CASCADE / 2) return true;
		}
		return false;
	}

	/** Puts the plot to the right of the result, or to its left if the screen ends there. */
	private static void beside(Window plot, Window result) {
		if (!plot.isShowing() || !result.isShowing()) return;
		Rectangle r = result.getBounds();
		Rectangle screen = result.getGraphicsConfiguration().getBounds();
		int x = r.x + r.width + GAP;
		if (x + plot.getWidth() > screen.x + screen.width) x = Math.max(screen.x, r.x - plot.getWidth() - GAP);
		plot.setLocation(x, r.y);
	}

	private static void onEventThread(Runnable r) {
		if (EventQueue.isDispatchThread()) {
			r.run();
			return;
		}
		try {
			EventQueue.invokeAndWait(r);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (InvocationTargetException e) {
			throw new IllegalStateException("Neural Style could not place its windows", e.getCause());
		}
	}
}

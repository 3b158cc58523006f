package sc.fiji.neuralstyle.fiji.windows;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Plot;
import ij.gui.PlotWindow;

/**
 * The open images as the dialog sees them: which it offers (not plots, not previews: they are
 * pictures of a run, not images to style), which are results of earlier runs, and which it proposes
 * as content and style. After a run the result is the active image; proposing it as the content made
 * OK restyle the result, so the content proposed is the one the user chose last while it is open.
 */
public final class OpenImages {

	/** The property that marks an image this plugin made; its value says what it is. */
	static final String ROLE = "neuralstyle.role";
	/** {@link #ROLE}'s value for a run's result and for the preview window. */
	public static final String RESULT = "result", PREVIEW = "preview";

	/**
	 * The ID of the content of the last run started from the dialog; 0 for none (ImageJ's IDs are
	 * negative). Process-wide as ImageJ1's images and dialogs are, whose IDs it names.
	 */
	private static volatile int lastContent;

	private OpenImages() {}

	/** The open images the dialog offers, in ImageJ's order: loss plots and previews left out. */
	public static List<ImagePlus> offered() {
		List<ImagePlus> images = new ArrayList<>();
		int[] ids = WindowManager.getIDList();
		if (ids == null) return images;
		for (int id : ids) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp != null && !isPlot(imp) && !PREVIEW.equals(imp.getProperty(ROLE))) images.add(imp);
		}
		return images;
	}

	private static boolean isPlot(ImagePlus imp) {
		return imp.getProperty(Plot.PROPERTY_KEY) != null || imp.getWindow() instanceof PlotWindow;
	}

	/** Marks an image as this plugin's {@link #RESULT} or {@link #PREVIEW}. */
	public static void mark(ImagePlus imp, String role) {
		imp.setProperty(ROLE, role);
	}

	private static boolean isResult(ImagePlus imp) {
		return RESULT.equals(imp.getProperty(ROLE));
	}

	/** Remembers the content of a run started from the dialog, to propose it next time. */
	public static void contentChosen(ImagePlus content) {
		lastContent = content.getID();
	}

	/**
	 * The content to propose: the last one chosen if it is still open, else the active image unless it
	 * is a result, else the first image that is not a result, else the first image.
	 */
	public static ImagePlus content(List<ImagePlus> offered) {
		for (ImagePlus imp : offered) {
			if (imp.getID() == lastContent) return imp;
		}
		ImagePlus current = WindowManager.getCurrentImage();
		if (current != null && offered.contains(current) && !isResult(current)) return current;
		return offered.stream().filter(imp -> !isResult(imp)).findFirst().orElse(offered.get(0));
	}

	/**
	 * The style to propose: the remembered one if it is open and not the content, else the first other
	 * image that is not a result, else any other, else the content itself.
	 */
	public static String style(List<ImagePlus> offered, String content, String remembered) {
		List<String> others = offered.stream().map(ImagePlus::getTitle).filter(t -> !t.equals(content)).toList();
		if (others.contains(remembered)) return remembered;
		return offered.stream().filter(imp -> !imp.getTitle().equals(content) && !isResult(imp)).map(ImagePlus::getTitle)
			.findFirst().orElse(others.isEmpty() ? content : others.get(0));
	}
}

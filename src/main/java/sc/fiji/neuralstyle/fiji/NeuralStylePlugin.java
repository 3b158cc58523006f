package sc.fiji.neuralstyle.fiji;

import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Window;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.ImageWindow;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * The ImageJ1 command "Neural Style" (Plugins &gt; Neural Style, from plugins.config): a dialog over
 * the open images, then a style transfer, whose result and loss plot open side by side.
 * <p>
 * Macros run it with the shared parameter names, e.g. {@code run("Neural Style", "content=[a.tif]
 * style=[b.jpg] network=vgg16 iterations=200 size=256")}; keys left out take their default (never the
 * remembered values of interactive runs). Wrong values stop a macro with a message saying which key is
 * wrong and what to do; interactively the message is shown and the dialog opens again.
 */
public class NeuralStylePlugin implements PlugIn {

	@Override
	public void run(String arg) {
		boolean macro = Macro.getOptions() != null;
		List<ImagePlus> images = openImages();
		// A macro may name image files instead of open images.
		if (images.isEmpty() && !macro) {
			fail("Neural Style needs a content image and a style image.\n"
				+ "Open both (File > Open...), then run Plugins > Neural Style > Neural Style again.");
			return;
		}
		DialogParameters initial = macro ? DialogParameters.DEFAULTS : PluginPrefs.load(DialogParameters.DEFAULTS);
		initial = withDefaultImages(initial, images);
		StyleJob.Request request = null;
		while (request == null) {
			PluginDialog dialog = new PluginDialog(initial, images);
			if (!dialog.show()) {
				// Nothing was done, so nothing is recorded (ImageJ would record run("Neural Style")).
				Recorder.setCommand(null);
				return;
			}
			DialogParameters values = dialog.values();
			try {
				request = values.toRequest(PluginDialog::findImage);
				if (macro) request = withLbfgsOptions(request, Macro.getOptions());
			}
			catch (IllegalArgumentException e) {
				fail(e.getMessage());
				if (macro) return;
				// The corrected dialog records its options afresh.
				Recorder.resetCommandOptions();
				initial = values;
				continue;
			}
			if (!macro) PluginPrefs.save(values);
		}
		run(request);
	}

	/**
	 * Applies the L-BFGS extras {@code history_size} and {@code line_search} of a macro call. They
	 * have no dialog field (few need them), but a macro takes them under the same names as the
	 * command line, and the result's Info writes them when they differ from the defaults.
	 *
	 * @throws IllegalArgumentException for a value out of range, naming the key
	 */
	static StyleJob.Request withLbfgsOptions(StyleJob.Request request, String options) {
		Map<String, String> values = MacroOptions.parse(options);
		String history = values.get("history_size");
		boolean lineSearch = Boolean.parseBoolean(values.getOrDefault("line_search", "false"));
		if (history == null && !lineSearch) return request;
		StyleSettings.Builder b = request.settings().toBuilder().lineSearch(lineSearch);
		if (history != null) {
			try {
				b.historySize(Integer.parseInt(history.trim()));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("history_size: '" + history + "' is not a whole number; give e.g. history_size=10");
			}
		}
		return new StyleJob.Request(request.content(), request.style(), b.build(), request.channel(),
			request.allPlanes(), request.previewEvery(), request.output(), request.lossLog());
	}

	/** Runs one style transfer and shows its result; returns the outcome (null if it failed). */
	StyleJob.Outcome run(StyleJob.Request request) {
		StyleJob.Outcome outcome;
		try {
			// Before DJL is touched: in plain ImageJ1 this class comes from ImageJ's PluginClassLoader.
			DjlBootstrap.prepare(getClass().getClassLoader(), IJ::log);
			outcome = StyleJob.run(request, !GraphicsEnvironment.isHeadless(), () -> false);
		}
		catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | WeightsException e) {
			fail(e.getMessage());
			return null;
		}
		present(outcome);
		return outcome;
	}

	/**
	 * With windows, StyleJob has shown the result and then the loss plot: the plot goes to the right
	 * of the result, and the result becomes the active image again, which a macro goes on with (in
	 * batch mode too, where "shown" images are the macro's invisible ones). Headless, only the result
	 * is "shown", which makes it the macro's current image.
	 */
	private static void present(StyleJob.Outcome outcome) {
		ImagePlus result = outcome.result();
		if (GraphicsEnvironment.isHeadless()) {
			result.show();
			return;
		}
		ImageWindow resultWindow = result.getWindow();
		ImagePlus plot = outcome.lossPlot() == null ? null : outcome.lossPlot().getImagePlus();
		if (resultWindow != null && plot != null && plot.getWindow() != null) {
			Window plotWindow = plot.getWindow();
			beside(plotWindow, resultWindow);
			// Again once the windows' own pending events (placement, first paint) are done.
			EventQueue.invokeLater(() -> beside(plotWindow, resultWindow));
		}
		if (resultWindow != null) {
			WindowManager.setCurrentWindow(resultWindow);
			resultWindow.toFront();
		}
		// The macro's current image (in batch mode the only way; with windows it also saves waiting
		// for the window manager to report the activation).
		WindowManager.setTempCurrentImage(result);
	}

	/** Puts the plot to the right of the result, or to its left if the screen ends there. */
	private static void beside(Window plot, Window result) {
		if (!plot.isShowing() || !result.isShowing()) return;
		Rectangle r = result.getBounds();
		Rectangle screen = result.getGraphicsConfiguration().getBounds();
		int x = r.x + r.width + 8;
		if (x + plot.getWidth() > screen.x + screen.width) x = Math.max(screen.x, r.x - plot.getWidth() - 8);
		plot.setLocation(x, r.y);
	}

	/**
	 * Shows a problem. In a macro, IJ.error aborts the macro with the message (a dialog, or the
	 * console when headless); the message also goes to the log, which keeps it in batch runs.
	 */
	private static void fail(String message) {
		if (Macro.getOptions() != null) IJ.log(PluginDialog.TITLE + ": " + message);
		IJ.error(PluginDialog.TITLE, message);
	}

	/** The content is the active image; the style is the remembered one if open, else another image. */
	private static DialogParameters withDefaultImages(DialogParameters p, List<ImagePlus> images) {
		if (images.isEmpty()) return p.withImages("", "");
		ImagePlus current = WindowManager.getCurrentImage();
		String content = current != null ? current.getTitle() : images.get(0).getTitle();
		String style = null;
		for (ImagePlus imp : images) {
			if (imp.getTitle().equals(p.style()) && !imp.getTitle().equals(content)) style = imp.getTitle();
		}
		for (ImagePlus imp : images) {
			if (style == null && !imp.getTitle().equals(content)) style = imp.getTitle();
		}
		return p.withImages(content, style != null ? style : content);
	}

	private static List<ImagePlus> openImages() {
		List<ImagePlus> images = new ArrayList<>();
		int[] ids = WindowManager.getIDList();
		if (ids != null) {
			for (int id : ids) {
				ImagePlus imp = WindowManager.getImage(id);
				if (imp != null) images.add(imp);
			}
		}
		return images;
	}
}

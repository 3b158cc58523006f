package sc.fiji.neuralstyle.fiji;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.Failures;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Group;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;
import sc.fiji.neuralstyle.fiji.dialog.PluginDialog;
import sc.fiji.neuralstyle.fiji.dialog.PluginPrefs;
import sc.fiji.neuralstyle.fiji.run.DjlBootstrap;
import sc.fiji.neuralstyle.fiji.run.FijiRuns;
import sc.fiji.neuralstyle.fiji.windows.OpenImages;
import sc.fiji.neuralstyle.fiji.windows.ResultWindows;

/**
 * The ImageJ1 command "Neural Style" (Plugins &gt; Neural Style &gt; Neural Style, from plugins.config):
 * a dialog over the open images (and a second one for the advanced options, see {@link PluginDialog}),
 * then a style transfer, whose result and loss plot open side by side.
 * <p>
 * Macros run it with the names of the parameter table, e.g. {@code run("Neural Style", "content=[a.tif]
 * style=[b.jpg] network=vgg16 iterations=200 size=256")}; names are matched exactly and names left
 * out take their default (never the remembered values of interactive runs). A wrong value stops a
 * macro with a message saying which name is wrong and what to do; interactively the message is shown
 * and the dialog opens again with what was typed.
 */
public class NeuralStylePlugin implements PlugIn {

	/** How the plugin's jars are installed, for "a library is missing". */
	static final String INSTALL_HINT = "install the plugin with all its jars as 'Install into Fiji or ImageJ' in docs/fiji.md "
		+ "says (copy target/Fiji.app/jars/*.jar, and for plain ImageJ also target/imagej1-extra-jars/*.jar, into "
		+ "ImageJ's jars folder), then restart ImageJ";

	/**
	 * Every failure ends in a message (a macro stops with it): ImageJ would swallow an Error such as a
	 * missing class, and log "Out of memory" while a macro goes on with the wrong image.
	 */
	@Override
	public void run(String arg) {
		try {
			runChecked();
		}
		catch (Throwable t) { // NOPMD: LinkageError and OutOfMemoryError too, see Failures
			if (!Failures.isKnown(t)) IJ.log(PluginDialog.TITLE + ": " + stackTrace(t));
			fail(Failures.describe(t, INSTALL_HINT, 0));
		}
	}

	static String stackTrace(Throwable t) {
		java.io.StringWriter s = new java.io.StringWriter();
		t.printStackTrace(new java.io.PrintWriter(s));
		return s.toString();
	}

	private void runChecked() {
		String options = Macro.getOptions();
		if (options != null) {
			runMacro(options);
			return;
		}
		List<ImagePlus> images = OpenImages.offered();
		if (images.isEmpty()) {
			fail("Neural Style needs a content image and a style image.\n"
				+ "Open both (File > Open...), then run Plugins > Neural Style > Neural Style again.");
			return;
		}
		Map<String, String> texts = ParamValues.defaults().texts(Front.DIALOG);
		texts.putAll(PluginPrefs.load());
		withDefaultImages(texts, images);
		boolean advanced = PluginPrefs.advancedDialog();
		while (true) {
			PluginDialog first = PluginDialog.basic(texts, images, advanced);
			if (!first.show()) {
				cancelled();
				return;
			}
			texts = first.texts();
			advanced = first.advancedWanted();
			if (advanced) {
				PluginDialog second = PluginDialog.advanced(texts, images);
				if (!second.show()) {
					cancelled();
					return;
				}
				texts = second.texts();
			}
			FijiRuns.Prepared prepared;
			try {
				prepared = FijiRuns.prepare(request(ParamValues.parse(texts, Front.DIALOG)));
			}
			catch (ParameterException e) {
				fail(e.getMessage());
				// The dialogs again, with what was typed; the second too if the wrong value is one of its.
				Param<?> wrong = Params.named(e.parameter());
				advanced |= wrong != null && wrong.group() != Group.BASIC;
				continue;
			}
			PluginPrefs.save(texts);
			PluginPrefs.saveAdvancedDialog(advanced);
			OpenImages.contentChosen(prepared.request().content());
			record(prepared.request().values());
			run(prepared);
			return;
		}
	}

	/** Nothing was done, so nothing is recorded (ImageJ would record run("Neural Style")). */
	private static void cancelled() {
		Recorder.setCommand(null);
	}

	/** A macro call: its options with exact names, no dialog. */
	private void runMacro(String options) {
		FijiRuns.Prepared prepared;
		try {
			prepared = FijiRuns.prepare(request(ParamValues.parse(OptionText.parse(options), Front.MACRO)));
		}
		catch (ParameterException e) {
			fail(e.getMessage());
			return;
		}
		run(prepared);
	}

	/** The request of these values: content and style are open images' titles, or image files. */
	static FijiRuns.Request request(ParamValues values) {
		return new FijiRuns.Request(values, image(Params.CONTENT, values.get(Params.CONTENT)),
			styles(values.get(Params.STYLE)));
	}

	/** The style images; a title with commas in it is one image when an open image has it. */
	static List<ImagePlus> styles(List<String> titles) {
		ImagePlus whole = PluginDialog.findImage(String.join(",", titles));
		if (titles.size() > 1 && whole != null) return List.of(whole);
		List<ImagePlus> styles = new ArrayList<>();
		for (String title : titles) styles.add(image(Params.STYLE, title));
		return styles;
	}

	/**
	 * The open image with that title or, if there is none, the image file with that path (so that a
	 * macro or Fiji's {@code --headless --run} can name files, with no image open).
	 */
	private static ImagePlus image(Param<?> param, String title) {
		ImagePlus imp = PluginDialog.findImage(title);
		if (imp != null) return imp;
		Path file = Path.of(title);
		if (!file.isAbsolute()) {
			throw new ParameterException(param.name(), "no open image is titled '" + title + "', and it is not the "
				+ "full path of an image file", "open the image first (File > Open...), or give its title or its full path");
		}
		Preflight.readable(param, file);
		try {
			return ImageFiles.read(file);
		}
		catch (IOException e) {
			throw param.problem(e);
		}
	}

	/**
	 * Writes the run to the macro recorder as one {@code run("Neural Style", "...")} line with every
	 * macro parameter, the same form as the result's Info line.
	 */
	private static void record(ParamValues values) {
		record(values, Front.MACRO);
	}

	/** Records the run's values as the options of the command running now (a macro front's, {@code front}). */
	static void record(ParamValues values, Front front) {
		if (!Recorder.record) return;
		Recorder.resetCommandOptions();
		for (Map.Entry<String, String> e : OptionText.options(values.texts(front))) {
			if (OptionText.isFlag(e.getKey())) Recorder.recordOption(e.getKey());
			else Recorder.recordOption(e.getKey(), e.getValue().isEmpty() ? "[]" : e.getValue());
		}
	}

	/** Runs one style transfer and shows its result; returns the outcome (null if it failed). */
	FijiRuns.Outcome run(FijiRuns.Prepared prepared) {
		FijiRuns.Outcome outcome;
		try {
			// Before DJL is touched: in plain ImageJ1 this class comes from ImageJ's PluginClassLoader.
			DjlBootstrap.prepare(getClass().getClassLoader(), IJ::log);
			outcome = FijiRuns.run(prepared, !GraphicsEnvironment.isHeadless(), () -> false);
		}
		catch (LoadCancelledException e) {
			// Esc while the network loaded: the user knows; no error dialog.
			IJ.showStatus(PluginDialog.TITLE + ": " + e.getMessage());
			IJ.log(PluginDialog.TITLE + ": " + e.getMessage());
			return null;
		}
		catch (WeightsException e) {
			fail(e.missing().map(d -> "First, get the " + d.name() + " weights (" + d.sizeText() + ") with Plugins > Neural"
				+ " Style > Download Weights..., or choose a weights file (Advanced options, Weights file).\n\n").orElse("")
				+ e.getMessage());
			return null;
		}
		catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
			fail(e.getMessage());
			return null;
		}
		catch (OutOfMemoryError e) {
			fail(Failures.describe(e, INSTALL_HINT, prepared.request().values().get(Params.SIZE)));
			return null;
		}
		present(outcome);
		return outcome;
	}

	/**
	 * With windows, FijiRuns has shown the result and its loss plot ({@link ResultWindows}); the result
	 * becomes the active image again, which a macro goes on with (in batch mode too, where "shown"
	 * images are the macro's invisible ones). Headless, only the result is "shown", which makes it
	 * the macro's current image. The run's last sentence goes to the status bar last, so that nothing
	 * the windows show replaces it; a cancelled run's also to the Log, where it stays.
	 */
	private static void present(FijiRuns.Outcome outcome) {
		ImagePlus result = outcome.result();
		if (GraphicsEnvironment.isHeadless()) {
			result.show();
			return;
		}
		ImageWindow resultWindow = result.getWindow();
		if (resultWindow != null) {
			WindowManager.setCurrentWindow(resultWindow);
			resultWindow.toFront();
		}
		// The macro's current image (in batch mode the only way; with windows it also saves waiting
		// for the window manager to report the activation).
		WindowManager.setTempCurrentImage(result);
		if (outcome.reason() == StopReason.CANCELLED) IJ.log(PluginDialog.TITLE + ": " + outcome.message());
		IJ.showStatus(PluginDialog.TITLE + ": " + outcome.message());
	}

	/** Shows a problem, in a dialog and the Log ({@link ErrorMessage}); a macro stops there. */
	private static void fail(String message) {
		ErrorMessage.show(PluginDialog.TITLE, message);
	}

	/**
	 * The content the user chose last if it is still open, else the active image unless it is a result
	 * ({@link OpenImages}); the style the remembered one if open, else another image.
	 */
	private static void withDefaultImages(Map<String, String> texts, List<ImagePlus> images) {
		String content = OpenImages.content(images).getTitle();
		String remembered = Params.split(texts.get(Params.STYLE.name())).stream().findFirst().orElse("");
		texts.put(Params.CONTENT.name(), content);
		texts.put(Params.STYLE.name(), OpenImages.style(images, content, remembered));
	}
}

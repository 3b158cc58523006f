package sc.fiji.neuralstyle.fiji;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import sc.fiji.neuralstyle.image.StackFiles;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.Failures;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;
import sc.fiji.neuralstyle.params.TrainingParams;
import sc.fiji.neuralstyle.fiji.windows.TrainingProgress;
import sc.fiji.neuralstyle.fiji.dialog.PluginDialog;
import sc.fiji.neuralstyle.fiji.run.DjlBootstrap;
import sc.fiji.neuralstyle.fiji.run.FijiEngines;
import sc.fiji.neuralstyle.fiji.run.FijiTraining;
import sc.fiji.neuralstyle.fiji.windows.OpenImages;

/**
 * The ImageJ1 command "Train Fast Style" (Plugins &gt; Neural Style, from plugins.config): trains a
 * fast-style model on every plane of an open stack (or of a stack file or folder of frames that a macro
 * names) in the style of the style images, and writes it to {@code model}, which then styles any image
 * or stack with Neural Style's {@code model=} in one pass a plane. Its dialog holds the rows of the
 * table that act in training ({@link Front#TRAINING}); the progress, with the time left, is in the
 * status bar, the losses in a plot drawn as the steps come; Esc stops at the next step and writes the
 * model of the last checkpoint, which a run with the same parameters continues from.
 * <p>
 * Macros: {@code run("Train Fast Style", "content=[cells.tif] style=[starry.jpg] model=[/data/cells.pth]
 * steps=2000 size=256")}, names as on the command line; the recorder records the dialog's run so.
 */
public class TrainFastStylePlugin implements PlugIn {

	/** The command's name, in the menu and for macros. */
	public static final String TITLE = TrainingProgress.TITLE;

	@Override
	public void run(String arg) {
		try {
			runChecked();
		}
		catch (Throwable t) { // NOPMD: LinkageError and OutOfMemoryError too, see Failures
			if (!Failures.isKnown(t)) IJ.log(TITLE + ": " + NeuralStylePlugin.stackTrace(t));
			fail(Failures.describe(t, NeuralStylePlugin.INSTALL_HINT, 0));
		}
	}

	private void runChecked() {
		String options = Macro.getOptions();
		if (options != null) {
			FijiTraining.Prepared prepared;
			try {
				prepared = FijiTraining.prepare(request(TrainingParams.parse(OptionText.parse(options), Front.TRAINING)));
			}
			catch (ParameterException e) {
				fail(e.getMessage());
				return;
			}
			run(prepared);
			return;
		}
		List<ImagePlus> images = OpenImages.offered();
		if (images.isEmpty()) {
			fail("Train Fast Style needs the images to train on (a stack, say a time-lapse) and a style image.\n"
				+ "Open both (File > Open...), then run Plugins > Neural Style > Train Fast Style again.");
			return;
		}
		Map<String, String> texts = TrainingParams.defaults(Front.TRAINING);
		String content = OpenImages.content(images).getTitle();
		texts.put(Params.CONTENT.name(), content);
		texts.put(Params.STYLE.name(), OpenImages.style(images, content, ""));
		while (true) {
			PluginDialog dialog = PluginDialog.training(TITLE, texts, images);
			if (!dialog.show()) {
				Recorder.setCommand(null); // nothing done, nothing recorded
				return;
			}
			texts = dialog.texts();
			FijiTraining.Prepared prepared;
			try {
				prepared = FijiTraining.prepare(request(TrainingParams.parse(texts, Front.TRAINING)));
			}
			catch (ParameterException e) {
				fail(e.getMessage()); // and the dialog again, with what was typed
				continue;
			}
			NeuralStylePlugin.record(prepared.request().values(), Front.TRAINING);
			run(prepared);
			return;
		}
	}

	/** The request of these values: content an open image's title, or a stack file or folder of frames. */
	static FijiTraining.Request request(ParamValues values) {
		String title = values.get(Params.CONTENT);
		ImagePlus open = PluginDialog.findImage(title);
		List<ImagePlus> styles = NeuralStylePlugin.styles(values.get(Params.STYLE));
		if (open != null) return new FijiTraining.Request(values, open, null, styles);
		Path file = Path.of(title);
		if (!file.isAbsolute()) {
			throw new ParameterException(Params.CONTENT.name(), "no open image is titled '" + title + "', and it is not the "
				+ "full path of a stack file or folder of frames", "open the stack first (File > Open...), or give its title "
				+ "or its full path");
		}
		if (!file.toFile().isDirectory()) Preflight.readable(Params.CONTENT, file);
		try {
			return new FijiTraining.Request(values, StackFiles.open(file), file, styles);
		}
		catch (IOException e) {
			throw Params.CONTENT.problem(e);
		}
	}

	/** Trains; every failure ends in one message (a macro stops there). */
	private void run(FijiTraining.Prepared prepared) {
		try {
			// Before DJL is touched: in plain ImageJ1 this class comes from ImageJ's PluginClassLoader.
			DjlBootstrap.prepare(getClass().getClassLoader(), IJ::log);
			boolean windows = !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode();
			FijiTraining.run(prepared, FijiEngines.current(), windows, () -> false);
		}
		catch (WeightsException e) {
			fail(e.missing().map(d -> "First, get the " + d.name() + " weights (" + d.sizeText() + ") with Plugins > Neural"
				+ " Style > Download Weights..., or choose a weights file (Weights file).\n\n").orElse("") + e.getMessage());
		}
		catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
			fail(e.getMessage());
		}
		catch (OutOfMemoryError e) {
			fail(Failures.describe(e, NeuralStylePlugin.INSTALL_HINT, prepared.request().values().get(Params.SIZE)));
		}
	}

	/** Shows a problem, in a dialog and the Log ({@link ErrorMessage}); a macro stops there. */
	private static void fail(String message) {
		ErrorMessage.show(TITLE, message);
	}
}

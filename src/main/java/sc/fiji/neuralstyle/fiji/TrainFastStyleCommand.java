package sc.fiji.neuralstyle.fiji;

import java.io.UncheckedIOException;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.Failures;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.TrainingParams;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.fiji.run.FijiTraining;

/**
 * Train Fast Style as a SciJava command, for scripts and {@code CommandService} (headless too): its
 * inputs are the table's rows that act in training ({@link Front#TRAINING}), under the names of the
 * macro options and the command line; it trains on every plane of {@code content} and writes
 * {@code model}. No menu entry (the menu has the ImageJ1 command). Checks and runs through
 * {@link FijiTraining}, as the ImageJ1 command; the command's cancel stops at the next step and writes
 * the model of the last checkpoint.
 * <p>
 * From a script: {@code command.run("sc.fiji.neuralstyle.fiji.TrainFastStyleCommand", true, "content",
 * stack, "style", styleImp, "model", new File("/data/cells.pth"), "steps", 2000).get().getOutput("trained")} (the model's path).
 */
@Plugin(type = Command.class, headless = true, label = "Train Fast Style (SciJava)")
public class TrainFastStyleCommand extends TableCommand {

	/** Its inputs are the table's rows of {@link Front#TRAINING}. */
	public TrainFastStyleCommand() {
		super(Front.TRAINING);
	}

	/** The path of the model written (null when none was: stopped before the first checkpoint, or refused). */
	@Parameter(type = ItemIO.OUTPUT, label = "Trained model")
	private String trained;

	/** The run's last sentence. */
	@Parameter(type = ItemIO.OUTPUT, label = "Message")
	private String message;

	@Override
	public void run() {
		try {
			ImagePlus content = (ImagePlus) getInput(Params.CONTENT.name());
			List<ImagePlus> styles = inputs.images(Params.STYLE);
			ParamValues values = TrainingParams.parse(inputs.values(content, styles), Front.TRAINING);
			StyleEngine engine = engine();
			FijiTraining.Prepared prepared = FijiTraining.prepare(new FijiTraining.Request(values, content, null, styles));
			FijiTraining.Outcome outcome = FijiTraining.run(prepared, engine, windows(), this::isCanceled);
			message = outcome.message();
			if (outcome.result().modelWritten()) trained = values.get(Params.MODEL).toString();
			log.info(TrainFastStylePlugin.TITLE + ": " + message);
		}
		catch (ParameterException | WeightsException | UncheckedIOException e) {
			cancel(e.getMessage());
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			// The trainer's rules (named parameter) or an engine that did not start: the trace for a bug report.
			log.debug(e);
			cancel(e.getMessage());
		}
		catch (Throwable t) { // NOPMD: LinkageError and OutOfMemoryError too, see Failures
			if (!Failures.isKnown(t)) log.error(t);
			cancel(Failures.describe(t, NeuralStylePlugin.INSTALL_HINT, 0));
		}
	}

	/** The path of the model written (after {@link #run()}), or null. */
	public String trained() {
		return trained;
	}
}

package sc.fiji.neuralstyle.fiji;

import java.io.UncheckedIOException;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.Failures;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.fiji.run.FijiEngines;
import sc.fiji.neuralstyle.fiji.run.FijiRuns;
import sc.fiji.neuralstyle.fiji.run.StyleEngineService;

/**
 * Neural style transfer as a SciJava command, for scripts and {@code CommandService} (headless
 * too). Its inputs are the SciJava rows of the parameter table, under the same names as macro
 * options and the command line; it has no menu entry (Fiji's menu has the one "Neural Style", the
 * ImageJ1 command). It checks and runs through {@link FijiRuns} like the other Fiji fronts.
 * <p>
 * From a script: {@code command.run("sc.fiji.neuralstyle.fiji.NeuralStyleCommand", true, "content",
 * imp, "style", styleImp, "iterations", 100).get().getOutput("result")}.
 */
@Plugin(type = Command.class, headless = true, label = "Neural Style (SciJava)")
public class NeuralStyleCommand extends TableCommand {

	/** Its inputs are the table's rows of {@link Front#SCIJAVA}. */
	public NeuralStyleCommand() {
		super(Front.SCIJAVA);
	}

	@Parameter(type = ItemIO.OUTPUT, label = "Result")
	private ImagePlus result;

	@Override
	public void run() {
		try {
			ImagePlus content = (ImagePlus) getInput(Params.CONTENT.name());
			List<ImagePlus> styles = inputs.images(Params.STYLE);
			ParamValues values = ParamValues.of(inputs.values(content, styles), Front.SCIJAVA);
			StyleEngine engine = engine();
			FijiRuns.Prepared prepared = FijiRuns.prepare(new FijiRuns.Request(values, content, styles), engine);
			FijiRuns.Outcome outcome = FijiRuns.run(prepared, engine, windows(), this::isCanceled);
			result = outcome.result();
			if (outcome.reason() == StopReason.DIVERGED) log.warn("Neural Style: " + outcome.message());
			else log.info("Neural Style: " + outcome.message());
		}
		catch (ParameterException | WeightsException | UncheckedIOException | LoadCancelledException e) {
			cancel(e.getMessage());
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			// The engine did not start or failed: keep the trace for a bug report.
			log.error(e);
			cancel(e.getMessage());
		}
		catch (Throwable t) { // NOPMD: LinkageError and OutOfMemoryError too, see Failures
			if (!Failures.isKnown(t)) log.error(t);
			cancel(Failures.describe(t, NeuralStylePlugin.INSTALL_HINT, 0));
		}
	}

	/** The result (after {@link #run()}); null if cancelled before anything was styled. */
	public ImagePlus result() {
		return result;
	}
}

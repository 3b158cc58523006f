package sc.fiji.neuralstyle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.fast.training.StepRecord;
import sc.fiji.neuralstyle.fast.training.TrainingListener;
import sc.fiji.neuralstyle.fast.training.TrainingResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.files.AtomicFile;
import sc.fiji.neuralstyle.files.JvmExit;
import sc.fiji.neuralstyle.headless.InputFiles;
import sc.fiji.neuralstyle.headless.Interrupts;
import sc.fiji.neuralstyle.image.TrainingPlanes;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;
import sc.fiji.neuralstyle.params.TrainingParams;
import sc.fiji.neuralstyle.params.WrittenFiles;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.text.Counts;
import sc.fiji.neuralstyle.text.Numbers;

/**
 * {@code --train}: trains a fast-style model on the content's images through the entry
 * ({@link StyleEngine#train}) and writes it, its checkpoint and, if asked, the loss log (one row a step).
 * Standard error gets a line per tenth of the steps; Ctrl-C or SIGTERM stop at the next step, keep the
 * last checkpoint and write the model from it.
 */
final class TrainingRun {

	private final PrintWriter err;
	private final boolean quiet;

	TrainingRun(PrintWriter err, boolean quiet) {
		this.err = err;
		this.quiet = quiet;
	}

	/**
	 * Checks, reads, trains, writes.
	 *
	 * @param texts the command line's texts, to tell a temporal_weight given from the optimisation's
	 *          default (training holds frames together only when asked)
	 * @throws ParameterException for a rule broken before any work
	 */
	int run(StyleEngine engine, Map<String, String> texts, ParamValues given) throws IOException {
		// The training images are every plane of the content; frames are held together only when asked.
		ParamValues values = TrainingParams.of(given, texts.keySet());
		Preflight.checkFiles(values, true);
		InputFiles inputs = InputFiles.read(values);
		Path content = Path.of(values.get(Params.CONTENT));
		TrainingPlanes images = TrainingPlanes.of(inputs.planes(values), content);
		Path model = values.get(Params.MODEL);
		Path checkpoint = WrittenFiles.checkpoint(values);
		StyleEngine.Training training = new StyleEngine.Training(values.settings(), model, checkpoint, values.get(Params.STEPS),
			values.get(Params.BATCH_SIZE), values.get(Params.CHECKPOINT_EVERY));
		List<FloatImage> styles = inputs.styleImages();
		if (!quiet) {
			err.println("Training " + model.getFileName() + " on " + Counts.of(images.size(), "image") + " of " + content
				+ " for " + Counts.of(training.steps(), "step") + " (checkpoint " + checkpoint + ")");
		}
		try (Interrupts interrupts = Interrupts.install(JvmExit::removeLeftovers, line -> err.println(
			NeuralStyleCli.NAME + ": " + line), "training stops after the current step and writes the model of its last "
				+ "checkpoint"))
		{
			TrainingResult result = engine.train(training, images, styles, status(), listener(interrupts));
			Path lossLog = values.get(Params.LOSS_LOG);
			if (lossLog != null && !result.history().isEmpty()) StepRecord.writeLog(lossLog, result.history());
			if (!result.modelWritten()) {
				err.println(NeuralStyleCli.NAME + ": stopped by " + interrupts.describe()
					+ " before the first checkpoint; no model written");
				return interrupts.exitCode();
			}
			if (!quiet || result.cancelled()) {
				err.println((result.cancelled() ? NeuralStyleCli.NAME + ": stopped by " + interrupts.describe() + "; wrote "
					: "Trained " + Counts.of(result.stepsDone(), "step") + "; wrote ") + model + " (the network of step "
					+ result.stepsDone() + ")" + (lossLog != null ? " and " + lossLog : ""));
			}
			return result.cancelled() ? interrupts.exitCode() : NeuralStyleCli.EXIT_OK;
		}
	}

	private ProgressListener status() {
		return new ProgressListener() {
			@Override
			public void status(String message) {
				if (!quiet) err.println(message);
			}
		};
	}

	/** A line per tenth of the steps: step, loss, time so far and left; stops when an interrupt came. */
	private TrainingListener listener(Interrupts interrupts) {
		return new TrainingListener() {
			private int first, nextTenth;

			@Override
			public void started(int firstStep, int steps, List<StepRecord> history) {
				first = firstStep;
				nextTenth = firstStep;
				if (firstStep > 0 && !quiet) err.println("Continuing from step " + firstStep + " of its checkpoint");
			}

			@Override
			public void step(StepRecord record, int steps) {
				if (quiet || record.step() < nextTenth && record.step() < steps) return;
				nextTenth = record.step() + Math.max(1, (steps - first) / 10);
				err.println("step " + record.step() + "/" + steps + ", loss " + Numbers.loss(record.total()) + ", "
					+ seconds(record.elapsedMs()) + " so far, about " + seconds(record.millisLeft(steps)) + " left");
			}

			@Override
			public boolean isCancelled() {
				return interrupts.received();
			}
		};
	}

	private static String seconds(long ms) {
		return Math.round(ms / 1000.0) + " s";
	}
}

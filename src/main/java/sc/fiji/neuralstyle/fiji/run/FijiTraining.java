package sc.fiji.neuralstyle.fiji.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.fast.training.StepRecord;
import sc.fiji.neuralstyle.fast.training.TrainingResult;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageSources;
import sc.fiji.neuralstyle.image.TrainingPlanes;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;
import sc.fiji.neuralstyle.params.TrainingParams;
import sc.fiji.neuralstyle.params.WrittenFiles;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.text.Counts;
import sc.fiji.neuralstyle.fiji.windows.ResultWindows;
import sc.fiji.neuralstyle.fiji.windows.TrainingProgress;

/**
 * One training run of a fast-style model from ImageJ images, shared by Fiji's training fronts (the
 * ImageJ1 command Train Fast Style with its macros, the SciJava command), as {@link FijiRuns} is for
 * a style transfer: a front parses its texts ({@link TrainingParams#parse}), finds the images,
 * {@link #prepare}s the {@link Request} (the command line's rules, {@link Preflight#checkFiles}), and
 * {@link #run}s it through the entry ({@link StyleEngine#train}); the trainer's own rules (a batch
 * larger than the images, a checkpoint of other settings or damaged) come from there before the first
 * step.
 */
public final class FijiTraining {

	private FijiTraining() {}

	/**
	 * What to train.
	 *
	 * @param values the parameters, parsed as a training run's ({@link TrainingParams})
	 * @param content the training images: every plane of this image (an open stack, or one read from a
	 *          file or folder)
	 * @param contentFile the file or folder {@code content} was read from by the front, or null for an
	 *          open image (a checkpoint then knows it by its own file, or by its pixels)
	 * @param styles the style images
	 */
	public record Request(ParamValues values, ImagePlus content, Path contentFile, List<ImagePlus> styles) {
		public Request {
			Objects.requireNonNull(values, "values");
			Objects.requireNonNull(content, "content");
			styles = List.copyOf(styles);
			if (styles.isEmpty()) throw new IllegalArgumentException("no style image");
		}
	}

	/**
	 * A request whose rules were checked, ready to run.
	 *
	 * @param request what to train
	 * @param images the training images
	 * @param training what the entry trains
	 */
	public record Prepared(Request request, TrainingPlanes images, StyleEngine.Training training) {}

	/**
	 * How a run ended.
	 *
	 * @param result the trainer's account (steps done, cancelled, model written, the losses)
	 * @param message a sentence for the user
	 * @param lossPlot the losses per step, or null when no step was taken
	 */
	public record Outcome(TrainingResult result, String message, Plot lossPlot) {}

	/**
	 * Checks the rules that need no step (as the command line's {@code --train}): the network and its
	 * layers, the weights, the model and checkpoint files (writable, not an input, not one file), the
	 * style loss, the channel.
	 *
	 * @throws ParameterException for the first rule broken
	 */
	public static Prepared prepare(Request request) {
		ParamValues values = request.values();
		// The checks compare the files written with the inputs' files: an open image's, where it has one.
		ParamValues checked = values.with(Params.CONTENT, request.contentFile() != null ? request.contentFile().toString()
			: fileOrTitle(request.content()))
			.with(Params.STYLE, request.styles().stream().map(FijiTraining::fileOrTitle).toList());
		Preflight.checkFiles(checked, false);
		ContentPlanes planes;
		try {
			planes = ContentPlanes.of(request.content(), values.get(Params.CHANNEL), ContentPlanes.Extent.ALL);
		}
		catch (IllegalArgumentException e) {
			throw new ParameterException(Params.CHANNEL.name(), e.getMessage());
		}
		TrainingPlanes images;
		try {
			images = request.contentFile() != null ? TrainingPlanes.of(planes, request.contentFile())
				: TrainingPlanes.of(planes, request.content());
		}
		catch (IOException e) {
			throw Params.CONTENT.problem(e);
		}
		StyleEngine.Training training = new StyleEngine.Training(values.settings(), values.get(Params.MODEL),
			WrittenFiles.checkpoint(values), values.get(Params.STEPS), values.get(Params.BATCH_SIZE),
			values.get(Params.CHECKPOINT_EVERY));
		return new Prepared(request, images, training);
	}

	private static String fileOrTitle(ImagePlus imp) {
		Path file = ImageSources.file(imp);
		return file != null ? file.toString() : imp.getTitle();
	}

	/**
	 * Trains on the calling thread (autograd is per thread), showing the progress ({@link TrainingProgress});
	 * writes the model, its checkpoint and, if asked, the loss log.
	 *
	 * @param windows draw the loss plot live
	 * @param cancelled polled before each step, with Esc: true stops the run and writes the model of the
	 *          last checkpoint
	 * @throws IllegalArgumentException for the trainer's rules, before the first step (the message
	 *           names the parameter)
	 * @throws UncheckedIOException if a checkpoint, the model or the loss log cannot be written
	 * @throws sc.fiji.neuralstyle.net.WeightsException if the network's weights cannot be had
	 */
	public static Outcome run(Prepared prepared, StyleEngine engine, boolean windows, BooleanSupplier cancelled) {
		ParamValues values = prepared.request().values();
		StyleEngine.Training training = prepared.training();
		Path model = training.model();
		IJ.resetEscape();
		DjlBootstrap.prepare(FijiTraining.class.getClassLoader(), IJ::log);
		IJ.log(TrainingProgress.TITLE + ": training " + model.getFileName() + " on " + Counts.of(prepared.images().size(),
			"image") + " of " + prepared.request().content().getTitle() + " for " + Counts.of(training.steps(), "step")
			+ " (checkpoint " + training.checkpoint() + ")");
		TrainingProgress progress = new TrainingProgress(ResultWindows.PLOT + "training " + model.getFileName(),
			training.settings(), windows, cancelled);
		TrainingResult result;
		Plot plot;
		Path lossLog = values.get(Params.LOSS_LOG);
		try {
			List<FloatImage> styles = prepared.request().styles().stream().map(FloatImages::of).toList();
			result = engine.train(training, prepared.images(), styles, progress.loading(), progress);
			if (lossLog != null && !result.history().isEmpty()) StepRecord.writeLog(lossLog, result.history());
		}
		catch (IOException e) {
			throw new UncheckedIOException(TrainingProgress.TITLE + ": the training failed: " + e.getMessage(), e);
		}
		finally {
			plot = progress.finish();
		}
		String message = message(result, model, lossLog);
		IJ.log(TrainingProgress.TITLE + ": " + message);
		IJ.showStatus(TrainingProgress.TITLE + ": " + message);
		return new Outcome(result, message, plot);
	}

	/** The run's last sentence, as the command line's. */
	static String message(TrainingResult result, Path model, Path lossLog) {
		if (!result.modelWritten()) return "stopped before the first checkpoint; no model written";
		String wrote = "wrote " + model + " (the network of step " + result.stepsDone() + ")"
			+ (lossLog != null ? " and " + lossLog : "");
		return result.cancelled() ? "stopped; " + wrote : "trained " + Counts.of(result.stepsDone(), "step") + "; " + wrote;
	}
}

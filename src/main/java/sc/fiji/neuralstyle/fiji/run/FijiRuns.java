package sc.fiji.neuralstyle.fiji.run;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.process.ImageProcessor;
import sc.fiji.neuralstyle.engine.NetworkCache;
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossLog;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.sequence.PlaneSteps;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.styling.RunDescription;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ImageSources;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.OutputNames;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;
import sc.fiji.neuralstyle.params.WrittenFiles;
import sc.fiji.neuralstyle.text.Counts;
import sc.fiji.neuralstyle.fiji.windows.JobProgress;
import sc.fiji.neuralstyle.fiji.windows.LossPlot;
import sc.fiji.neuralstyle.fiji.windows.OpenImages;
import sc.fiji.neuralstyle.fiji.windows.PreviewWindow;
import sc.fiji.neuralstyle.fiji.windows.ResultWindows;

/**
 * One style transfer run from ImageJ images, shared by every Fiji front (the ImageJ1 plugin and its
 * macros, the SciJava command): a front parses its parameters into {@link ParamValues}, finds the
 * images, {@link #prepare}s the {@link Request} (every rule checked: {@link Preflight}), calls
 * {@link #run}, and shows or returns the {@link Outcome}.
 * <p>
 * The planes of the content image (one, or every slice and frame of a stack) are styled one after
 * another with one engine ({@link PlaneSequence}, shared with the command line and Spark), each
 * starting from the previous plane's result so that a stack changes smoothly from plane to plane.
 * Progress goes to ImageJ's status and progress bars; Esc cancels.
 */
public final class FijiRuns {

	/** What the title of a cancelled run's result ends with. */
	static final String CANCELLED = " (cancelled)";

	private FijiRuns() {}

	/**
	 * What to run.
	 *
	 * @param values the parameters, parsed
	 * @param content the image to restyle
	 * @param styles the images whose style to take (their displayed views: merged if multi-channel); none
	 *          with a fast-style model
	 */
	public record Request(ParamValues values, ImagePlus content, List<ImagePlus> styles) {
		public Request {
			Objects.requireNonNull(values, "values");
			Objects.requireNonNull(content, "content");
			styles = List.copyOf(styles);
			// A fast-style model holds its style.
			if (styles.isEmpty() && values.get(Params.MODEL) == null) throw new IllegalArgumentException("no style image");
		}
	}

	/**
	 * A request whose rules have all been checked, ready to run.
	 *
	 * @param request what to run
	 * @param run the run, resolved: what the entry takes
	 * @param planes the planes of the content to style
	 * @param masks the masks of spatial control, one per style, or none
	 * @param init the start image when init is a file, else null
	 * @param notes things the user should know that are no reason to stop
	 */
	public record Prepared(Request request, RunDescription run, ContentPlanes planes, List<FloatImage> masks,
		FloatImage init, List<String> notes) {}

	/**
	 * What a run produced.
	 *
	 * @param result the styled image (for a cancelled stack: the planes done, the last one being the
	 *          best image of the plane that was running)
	 * @param losses the loss history of each plane styled, in styling order (empty lists for a model's pass)
	 * @param reason why the run ended: CANCELLED if cancelled, else DIVERGED if a plane diverged, else
	 *          CONVERGED if every plane converged, else COMPLETED
	 * @param message a sentence for the user
	 * @param lossPlot the loss histories as a plot; null for a fast-style model's pass
	 */
	public record Outcome(ImagePlus result, List<List<LossRecord>> losses, StopReason reason, String message,
		Plot lossPlot)
	{
		public Outcome {
			losses = losses.stream().map(List::copyOf).toList();
		}
	}

	/**
	 * Checks every rule of a request before any work (the files, the layers, the sizes, the channel,
	 * the outputs) and reads the init image if it is a file.
	 *
	 * @throws ParameterException for the first rule broken, naming the parameter and what to do
	 */
	public static Prepared prepare(Request request) {
		return prepare(request, FijiEngines.current());
	}

	/**
	 * {@link #prepare(Request)} for a run on {@code engine}: a run that does not fit the memory is
	 * checked again after its idle networks are freed.
	 */
	public static Prepared prepare(Request request, StyleEngine engine) {
		ParamValues v = request.values();
		Preflight.checkFiles(v, false);
		ContentPlanes planes;
		try {
			planes = ContentPlanes.of(request.content(), v.get(Params.CHANNEL),
				v.get(Params.PLANES).equals("all") ? ContentPlanes.Extent.ALL : ContentPlanes.Extent.CURRENT);
		}
		catch (IllegalArgumentException e) {
			throw new ParameterException(Params.CHANNEL.name(), e.getMessage());
		}
		// A fast-style model styles the whole image: no masks (the checks refuse those asked for by name).
		List<ImagePlus> maskImages = v.get(Params.MODEL) != null ? List.of()
			: ContentMasks.of(v, request.content(), request.styles().size());
		if (!maskImages.isEmpty() && !v.get(Params.STYLE_BLEND_WEIGHTS).isEmpty()) Preflight.noBlendWithMasks();
		List<FloatImage> masks = maskImages.stream().map(FloatImages::of).toList();
		Preflight.checkMasksSelect(masks, maskImages.stream().map(ImagePlus::getTitle).toList());
		Preflight.ImageFacts contentFacts = new Preflight.ImageFacts(request.content().getWidth(),
			request.content().getHeight(), planes.resultType().bitDepth(), planes.size(), ImageSources.file(request.content()),
			planes.longestSequence());
		List<Preflight.ImageFacts> styleFacts = request.styles().stream().map(s -> facts(s, 24, 1)).toList();
		List<Preflight.ImageFacts> maskFacts = maskImages.stream().map(m -> facts(m, 8, 1)).toList();
		List<String> notes = Preflight.checkImages(v, WrittenFiles.Writer.FIJI, engine.memory(), contentFacts, styleFacts,
			maskFacts);
		// The result is built in memory (the content may be a virtual stack on disk).
		Runtime rt = Runtime.getRuntime();
		Preflight.checkMemoryHolds(v, contentFacts, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
		FloatImage init = null;
		Init start = v.get(Params.INIT);
		if (start.kind() == Init.Kind.FILE) {
			try {
				init = FloatImages.of(ImageFiles.read(start.file()));
			}
			catch (IOException e) {
				throw Params.INIT.problem(e);
			}
		}
		RunDescription run = Preflight.describe(v, WrittenFiles.Writer.FIJI, contentFacts, styleFacts, maskFacts);
		return new Prepared(request, run, planes, masks, init, notes);
	}

	private static Preflight.ImageFacts facts(ImagePlus imp, int bitDepth, int planes) {
		return new Preflight.ImageFacts(imp.getWidth(), imp.getHeight(), bitDepth, planes, ImageSources.file(imp));
	}

	/**
	 * Runs a prepared style transfer.
	 *
	 * @param prepared what to run, checked
	 * @param showWindows show the result, the loss plot and (if asked) a preview window; ignored in a
	 *          headless JVM. Without windows, and with an output file, the loss plot and history are
	 *          written next to it as {@code <output-stem>_losses.png} and {@code .csv}
	 * @param cancelled polled at every iteration; true stops the run, keeping the best image so far
	 * @throws WeightsException if the network's weights cannot be had
	 * @throws IllegalStateException if the PyTorch engine cannot be started
	 * @throws LoadCancelledException if cancelled (or Esc pressed) while the network loads
	 * @throws UncheckedIOException if a requested file cannot be written (the result, if shown, stays open)
	 */
	public static Outcome run(Prepared prepared, boolean showWindows, BooleanSupplier cancelled) {
		return run(prepared, FijiEngines.current(), showWindows, cancelled);
	}

	/** {@link #run(Prepared, boolean, BooleanSupplier)} on {@code engine}. */
	public static Outcome run(Prepared prepared, StyleEngine engine, boolean showWindows, BooleanSupplier cancelled) {
		boolean windows = showWindows && !GraphicsEnvironment.isHeadless();
		Request request = prepared.request();
		ParamValues values = request.values();
		StyleSettings settings = prepared.run().settings();
		ContentPlanes planes = prepared.planes();
		prepared.notes().forEach(note -> IJ.log("Neural Style: " + note));
		String base = ResultImages.title(request.content().getTitle(), request.styles().isEmpty()
			? String.valueOf(values.get(Params.MODEL).getFileName()) : request.styles().get(0).getTitle());
		String title = windows ? ResultWindows.uniqueTitle(base) : base; // the preview's, for now
		int previewEvery = values.get(Params.PREVIEW_EVERY);

		IJ.resetEscape();
		DjlBootstrap.prepare(FijiRuns.class.getClassLoader(), IJ::log);
		PreviewWindow preview = windows && previewEvery > 0 ? new PreviewWindow(ResultWindows.PREVIEW + title) : null;
		JobProgress progress = new JobProgress(planes.size(), planes.unit(), settings.iterations(), previewEvery, preview,
			planes.resultType(), cancelled);
		// The result is built in memory as ImageJ processors, each plane's as soon as it is done.
		List<ImageProcessor> styled = new ArrayList<>();
		PlaneSequence.Outcome outcome;
		StyleSettings used;
		try {
			List<FloatImage> styles = request.styles().stream().map(FloatImages::of).toList();
			StyleEngine.Done done = engine.run(new StyleEngine.Request(prepared.run(), styles, prepared.masks(), prepared.init()),
				planes, (i, r) -> styled.add(planes.toProcessor(r.image())), progress);
			outcome = done.outcome();
			used = done.used();
		}
		catch (IOException e) {
			// Planes of open images are in memory or read by ImageJ's virtual stacks.
			throw new UncheckedIOException("Neural Style could not read a plane of " + request.content().getTitle()
				+ ": " + e.getMessage(), e);
		}
		finally {
			progress.finish();
		}
		if (outcome.done() == 0) {
			// JobProgress lets a cancel through only after the first evaluation: only an interrupt of
			// this thread stops the engine before it, and then there is no styled image at all.
			throw new IllegalStateException("Neural Style was stopped (interrupted) before its first iteration: nothing"
				+ " was styled");
		}

		List<List<LossRecord>> losses = outcome.losses();
		StopReason reason = outcome.reason();
		String message = outcome.message();
		// A cancelled run's image is marked, so that it is not taken for a finished one; the title is
		// chosen again now, as other windows may have opened during the run.
		if (reason == StopReason.CANCELLED) base += CANCELLED;
		title = windows ? ResultWindows.uniqueTitle(base) : base;
		boolean complete = outcome.done() == planes.size();
		ImageStack stack = new ImageStack(styled.get(0).getWidth(), styled.get(0).getHeight());
		for (int i : planes.inStackOrder(outcome.done())) stack.addSlice(planes.label(i, complete), styled.get(i));
		ImagePlus result = planes.assemble(stack, complete, title);
		OpenImages.mark(result, OpenImages.RESULT);
		ResultImages.setInfo(result, info(request, used, message, title, outcome.done()));
		// A fast-style model's pass has no iterations: no loss plot, no loss log (the checks noted a loss_log).
		boolean model = prepared.run().model() != null;
		Plot plot = model ? null : LossPlot.create(ResultWindows.PLOT + title, losses, settings);
		if (windows) ResultWindows.show(result, plot);
		write(values, result, planes, outcome, plot, windows);
		IJ.showStatus("Neural Style: " + message);
		return new Outcome(result, losses, reason, message, plot);
	}

	/** The Info text: what this is, the macro line repeating the run, how it ended. */
	private static String info(Request request, StyleSettings used, String message, String title, int planes) {
		ParamValues values = request.values().withSettings(used)
			.with(Params.CONTENT, request.content().getTitle())
			.with(Params.STYLE, request.styles().stream().map(ImagePlus::getTitle).toList());
		return "Neural Style (Gatys et al.): " + title + (planes > 1 ? ", " + planes + " planes" : "") + "\n"
			+ "To repeat this run, use the macro line:\n"
			+ OptionText.macroCall(OptionText.of(values, Front.MACRO)) + "\n"
			+ "Result: " + message + "\n";
	}

	/** Writes the requested files; each is complete or not there at all. */
	private static void write(ParamValues values, ImagePlus result, ContentPlanes planes, PlaneSequence.Outcome outcome,
		Plot plot, boolean windows)
	{
		Path output = values.get(Params.OUTPUT);
		Path lossLog = plot == null ? null : values.get(Params.LOSS_LOG);
		Path target = null;
		try {
			if (output != null) {
				target = output;
				ImageFiles.write(result, target);
			}
			if (lossLog != null) {
				target = lossLog;
				writeLossLog(planes, outcome, target);
			}
			if (!windows && output != null && plot != null) {
				target = OutputNames.losses(output, ".csv");
				writeLossLog(planes, outcome, target);
				target = OutputNames.losses(output, ".png");
				ImageFiles.write(plot.getImagePlus(), target);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Neural Style finished, but " + target + " could not be written: "
				+ e.getMessage() + (windows ? ". The result is open: save it with File > Save As." : "."), e);
		}
	}

	/** A single plane's loss log as the engine's; a stack's with the plane column. */
	private static void writeLossLog(ContentPlanes planes, PlaneSequence.Outcome outcome, Path file) throws IOException {
		if (planes.size() == 1) LossLog.write(outcome.losses().get(0), file);
		else LossLog.writePlanes(outcome.losses(), outcome.runs().stream().map(r -> planes.stackIndex(r.index())).toList(), file);
	}
}

package sc.fiji.neuralstyle.fiji;

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
import sc.fiji.neuralstyle.engine.FloatImage;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.LossLog;
import sc.fiji.neuralstyle.engine.LoadCancelledException;
import sc.fiji.neuralstyle.engine.LossRecord;
import sc.fiji.neuralstyle.engine.NetworkCache;
import sc.fiji.neuralstyle.engine.StopReason;
import sc.fiji.neuralstyle.engine.StyleResult;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.engine.StyleTransfer;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ImageSources;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.image.ResultType;
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

/**
 * One style transfer run from ImageJ images, shared by every Fiji front (the ImageJ1 plugin and its
 * macros, the SciJava command): a front parses its parameters into {@link ParamValues}, finds the
 * images, {@link #prepare}s the {@link Request} (every rule checked: {@link Preflight}), calls
 * {@link #run}, and shows or returns the {@link Outcome}.
 * <p>
 * The planes of the content image (one, or every slice and frame of a stack) are styled one after
 * another with one engine, each starting from the previous plane's result so that a stack changes
 * smoothly from plane to plane. Progress goes to ImageJ's status and progress bars; Esc cancels.
 */
public final class StyleJob {

	private StyleJob() {}

	/**
	 * What to run.
	 *
	 * @param values the parameters, parsed
	 * @param content the image to restyle
	 * @param styles the images whose style to take (their displayed views: merged if multi-channel)
	 */
	public record Request(ParamValues values, ImagePlus content, List<ImagePlus> styles) {
		public Request {
			Objects.requireNonNull(values, "values");
			Objects.requireNonNull(content, "content");
			styles = List.copyOf(styles);
			if (styles.isEmpty()) throw new IllegalArgumentException("no style image");
		}
	}

	/**
	 * A request whose rules have all been checked, ready to run.
	 *
	 * @param request what to run
	 * @param planes the planes of the content to style
	 * @param masks the masks of spatial control, one per style, or none
	 * @param init the start image when init is a file, else null
	 * @param notes things the user should know that are no reason to stop
	 */
	public record Prepared(Request request, ContentPlanes planes, List<FloatImage> masks, FloatImage init,
		List<String> notes) {}

	/**
	 * What a run produced.
	 *
	 * @param result the styled image (for a cancelled stack: the planes done, the last one being the
	 *          best image of the plane that was running)
	 * @param losses the loss history of each plane styled
	 * @param reason why the run ended: CANCELLED if cancelled, else DIVERGED if a plane diverged, else
	 *          CONVERGED if every plane converged, else COMPLETED
	 * @param message a sentence for the user
	 * @param lossPlot the loss histories as a plot
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
		return prepare(request, FijiNetworks.current());
	}

	/**
	 * {@link #prepare(Request)} for a run on {@code networks}: a run that does not fit the memory is
	 * checked again after its idle networks are freed.
	 */
	public static Prepared prepare(Request request, NetworkCache networks) {
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
		List<ImagePlus> maskImages = ContentMasks.of(v, request.content(), request.styles().size());
		if (!maskImages.isEmpty() && !v.get(Params.STYLE_BLEND_WEIGHTS).isEmpty()) Preflight.noBlendWithMasks();
		List<FloatImage> masks = maskImages.stream().map(FloatImages::of).toList();
		Preflight.checkMasksSelect(masks, maskImages.stream().map(ImagePlus::getTitle).toList());
		List<String> notes = Preflight.checkImages(v, WrittenFiles.Writer.FIJI, networks.memory(), facts(request.content(),
			planes.resultType().bitDepth(), planes.size()), request.styles().stream().map(s -> facts(s, 24, 1)).toList(),
			maskImages.stream().map(m -> facts(m, 8, 1)).toList());
		FloatImage init = null;
		Init start = v.get(Params.INIT);
		if (start.kind() == Init.Kind.FILE) {
			try {
				init = FloatImages.of(ImageFiles.read(start.file()));
			}
			catch (IOException e) {
				throw Params.INIT.problem(e.getMessage());
			}
		}
		return new Prepared(request, planes, masks, init, notes);
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
		return run(prepared, FijiNetworks.current(), showWindows, cancelled);
	}

	/** {@link #run(Prepared, boolean, BooleanSupplier)} on a network of {@code networks}, loaded if need be. */
	public static Outcome run(Prepared prepared, NetworkCache networks, boolean showWindows, BooleanSupplier cancelled) {
		boolean windows = showWindows && !GraphicsEnvironment.isHeadless();
		Request request = prepared.request();
		ParamValues values = request.values();
		StyleSettings settings = values.settings();
		ContentPlanes planes = prepared.planes();
		prepared.notes().forEach(note -> IJ.log("Neural Style: " + note));
		String title = ResultImages.title(request.content().getTitle(), request.styles().get(0).getTitle());
		int previewEvery = values.get(Params.PREVIEW_EVERY);

		IJ.resetEscape();
		DjlBootstrap.prepare(StyleJob.class.getClassLoader(), IJ::log);
		PreviewWindow preview = windows && previewEvery > 0 ? new PreviewWindow("Preview of " + title) : null;
		JobProgress progress = new JobProgress(planes.size(), settings.iterations(), previewEvery, preview,
			planes.resultType(), cancelled);
		List<StyleResult> results = new ArrayList<>();
		StyleSettings used;
		try (NetworkCache.Lease lease = networks.acquire(settings, progress)) {
			StyleTransfer transfer = lease.transfer();
			used = transfer.settingsUsed();
			List<FloatImage> styles = request.styles().stream().map(FloatImages::of).toList();
			FloatImage start = prepared.init();
			for (int i = 0; i < planes.size(); i++) {
				if (i > 0 && progress.cancelRequested()) break;
				progress.startPlane(i);
				StyleResult r = transfer.run(planes.floatImage(i), styles, prepared.masks(), start, progress);
				results.add(r);
				if (r.reason() == StopReason.CANCELLED) break;
				start = r.image();
			}
		}
		finally {
			progress.finish();
		}

		List<FloatImage> styled = results.stream().map(StyleResult::image).toList();
		List<List<LossRecord>> losses = results.stream().map(StyleResult::losses).toList();
		StopReason reason = reason(results, planes.size());
		String message = message(results, planes.size(), reason);
		ImagePlus result = styled.size() == planes.size() ? planes.assemble(styled, title)
			: assemblePartial(request.content(), planes, styled, title);
		ResultImages.setInfo(result, info(request, used, message, title, styled.size()));
		Plot plot = LossPlot.create("Losses of " + title, losses, settings);
		if (windows) {
			result.show();
			plot.show();
		}
		write(values, result, losses, plot, windows);
		IJ.showStatus("Neural Style: " + message);
		return new Outcome(result, losses, reason, message, plot);
	}

	private static StopReason reason(List<StyleResult> results, int planes) {
		if (results.size() < planes || results.stream().anyMatch(r -> r.reason() == StopReason.CANCELLED)) {
			return StopReason.CANCELLED;
		}
		if (results.stream().anyMatch(r -> r.reason() == StopReason.DIVERGED)) return StopReason.DIVERGED;
		if (results.stream().allMatch(r -> r.reason() == StopReason.CONVERGED)) return StopReason.CONVERGED;
		return StopReason.COMPLETED;
	}

	private static String message(List<StyleResult> results, int planes, StopReason reason) {
		if (planes == 1) return results.get(0).message();
		StringBuilder s = new StringBuilder();
		if (reason == StopReason.CANCELLED) {
			int done = results.size();
			boolean lastCut = results.get(done - 1).reason() == StopReason.CANCELLED;
			s.append("Cancelled at plane ").append(lastCut ? done : done + 1).append(" of ").append(planes)
				.append("; the result has the ").append(Counts.of(done, "plane"))
				.append(" styled so far").append(lastCut ? " (the last one as far as it got)." : ".");
		}
		else {
			s.append("Styled ").append(planes).append(" planes, each starting from the previous result.");
		}
		int notes = 0;
		for (int i = 0; i < results.size() && notes < 3; i++) {
			StopReason r = results.get(i).reason();
			if (r == StopReason.DIVERGED || r == StopReason.CONVERGED) {
				s.append(" Plane ").append(i + 1).append(": ").append(results.get(i).message());
				notes++;
			}
		}
		return s.toString();
	}

	/** The planes of a cancelled stack that were done, as one plain stack. */
	private static ImagePlus assemblePartial(ImagePlus content, ContentPlanes planes, List<FloatImage> styled,
		String title)
	{
		ResultType type = planes.resultType();
		int w = styled.get(0).width(), h = styled.get(0).height();
		ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < styled.size(); i++) {
			ContentPlanes.Position p = planes.positions().get(i);
			stack.addSlice("z" + p.slice() + " t" + p.frame(), ResultImages.toProcessor(styled.get(i), type));
		}
		ImagePlus result = new ImagePlus(title, stack);
		if (!type.isRgb()) {
			if (type.lut() != null) result.setLut(type.lut());
			if (type.bitDepth() != 8) result.setDisplayRange(type.range().min(), type.range().max());
		}
		ResultImages.copyCalibration(content, result);
		return result;
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
	private static void write(ParamValues values, ImagePlus result, List<List<LossRecord>> losses, Plot plot,
		boolean windows)
	{
		Path output = values.get(Params.OUTPUT);
		Path lossLog = values.get(Params.LOSS_LOG);
		Path target = null;
		try {
			if (output != null) {
				target = output;
				ImageFiles.write(result, target);
			}
			List<LossRecord> records = LossPlot.concatenate(losses);
			if (lossLog != null) {
				target = lossLog;
				LossLog.write(records, target);
			}
			if (!windows && output != null) {
				target = OutputNames.losses(output, ".csv");
				LossLog.write(records, target);
				target = OutputNames.losses(output, ".png");
				ImageFiles.write(plot.getImagePlus(), target);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Neural Style finished, but " + target + " could not be written: "
				+ e.getMessage() + (windows ? ". The result is open: save it with File > Save As." : "."), e);
		}
	}
}

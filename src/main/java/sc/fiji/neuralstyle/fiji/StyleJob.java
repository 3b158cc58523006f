package sc.fiji.neuralstyle.fiji;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import sc.fiji.neuralstyle.engine.FloatImage;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.LayerWeights;
import sc.fiji.neuralstyle.engine.LossLog;
import sc.fiji.neuralstyle.engine.LossRecord;
import sc.fiji.neuralstyle.engine.StopReason;
import sc.fiji.neuralstyle.engine.StyleResult;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.engine.StyleTransfer;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.image.ResultType;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * One style transfer run from ImageJ images, shared by every Fiji front (the SciJava command, the
 * ImageJ1 plugin and its macros): a front gathers the parameters into a {@link Request}, calls
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
	 * @param content the image to restyle
	 * @param style the image whose style to take (its displayed view: merged if multi-channel)
	 * @param settings the engine's settings
	 * @param channel 0 for the merged RGB view of a multi-channel image, else a 1-based channel
	 * @param allPlanes true: every slice and frame of a stack; false: the current plane only
	 * @param previewEvery show the image every n iterations in a preview window (0: no preview)
	 * @param output also write the result to this file (.tif, .png, .jpg), or null
	 * @param lossLog also write the loss history as CSV to this file, or null
	 */
	public record Request(ImagePlus content, ImagePlus style, StyleSettings settings, int channel, boolean allPlanes,
		int previewEvery, Path output, Path lossLog)
	{
		public Request {
			if (content == null) {
				throw new IllegalArgumentException("No content image: open an image, or name it with content=[title]");
			}
			if (style == null) {
				throw new IllegalArgumentException("No style image: open an image, or name it with style=[title]");
			}
			if (settings == null) throw new IllegalArgumentException("No settings given");
			if (channel < 0) {
				throw new IllegalArgumentException("channel must be 0 (all channels merged) or 1.."
					+ content.getNChannels() + ", got " + channel);
			}
			if (previewEvery < 0) {
				throw new IllegalArgumentException("preview_every must be 0 (no preview) or more, got " + previewEvery);
			}
		}
	}

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
	 * Runs a style transfer.
	 *
	 * @param request what to run
	 * @param showWindows show the result, the loss plot and (if asked) a preview window; ignored in a
	 *          headless JVM. Without windows, and with an output file, the loss plot and history are
	 *          written next to it as {@code <output-stem>_losses.png} and {@code .csv}
	 * @param cancelled polled at every iteration; true stops the run, keeping the best image so far
	 * @throws IllegalArgumentException for input that cannot work; the message says what to change
	 * @throws WeightsException if the network's weights cannot be had
	 * @throws IllegalStateException if the PyTorch engine cannot be started
	 * @throws UncheckedIOException if a requested file cannot be written (the result, if shown, stays open)
	 */
	public static Outcome run(Request request, boolean showWindows, BooleanSupplier cancelled) {
		boolean windows = showWindows && !GraphicsEnvironment.isHeadless();
		StyleSettings settings = request.settings();
		ContentPlanes planes = ContentPlanes.of(request.content(), request.channel(),
			request.allPlanes() ? ContentPlanes.Extent.ALL : ContentPlanes.Extent.CURRENT);
		FloatImage initImage = check(request, planes);
		String title = ResultImages.title(request.content().getTitle(), request.style().getTitle());

		IJ.resetEscape();
		DjlBootstrap.prepare(StyleJob.class.getClassLoader(), IJ::log);
		PreviewWindow preview = windows && request.previewEvery() > 0 ? new PreviewWindow("Preview of " + title) : null;
		JobProgress progress = new JobProgress(planes.size(), settings.iterations(), request.previewEvery(), preview,
			planes.resultType(), cancelled);
		List<StyleResult> results = new ArrayList<>();
		String contentLayers, styleLayers;
		try (StyleTransfer transfer = StyleTransfer.open(settings, progress)) {
			contentLayers = transfer.contentLayers().toString();
			styleLayers = transfer.styleLayers().toString();
			FloatImage style = FloatImages.of(request.style());
			FloatImage start = initImage;
			for (int i = 0; i < planes.size(); i++) {
				if (i > 0 && progress.cancelRequested()) break;
				progress.startPlane(i);
				StyleResult r = transfer.run(planes.floatImage(i), style, start, progress);
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
		ResultImages.setInfo(result, info(request, contentLayers, styleLayers, message, title, styled.size()));
		Plot plot = LossPlot.create("Losses of " + title, losses, settings);
		if (windows) {
			result.show();
			plot.show();
		}
		write(request, result, losses, plot, windows);
		IJ.showStatus("Neural Style: " + message);
		return new Outcome(result, losses, reason, message, plot);
	}

	/**
	 * Everything that can be checked before the engine starts, so that a mistake is reported at
	 * once rather than after loading a network.
	 *
	 * @return the init image when init is a file, else null
	 */
	private static FloatImage check(Request request, ContentPlanes planes) {
		StyleSettings s = request.settings();
		ModelDescriptor model;
		try {
			model = ModelDescriptor.load(s.network());
		}
		catch (WeightsException e) {
			throw new IllegalArgumentException("network: " + e.getMessage(), e);
		}
		Architecture architecture = Architecture.parse(model.architecture());
		checkLayers(s.contentLayers(), architecture, model, "content_layers");
		checkLayers(s.styleLayers(), architecture, model, "style_layers");
		if (s.weights() != null && !Files.isRegularFile(s.weights())) {
			throw new IllegalArgumentException("weights: there is no file " + s.weights().toAbsolutePath()
				+ ". Give the path of a .pth state dict of " + architecture.id()
				+ ", or leave weights empty to use (and on first use download) the standard weights.");
		}
		if (request.output() != null) {
			ResultType type = planes.resultType();
			ImageFiles.checkOutput(request.output(), type.bitDepth(), planes.size())
				.ifPresent(note -> IJ.log("Neural Style: " + note));
		}
		if (request.lossLog() != null) ImageFiles.checkWritable(request.lossLog(), "loss_log");
		if (s.init().kind() != Init.Kind.FILE) return null;
		Path file = s.init().file();
		try {
			return FloatImages.of(ImageFiles.read(file));
		}
		catch (IOException e) {
			throw new IllegalArgumentException("init: " + e.getMessage()
				+ ". init must be content, noise, style or the path of an image file.", e);
		}
	}

	private static void checkLayers(LayerWeights layers, Architecture architecture, ModelDescriptor model,
		String what)
	{
		if (layers == null) return;
		for (String name : layers.names()) {
			if (!architecture.layerNames().contains(name)) {
				throw new IllegalArgumentException(what + ": " + model.name() + " has no layer '" + name
					+ "'. Use its layer names (empty for the defaults, " + String.join(",",
						what.equals("content_layers") ? architecture.defaultContentLayers() : architecture.defaultStyleLayers())
					+ "): " + String.join(", ", architecture.layerNames()));
			}
		}
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
				.append("; the result has the ").append(done).append(done == 1 ? " plane" : " planes")
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
	private static String info(Request request, String contentLayers, String styleLayers, String message,
		String title, int planes)
	{
		return "Neural Style (Gatys et al.): " + title + (planes > 1 ? ", " + planes + " planes" : "") + "\n"
			+ "To repeat this run, use the macro line:\n"
			+ MacroOptions.macroCall(MacroOptions.of(request, contentLayers, styleLayers)) + "\n"
			+ "Result: " + message + "\n";
	}

	/** Writes the requested files; each is complete or not there at all. */
	private static void write(Request request, ImagePlus result, List<List<LossRecord>> losses, Plot plot,
		boolean windows)
	{
		Path target = null;
		try {
			if (request.output() != null) {
				target = request.output();
				ImageFiles.write(result, target).ifPresent(note -> IJ.log("Neural Style: " + note));
			}
			List<LossRecord> records = LossPlot.concatenate(losses);
			if (request.lossLog() != null) {
				target = request.lossLog();
				LossLog.write(records, target);
			}
			if (!windows && request.output() != null) {
				target = sibling(request.output(), "_losses.csv");
				LossLog.write(records, target);
				target = sibling(request.output(), "_losses.png");
				ImageFiles.write(plot.getImagePlus(), target);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Neural Style finished, but " + target + " could not be written: "
				+ e.getMessage() + (windows ? ". The result is open: save it with File > Save As." : "."), e);
		}
	}

	/** out.tif → out_losses.png beside it. */
	static Path sibling(Path output, String suffix) {
		String name = output.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return output.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + suffix);
	}
}

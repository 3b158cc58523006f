package sc.fiji.neuralstyle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.sequence.PlaneSteps;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.settings.TemporalFrames;
import sc.fiji.neuralstyle.engine.sequence.TemporalStep;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.flow.OpticalFlow;
import sc.fiji.neuralstyle.flow.SyntheticSequence;
import sc.fiji.neuralstyle.flow.TemporalLink;
import sc.fiji.neuralstyle.flow.Warp;
import sc.fiji.neuralstyle.flow.WarpedImage;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.params.Params;

/**
 * Temporal coherence measured (issue 17's benchmark): a synthetic sequence with known motion
 * ({@link SyntheticSequence}) styled four ways, and for each the temporal error, the mean over
 * consecutive frames of the mean squared difference between styled frame t and styled frame t−1
 * moved by the <em>true</em> motion, over the pixels visible in both; the style loss of each frame's
 * result against that of the frame styled alone; and the time, flow included:
 * <ul>
 * <li>{@code independent}: each frame a still from its content (init=content);</li>
 * <li>{@code previous}: temporal_weight=0, each frame starting from the previous result as it is;</li>
 * <li>{@code warped}: the start warped by the flow, no temporal term;</li>
 * <li>{@code full}: warped start and temporal term, at each temporal_weight given.</li>
 * </ul>
 * One line per run: {@code motion=… variant=… temporal_weight=… temporal_error=… rms_grey=…
 * error_ratio=… style_ratio=… seconds=… flow_seconds=…}; error and style ratios are against
 * {@code independent}. With a folder, a montage of frames 1, middle and last of each variant.
 * <p>
 * Arguments: motions (default object,pan,zoom), size (160), frames (8), iterations per frame (30),
 * temporal weights for {@code full} (comma-separated, default 100), network (alexnet, seeded weights),
 * montage folder (optional), temporal_frames (1).
 */
public final class CoherenceBenchmark {

	private CoherenceBenchmark() {}

	public static void main(String... args) throws IOException {
		String motions = args.length > 0 ? args[0] : "object,pan,zoom";
		int size = args.length > 1 ? Integer.parseInt(args[1]) : 160;
		int frames = args.length > 2 ? Integer.parseInt(args[2]) : 8;
		int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 30;
		String weights = args.length > 4 ? args[4] : "100";
		String network = args.length > 5 ? args[5] : "alexnet";
		Path montages = args.length > 6 && !args[6].isEmpty() ? Path.of(args[6]) : null;
		TemporalFrames temporalFrames = TemporalFrames.parse(args.length > 7 ? args[7] : "1");
		DjlSetup.pytorch();
		WeightsLoader seeded = (model, override, keys, progress) -> new WeightsLoader.Weights(
			SeededWeights.forArchitecture(Architecture.parse(model.architecture())), "seeded weights");
		FloatImage style = FloatImages.of(ImageFiles.read(Path.of("samples/starry_night.jpg")));
		StyleSettings base = Params.defaultSettings().toBuilder().network(network).size(size).iterations(iterations)
			.optimizer(OptimizerKind.ADAM).init(Init.CONTENT).temporalFrames(temporalFrames).build();
		try (StyleTransfer transfer = StyleTransfer.open(base, seeded, ProgressListener.NONE)) {
			for (String m : motions.split(",")) {
				SyntheticSequence sequence = SyntheticSequence.of(SyntheticSequence.Motion.valueOf(m.trim().toUpperCase(
					Locale.ROOT)), size, frames);
				List<FloatImage> contents = new ArrayList<>();
				for (int t = 0; t < frames; t++) contents.add(new FloatImage(size, size, 3, sequence.frame(t)));
				double flowSeconds = flowSeconds(contents, temporalFrames);
				Run independent = run(transfer, base, contents, style, "independent", 0);
				report(sequence, independent, independent, 0);
				List<Run> shown = new ArrayList<>(List.of(independent));
				Run previous = run(transfer, base, contents, style, "previous", 0);
				report(sequence, previous, independent, 0);
				shown.add(previous);
				Run warped = run(transfer, base, contents, style, "warped", 0);
				report(sequence, warped, independent, flowSeconds);
				shown.add(warped);
				for (String w : weights.split(",")) {
					Run full = run(transfer, base, contents, style, "full", Double.parseDouble(w));
					report(sequence, full, independent, flowSeconds);
					shown.add(full);
				}
				if (montages != null) montage(shown, montages.resolve("coherence-" + m.trim() + ".png"));
			}
		}
	}

	private record Run(String variant, double weight, List<StyleResult> results, double seconds) {}

	private static Run run(StyleTransfer base, StyleSettings settings, List<FloatImage> contents, FloatImage style,
		String variant, double weight) throws IOException
	{
		try (StyleTransfer transfer = base.withSettings(settings.toBuilder().temporalWeight(weight).build())) {
			PlaneSequence.Source source = new PlaneSequence.Source() {
				@Override
				public int size() {
					return contents.size();
				}

				@Override
				public FloatImage read(int index) {
					return contents.get(index);
				}

				// Independent frames: each a sequence of its own, a still.
				@Override
				public boolean startsSequence(int index) {
					return index == 0 || variant.equals("independent");
				}
			};
			PlaneSequence.Step step = variant.equals("warped") || variant.equals("full")
				? new TemporalStep(transfer, List.of(style), List.of(), null)
				: PlaneSteps.fromPrevious(transfer, List.of(style), List.of(), null);
			List<StyleResult> results = new ArrayList<>();
			long start = System.nanoTime();
			PlaneSequence.run(source, step, (i, r) -> results.add(r), new PlaneSequence.Listener() {});
			return new Run(variant, weight, results, (System.nanoTime() - start) / 1e9);
		}
	}

	/** The time of the flows a temporal run computes (both ways for each earlier frame it looks at). */
	private static double flowSeconds(List<FloatImage> contents, TemporalFrames frames) {
		// As TemporalStep computes them: both ways at once, each with its own solver.
		OpticalFlow backward = new OpticalFlow(), forward = new OpticalFlow();
		long start = System.nanoTime();
		for (int t = 1; t < contents.size(); t++) {
			for (int j : frames.back()) {
				if (j > t) continue;
				TemporalLink.between(backward, forward, gray(contents.get(t)), gray(contents.get(t - j)));
			}
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private static sc.fiji.neuralstyle.flow.GrayFrame gray(FloatImage image) {
		return sc.fiji.neuralstyle.flow.GrayFrame.of(image.width(), image.height(), image.channels(), image.data());
	}

	private static void report(SyntheticSequence sequence, Run run, Run independent, double flowSeconds) {
		double error = temporalError(sequence, run.results());
		double reference = temporalError(sequence, independent.results());
		double style = 0;
		for (int t = 0; t < run.results().size(); t++) {
			style += styleLoss(run.results().get(t)) / styleLoss(independent.results().get(t));
		}
		style /= run.results().size();
		System.out.printf(Locale.ROOT, "motion=%s variant=%s temporal_weight=%s temporal_error=%.6f rms_grey=%.1f "
			+ "error_ratio=%.3f style_ratio=%.3f seconds=%.1f flow_seconds=%.1f%n", sequence.motion().name()
				.toLowerCase(Locale.ROOT), run.variant(), run.weight() == 0 ? "0" : String.valueOf(run.weight()), error,
			255 * Math.sqrt(error), error / reference, style, run.seconds(), flowSeconds);
	}

	/** The style loss of the image a plane's run returned. */
	private static double styleLoss(StyleResult result) {
		for (LossRecord r : result.losses()) {
			if (r.iteration() == result.bestIteration()) return r.terms().get("style");
		}
		throw new IllegalStateException("no record of the best iteration");
	}

	/**
	 * The mean over t ≥ 1 of the mean squared difference between result t and result t−1 warped by
	 * the true motion from t to t−1, over the pixels of t visible in t−1.
	 */
	public static double temporalError(SyntheticSequence sequence, List<StyleResult> results) {
		double sum = 0;
		for (int t = 1; t < results.size(); t++) {
			FloatImage now = results.get(t).image(), before = results.get(t - 1).image();
			WarpedImage moved = Warp.backward(before.data(), before.channels(), sequence.trueFlow(t, t - 1));
			boolean[] visible = sequence.visibleInBoth(t, t - 1);
			int n = now.width() * now.height();
			double squares = 0;
			long count = 0;
			for (int i = 0; i < n; i++) {
				if (!visible[i] || !moved.valid()[i]) continue;
				for (int c = 0; c < now.channels(); c++) {
					double d = now.data()[c * n + i] - moved.data()[c * n + i];
					squares += d * d;
					count++;
				}
			}
			sum += squares / count;
		}
		return sum / (results.size() - 1);
	}

	/** Frames 1, the middle one and the last of each run, a row per run. */
	private static void montage(List<Run> runs, Path file) throws IOException {
		FloatImage first = runs.get(0).results().get(0).image();
		int w = first.width(), h = first.height(), n = runs.get(0).results().size();
		int[] shown = { 0, n / 2, n - 1 };
		ColorProcessor canvas = new ColorProcessor(w * shown.length, h * runs.size());
		for (int r = 0; r < runs.size(); r++) {
			for (int k = 0; k < shown.length; k++) {
				FloatImage image = runs.get(r).results().get(shown[k]).image();
				int plane = w * h;
				for (int y = 0; y < h; y++) {
					for (int x = 0; x < w; x++) {
						int i = y * w + x, rgb = 0;
						for (int c = 0; c < 3; c++) {
							float v = image.data()[(image.channels() == 3 ? c : 0) * plane + i];
							rgb = rgb << 8 | Math.round(255 * Math.max(0, Math.min(1, v)));
						}
						canvas.set(k * w + x, r * h + y, rgb);
					}
				}
			}
		}
		Files.createDirectories(file.getParent());
		ImageFiles.write(new ImagePlus(file.getFileName().toString(), canvas), file);
	}
}

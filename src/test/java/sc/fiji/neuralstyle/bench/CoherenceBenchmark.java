package sc.fiji.neuralstyle.bench;

import java.awt.Color;
import java.awt.Font;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

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
import sc.fiji.neuralstyle.flow.FlowField;
import sc.fiji.neuralstyle.flow.GrayFrame;
import sc.fiji.neuralstyle.flow.OpticalFlow;
import sc.fiji.neuralstyle.flow.PixelOffsets;
import sc.fiji.neuralstyle.flow.SyntheticSequence;
import sc.fiji.neuralstyle.flow.TemporalLink;
import sc.fiji.neuralstyle.flow.Warp;
import sc.fiji.neuralstyle.flow.WarpedImage;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.params.Params;

/**
 * Temporal coherence measured (issues 17 and 22): synthetic sequences with known motion
 * ({@link SyntheticSequence}) styled several ways, each measured frame by frame against the frames
 * styled alone ({@link CoherenceMetrics}: trail, fading, colour drift, temporal error in and outside
 * the band about moving objects), with its style loss against the still's and its time:
 * <ul>
 * <li>{@code stills}: each frame alone, from its content (init=content);</li>
 * <li>{@code chain}: temporal_weight=0, each frame starting from the previous result as it is;</li>
 * <li>{@code warped}: the start warped by the flow, no temporal term;</li>
 * <li>{@code full}: warped start and temporal term, at each temporal_weight given.</li>
 * </ul>
 * Output: with {@code per_frame=true} one line per frame and run ({@code frame … trail= fading=
 * drift= error_rms= band_rms=}), and one summary line per run: the lowest and highest trail and
 * fading, the largest drift, the temporal error (all visible pixels, the band, outside it) as an RMS
 * in grey levels and as a ratio to the chain's mean squared error, the style ratio, the time and its
 * ratio to the chain's, and the optical flow's share. With a montage folder, a picture per motion of
 * the frames {@code shown} of stills, chain and the first full run, labelled.
 * <p>
 * Arguments, each {@code name=value}: motions (object,zoom,blob), size (160), frames (24),
 * iterations (300), optimizer (lbfgs), style_weight (the default), weights (temporal weights of the
 * full runs, comma-separated: the default), variants (stills,chain,full), network (alexnet, the tests'
 * seeded weights), temporal_frames (1), montage (a folder, none by default), shown (1,10,24: frames
 * from 1), per_frame (true), cache (a folder where stills and chain runs are kept and taken from on
 * the next run with the same settings; none by default), keep (a folder where each full run is
 * stored as {@code motion_weight.bin}), runs (stored full runs to measure beside the others, each
 * {@code label:folder} of an earlier keep, comma-separated; a label's "/" breaks its line in the
 * montage).
 */
public final class CoherenceBenchmark {

	private CoherenceBenchmark() {}

	public static void main(String... args) throws IOException {
		Map<String, String> a = new LinkedHashMap<>(Map.of("motions", "object,zoom,blob", "size", "160", "frames", "24",
			"iterations", "300", "optimizer", "lbfgs", "variants", "stills,chain,full", "network", "alexnet",
			"temporal_frames", "1", "shown", "1,10,24", "per_frame", "true"));
		a.put("weights", String.valueOf(Params.defaultSettings().temporalWeight()));
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (eq < 0 || !(a.containsKey(arg.substring(0, eq)) || List.of("style_weight", "montage", "cache", "keep", "runs").contains(arg
				.substring(0, eq)))) throw new IllegalArgumentException("not a name=value argument of this benchmark: " + arg);
			a.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		int size = Integer.parseInt(a.get("size")), frames = Integer.parseInt(a.get("frames"));
		TemporalFrames temporalFrames = TemporalFrames.parse(a.get("temporal_frames"));
		StyleSettings.Builder builder = Params.defaultSettings().toBuilder().network(a.get("network")).size(size)
			.iterations(Integer.parseInt(a.get("iterations"))).optimizer(OptimizerKind.parse(a.get("optimizer")))
			.init(Init.CONTENT).temporalFrames(temporalFrames);
		if (a.get("network").equals("alexnet")) builder.weights(Path.of("src/test/resources/fixtures/models/alexnet-seeded-f16.pth"));
		if (a.containsKey("style_weight")) builder.styleWeight(Double.parseDouble(a.get("style_weight")));
		StyleSettings base = builder.build();
		List<String> variants = List.of(a.get("variants").split(","));
		boolean perFrame = Boolean.parseBoolean(a.get("per_frame"));
		Path cache = a.containsKey("cache") ? Path.of(a.get("cache")) : null;
		DjlSetup.pytorch();
		FloatImage style = FloatImages.of(ImageFiles.read(Path.of("samples/starry_night.jpg")));
		try (StyleTransfer transfer = StyleTransfer.open(base, ProgressListener.NONE)) {
			for (String m : a.get("motions").split(",")) {
				SyntheticSequence sequence = SyntheticSequence.of(SyntheticSequence.Motion.valueOf(m.trim().toUpperCase(
					Locale.ROOT)), size, frames);
				List<FloatImage> contents = new ArrayList<>();
				for (int t = 0; t < frames; t++) contents.add(new FloatImage(size, size, 3, sequence.frame(t)));
				double flowSeconds = flowSeconds(contents, temporalFrames);
				Path cached = cache == null ? null : cache.resolve(String.join("_", m.trim(), a.get("size"),
					a.get("iterations"), a.get("optimizer"), a.getOrDefault("style_weight", "default"), a.get("network")));
				Run stills = cached(cached, "stills", frames, () -> run(transfer, base, contents, style, "stills", 0));
				// Without "chain" among the variants it is only taken from the cache (the ratios to it NaN otherwise).
				Run chain = variants.contains("chain") || cached != null && Files.exists(cached.resolve("chain.bin"))
					? cached(cached, "chain", frames, () -> run(transfer, base, contents, style, "chain", 0))
					: new Run("chain", 0, stills.images(), stills.styleLosses(), Double.NaN);
				CoherenceMetrics metrics = new CoherenceMetrics(sequence);
				Reference reference = new Reference(stills, chain, new Summary(metrics, chain, stills));
				List<Run> shown = new ArrayList<>(List.of(stills, chain));
				for (String variant : variants) {
					switch (variant) {
						case "stills" -> report(sequence, metrics, stills, reference, 0, perFrame);
						case "chain" -> report(sequence, metrics, chain, reference, 0, perFrame);
						case "moved" -> {
							report(sequence, metrics, moved(sequence, stills, true), reference, 0, perFrame);
							report(sequence, metrics, moved(sequence, stills, false), reference, 0, perFrame);
						}
						case "warped" -> report(sequence, metrics, run(transfer, base, contents, style, "warped", 0), reference,
							flowSeconds, perFrame);
						case "full" -> {
							for (String w : a.get("weights").split(",")) {
								Run full = run(transfer, base, contents, style, "full", Double.parseDouble(w));
								if (a.containsKey("keep")) store(Path.of(a.get("keep")).resolve(m.trim() + "_" + w + ".bin"), full);
								report(sequence, metrics, full, reference, flowSeconds, perFrame);
								if (shown.size() == 2) shown.add(full);
							}
						}
						default -> throw new IllegalArgumentException("no variant " + variant);
					}
				}
				if (a.containsKey("runs")) {
					for (String labelled : a.get("runs").split(",")) {
						Run run = kept(labelled, m.trim(), frames);
						report(sequence, metrics, run, reference, flowSeconds, perFrame);
						shown.add(run);
					}
				}
				if (a.containsKey("montage")) {
					montage(shown, a.get("shown"), Path.of(a.get("montage")).resolve("coherence-" + m.trim() + "-" + frames
						+ ".png"));
				}
			}
		}
	}

	/**
	 * A full run kept by an earlier run of this benchmark (argument keep), as {@code label:folder}: the
	 * folder's file for this motion, measured as variant {@code label}.
	 */
	private static Run kept(String labelled, String motion, int frames) throws IOException {
		int colon = labelled.indexOf(':');
		String label = labelled.substring(0, colon);
		try (var files = Files.list(Path.of(labelled.substring(colon + 1)))) {
			Path file = files.filter(f -> f.getFileName().toString().startsWith(motion + "_")).findFirst().orElseThrow(
				() -> new IllegalArgumentException("runs: no run of " + motion + " in " + labelled));
			String name = file.getFileName().toString();
			Run run = load(file, label, frames);
			if (run == null) throw new IllegalArgumentException("runs: fewer than " + frames + " frames in " + file);
			double weight = Double.parseDouble(name.substring(motion.length() + 1, name.length() - ".bin".length()));
			return new Run(label, weight, run.images(), run.styleLosses(), run.seconds());
		}
	}

	/** One way of styling a sequence: each frame's result image and style loss, and the time of all. */
	private record Run(String variant, double weight, List<FloatImage> images, double[] styleLosses, double seconds) {}

	private interface Styling {
		Run run() throws IOException;
	}

	/**
	 * A stills or chain run from the cache folder if it holds one of at least {@code frames} frames (the
	 * first frames of a longer sequence are the frames of a shorter one, and so are their results), else
	 * run and kept there.
	 */
	private static Run cached(Path folder, String variant, int frames, Styling styling) throws IOException {
		if (folder == null) return styling.run();
		Path file = folder.resolve(variant + ".bin");
		if (Files.exists(file)) {
			Run run = load(file, variant, frames);
			if (run != null) return run;
		}
		return store(file, styling.run());
	}

	/** The first {@code frames} frames of a run {@link #store}d in a file; null if it holds fewer. */
	private static Run load(Path file, String variant, int frames) throws IOException {
		try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file)); DataInputStream data =
			new DataInputStream(in))
		{
			int stored = data.readInt(), w = data.readInt(), h = data.readInt(), c = data.readInt();
			if (stored < frames) return null;
			double seconds = data.readDouble();
			List<FloatImage> images = new ArrayList<>();
			double[] losses = new double[frames];
			for (int t = 0; t < frames; t++) {
				losses[t] = data.readDouble();
				float[] pixels = new float[w * h * c];
				for (int i = 0; i < pixels.length; i++) pixels[i] = data.readFloat();
				images.add(new FloatImage(w, h, c, pixels));
			}
			return new Run(variant, 0, images, losses, seconds * frames / stored);
		}
	}

	private static Run store(Path file, Run run) throws IOException {
		Files.createDirectories(file.getParent());
		try (OutputStream out = Files.newOutputStream(file); DataOutputStream data = new DataOutputStream(
			new java.io.BufferedOutputStream(out)))
		{
			FloatImage first = run.images().get(0);
			data.writeInt(run.images().size());
			data.writeInt(first.width());
			data.writeInt(first.height());
			data.writeInt(first.channels());
			data.writeDouble(run.seconds());
			for (int t = 0; t < run.images().size(); t++) {
				data.writeDouble(run.styleLosses()[t]);
				for (float v : run.images().get(t).data()) data.writeFloat(v);
			}
		}
		return run;
	}

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

				// Stills: each frame a sequence of its own.
				@Override
				public boolean startsSequence(int index) {
					return index == 0 || variant.equals("stills");
				}
			};
			PlaneSequence.Step step = variant.equals("warped") || variant.equals("full")
				? new TemporalStep(transfer, List.of(style), List.of(), null)
				: PlaneSteps.fromPrevious(transfer, List.of(style), List.of(), null);
			List<StyleResult> results = new ArrayList<>();
			long start = System.nanoTime();
			PlaneSequence.run(source, step, (i, r) -> results.add(r), new PlaneSequence.Listener() {
				@Override
				public void planeStarted(int index, int count) {
					System.err.printf(Locale.ROOT, "\r%s: plane %d of %d, %.0f s", variant, index + 1, count, (System.nanoTime()
						- start) / 1e9);
				}
			});
			System.err.println();
			double seconds = (System.nanoTime() - start) / 1e9;
			return new Run(variant, weight, results.stream().map(StyleResult::image).toList(), results.stream()
				.mapToDouble(CoherenceBenchmark::styleLoss).toArray(), seconds);
		}
	}

	/**
	 * Frame 1 styled alone, moved along the true motion from frame to frame, by whole pixels
	 * ({@link Warp#carry}) or by bilinear interpolation ({@link Warp#backward}); where nothing moves into
	 * a pixel it keeps the earlier frame's value. No styling: what the metrics say of a perfectly
	 * coherent sequence moved each way.
	 */
	private static Run moved(SyntheticSequence sequence, Run stills, boolean wholePixels) {
		FloatImage first = stills.images().get(0);
		int w = first.width(), h = first.height();
		List<FloatImage> images = new ArrayList<>(List.of(first));
		PixelOffsets offsets = PixelOffsets.none(w, h);
		for (int t = 1; t < sequence.frames(); t++) {
			FloatImage before = images.get(t - 1);
			FlowField flow = sequence.trueFlow(t, t - 1);
			WarpedImage image;
			if (wholePixels) {
				Warp.Carried carried = Warp.carry(before.data(), before.channels(), offsets, flow);
				offsets = carried.offsets();
				image = carried.image();
			} else {
				image = Warp.backward(before.data(), before.channels(), flow);
			}
			images.add(new FloatImage(w, h, before.channels(), image.filledFrom(before.data())));
		}
		return new Run(wholePixels ? "still_moved_whole_pixels" : "still_moved_bilinear", 0, images, stills
			.styleLosses(), Double.NaN);
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

	private static GrayFrame gray(FloatImage image) {
		return GrayFrame.of(image.width(), image.height(), image.channels(), image.data());
	}

	/** A run's figures over its frames, against the stills and the chain. */
	private record Summary(double trailMin, double trailMax, double fadingMin, double fadingMax, double driftMax,
		CoherenceMetrics.Errors bilinear, CoherenceMetrics.Errors carried, double style, List<CoherenceMetrics.Frame> frames)
	{
		Summary(CoherenceMetrics metrics, Run run, Run stills) {
			this(metrics.frames(run.images(), stills.images()), run, stills);
		}

		private Summary(List<CoherenceMetrics.Frame> f, Run run, Run stills) {
			this(min(f, CoherenceMetrics.Frame::trail), max(f, CoherenceMetrics.Frame::trail), min(f,
				CoherenceMetrics.Frame::fading), max(f, CoherenceMetrics.Frame::fading), max(f, CoherenceMetrics.Frame::drift),
				mean(f.stream().map(CoherenceMetrics.Frame::bilinear).toList()), mean(f.stream().map(
					CoherenceMetrics.Frame::carried).toList()), styleRatio(run, stills), f);
		}

		private static double min(List<CoherenceMetrics.Frame> f, ToDoubleFunction<CoherenceMetrics.Frame> g) {
			return f.stream().mapToDouble(g).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
		}

		private static double max(List<CoherenceMetrics.Frame> f, ToDoubleFunction<CoherenceMetrics.Frame> g) {
			return f.stream().mapToDouble(g).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
		}

		/** The mean over frames t ≥ 1 of each error. */
		private static CoherenceMetrics.Errors mean(List<CoherenceMetrics.Errors> e) {
			return new CoherenceMetrics.Errors(CoherenceMetrics.mean(e, CoherenceMetrics.Errors::all), CoherenceMetrics
				.mean(e, CoherenceMetrics.Errors::inBand), CoherenceMetrics.mean(e, CoherenceMetrics.Errors::outsideBand));
		}

		private static double styleRatio(Run run, Run stills) {
			double sum = 0;
			for (int t = 0; t < run.styleLosses().length; t++) sum += run.styleLosses()[t] / stills.styleLosses()[t];
			return sum / run.styleLosses().length;
		}
	}

	/** What a run is measured against: the stills, the chain and the chain's figures. */
	private record Reference(Run stills, Run chain, Summary chainFigures) {}

	private static void report(SyntheticSequence sequence, CoherenceMetrics metrics, Run run, Reference reference,
		double flowSeconds, boolean perFrame)
	{
		Summary s = new Summary(metrics, run, reference.stills());
		Summary chain = reference.chainFigures();
		String name = sequence.motion().name().toLowerCase(Locale.ROOT);
		String weight = run.weight() == 0 ? "0" : String.valueOf(run.weight());
		if (perFrame) {
			for (int t = 0; t < s.frames().size(); t++) {
				CoherenceMetrics.Frame f = s.frames().get(t);
				System.out.printf(Locale.ROOT, "frame motion=%s frames=%d variant=%s temporal_weight=%s frame=%d trail=%.3f "
					+ "fading=%.3f drift=%.1f bilinear_rms=%.2f bilinear_band_rms=%.2f carried_rms=%.2f carried_band_rms=%.2f%n",
					name, sequence.frames(), run.variant(), weight, t + 1, f.trail(), f.fading(), f.drift(), rms(f.bilinear()
						.all()), rms(f.bilinear().inBand()), rms(f.carried().all()), rms(f.carried().inBand()));
			}
		}
		System.out.printf(Locale.ROOT, "summary motion=%s frames=%d variant=%s temporal_weight=%s trail=%.3f..%.3f "
			+ "fading=%.3f..%.3f drift_max=%.1f %s %s style_ratio=%.3f seconds=%.1f time_ratio=%.3f flow_seconds=%.1f%n",
			name, sequence.frames(), run.variant(), weight, s.trailMin(), s.trailMax(), s.fadingMin(), s.fadingMax(), s
				.driftMax(), errors("bilinear", s.bilinear(), chain.bilinear()), errors("carried", s.carried(), chain
					.carried()), s.style(), run.seconds(), run.seconds() / reference.chain().seconds(), flowSeconds);
	}

	/** One way's temporal errors as RMS in grey levels and as ratios to the chain's mean squares. */
	private static String errors(String way, CoherenceMetrics.Errors e, CoherenceMetrics.Errors chain) {
		return String.format(Locale.ROOT, "%1$s_rms=%2$.2f %1$s_band_rms=%3$.2f %1$s_outside_rms=%4$.2f "
			+ "%1$s_ratio=%5$.4f %1$s_band_ratio=%6$.4f %1$s_outside_ratio=%7$.4f", way, rms(e.all()), rms(e.inBand()), rms(
				e.outsideBand()), e.all() / chain.all(), e.inBand() / chain.inBand(), e.outsideBand() / chain.outsideBand());
	}

	private static double rms(double meanSquare) {
		return 255 * Math.sqrt(meanSquare);
	}

	/**
	 * The temporal error of results against the true motion, the earlier result moved by bilinear
	 * interpolation: the mean over t ≥ 1 of {@link CoherenceMetrics#bilinearErrors} over all pixels
	 * visible in both frames.
	 */
	public static double temporalError(SyntheticSequence sequence, List<StyleResult> results) {
		return CoherenceMetrics.mean(new CoherenceMetrics(sequence).bilinearErrors(images(results)),
			CoherenceMetrics.Errors::all);
	}

	/**
	 * The temporal error of results against the true motion, the earlier result carried by whole pixels:
	 * the mean over t ≥ 1 of {@link CoherenceMetrics#carriedErrors} over all pixels visible in both frames.
	 */
	public static double carriedError(SyntheticSequence sequence, List<StyleResult> results) {
		return CoherenceMetrics.mean(new CoherenceMetrics(sequence).carriedErrors(images(results)),
			CoherenceMetrics.Errors::all);
	}

	private static List<FloatImage> images(List<StyleResult> results) {
		return results.stream().map(StyleResult::image).toList();
	}

	/** The style loss of the image a plane's run returned. */
	private static double styleLoss(StyleResult result) {
		for (LossRecord r : result.losses()) {
			if (r.iteration() == result.bestIteration()) return r.terms().get("style");
		}
		throw new IllegalStateException("no record of the best iteration");
	}

	/** The frames {@code shown} (from 1) of each run, a row per run, each labelled. */
	private static void montage(List<Run> runs, String shown, Path file) throws IOException {
		FloatImage first = runs.get(0).images().get(0);
		int w = first.width(), h = first.height(), label = 130, top = 20;
		List<Integer> columns = new ArrayList<>();
		for (String s : shown.split(",")) {
			int t = Integer.parseInt(s.trim()) - 1;
			if (t < runs.get(0).images().size()) columns.add(t);
		}
		ColorProcessor canvas = new ColorProcessor(label + (w + 4) * columns.size(), top + (h + 4) * runs.size());
		canvas.setColor(Color.WHITE);
		canvas.fill();
		canvas.setColor(Color.BLACK);
		canvas.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		canvas.setAntialiasedText(true);
		for (int k = 0; k < columns.size(); k++) canvas.drawString("frame " + (columns.get(k) + 1), label + k * (w + 4) + w
			/ 2 - 25, top - 4);
		for (int r = 0; r < runs.size(); r++) {
			Run run = runs.get(r);
			String[] lines = switch (run.variant()) {
				case "stills" -> new String[] { "each frame", "styled alone" };
				case "chain" -> new String[] { "temporal_weight=0", "(previous result", "as it is)" };
				case "full" -> new String[] { "temporal coherence", "(temporal_weight", String.format(Locale.ROOT, "%.0e)", run
					.weight()) };
				default -> run.variant().split("/");
			};
			for (int l = 0; l < lines.length; l++) canvas.drawString(lines[l], 4, top + r * (h + 4) + h / 2 - 8 + 16 * l);
			for (int k = 0; k < columns.size(); k++) {
				FloatImage image = run.images().get(columns.get(k));
				int plane = w * h;
				for (int y = 0; y < h; y++) {
					for (int x = 0; x < w; x++) {
						int i = y * w + x, rgb = 0;
						for (int c = 0; c < 3; c++) {
							float v = image.data()[(image.channels() == 3 ? c : 0) * plane + i];
							rgb = rgb << 8 | Math.round(255 * Math.max(0, Math.min(1, v)));
						}
						canvas.set(label + k * (w + 4) + x, top + r * (h + 4) + y, rgb);
					}
				}
			}
		}
		Files.createDirectories(file.getParent());
		ImageFiles.write(new ImagePlus(file.getFileName().toString(), canvas), file);
	}
}

package sc.fiji.neuralstyle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.progress.LossLog;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.settings.TileSize;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * One style-transfer run for the large-image benchmarks (bench/*.sh), in a process of its own so
 * that its peak resident memory is its own: seeded VGG19 weights (pretrained ones cannot be had
 * here), the engine's defaults otherwise. Prints one line of {@code key=value} pairs: the settings,
 * {@code final_loss} (the lowest total loss at full resolution, i.e. the result's), {@code seconds}
 * (the run's wall time, without loading the network), {@code cpu_seconds} (the process's CPU time in
 * the run: on a shared machine it depends far less on the other processes than the wall time),
 * {@code base_rss_mb} (after loading the network) and {@code peak_rss_mb} (the whole process's peak).
 * <p>
 * Arguments, {@code key=value}: size (512), scales (1), iterations (300), tile_size (0), optimizer
 * (lbfgs), history_size (10), content (samples/ihc.png), style (samples/starry_night.jpg),
 * input_size (0: the content file as it is; N: enlarged to N px first, to stand for a large
 * input), network (vgg19), init (content: the start image, as the {@code init} parameter), log (a CSV file for the loss history, optional), label (printed first),
 * stages (e.g. {@code 171,86,43}: instead of the engine's split of {@code iterations} over
 * {@code scales}, run these iterations at each scale, coarsest first, one engine run per scale that
 * starts from the previous result, as the engine's stages do; to compare splits), detail (with
 * stages: add to each stage's start the content's detail that enlarging the previous result lacks).
 */
public final class LargeImageRun {

	private LargeImageRun() {}

	public static void main(String... args) throws IOException {
		Map<String, String> a = new LinkedHashMap<>(Map.of("size", "512", "scales", "1", "iterations", "300",
			"tile_size", "0", "optimizer", "lbfgs", "history_size", "10", "content", "samples/ihc.png", "style",
			"samples/starry_night.jpg", "input_size", "0", "network", "vgg19"));
		a.put("init", "content");
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (eq < 0) throw new IllegalArgumentException("Arguments are key=value, got " + arg);
			a.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		int size = Integer.parseInt(a.get("size"));
		if (a.containsKey("stages")) a.put("scales", Integer.toString(a.get("stages").split(",").length));
		StyleSettings settings = Params.defaultSettings().toBuilder().network(a.get("network")).size(size)
			.scales(Integer.parseInt(a.get("scales"))).iterations(Integer.parseInt(a.get("iterations")))
			.tileSize(TileSize.parse(a.get("tile_size")))
			.optimizer(OptimizerKind.valueOf(a.get("optimizer").toUpperCase(Locale.ROOT)))
			.historySize(Integer.parseInt(a.get("history_size"))).init(Init.parse(a.get("init"))).build();
		FloatImage content = read(a.get("content"));
		FloatImage style = read(a.get("style"));
		int input = Integer.parseInt(a.get("input_size"));
		if (input > 0) {
			int[] wh = Resampler.fitLongestSide(content.width(), content.height(), input);
			content = Resampler.resize(content, wh[0], wh[1]);
		}
		DjlSetup.pytorch();
		WeightsLoader seeded = (model, override, keys, progress) -> new WeightsLoader.Weights(
			SeededWeights.forArchitecture(Architecture.parse(model.architecture())), "seeded weights");
		ProgressListener log = new ProgressListener() {
			@Override
			public void status(String message) {
				System.err.println(message);
			}
		};
		if (a.containsKey("stages")) {
			chained(settings, a, content, style, seeded, log);
			return;
		}
		try (StyleTransfer transfer = StyleTransfer.open(settings, seeded, log)) {
			long base = kb("VmRSS");
			long start = System.nanoTime(), cpu = cpuNanos();
			StyleResult result;
			try {
				result = transfer.run(content, style, null, log);
			}
			catch (IllegalArgumentException e) {
				// The engine's memory check: what the user would be told.
				System.out.printf(Locale.ROOT, "%snetwork=%s size=%s tile_size=%s refused=[%s] peak_rss_mb=%d%n",
					a.containsKey("label") ? a.get("label") + " " : "", a.get("network"), a.get("size"), a.get("tile_size"),
					e.getMessage(), kb("VmHWM") / 1024);
				return;
			}
			report(a, result.losses(), (System.nanoTime() - start) / 1e9, (cpuNanos() - cpu) / 1e9, base, result.image());
		}
	}

	private static void report(Map<String, String> a, List<LossRecord> losses, double seconds, double cpuSeconds,
		long base, FloatImage image) throws IOException
	{
		int fullScale = losses.get(losses.size() - 1).scale();
		double finalLoss = losses.stream().filter(r -> r.scale() == fullScale).mapToDouble(LossRecord::total).min()
			.orElse(Double.NaN);
		if (a.containsKey("log")) LossLog.write(losses, Path.of(a.get("log")));
		System.out.printf(Locale.ROOT, "%snetwork=%s init=%s size=%s scales=%s tile_size=%s iterations=%s optimizer=%s "
			+ "history_size=%s stages=%s evaluations=%d final_loss=%.6g seconds=%.1f cpu_seconds=%.1f base_rss_mb=%d peak_rss_mb=%d "
			+ "result=%dx%d%n",
			a.containsKey("label") ? a.get("label") + " " : "", a.get("network"), a.get("init"), a.get("size"),
			a.get("scales"), a.get("tile_size"), a.get("iterations"), a.get("optimizer"), a.get("history_size"), a.getOrDefault("stages", "-"), losses.size(),
			finalLoss, seconds, cpuSeconds, base / 1024, kb("VmHWM") / 1024, image.width(), image.height());
	}

	/** The stages as separate engine runs, each starting from the previous result. */
	private static void chained(StyleSettings settings, Map<String, String> a, FloatImage content, FloatImage style,
		WeightsLoader seeded, ProgressListener log) throws IOException
	{
		String[] counts = a.get("stages").split(",");
		int n = counts.length;
		List<LossRecord> all = new java.util.ArrayList<>();
		FloatImage current = null;
		double seconds = 0, cpuSeconds = 0;
		long base = 0;
		for (int k = 0; k < n; k++) {
			int side = (int) Math.round(settings.size() / Math.pow(2, n - 1 - k));
			StyleSettings stage = settings.toBuilder().size(side).scales(1).iterations(Integer.parseInt(counts[k].trim()))
				.build();
			try (StyleTransfer transfer = StyleTransfer.open(stage, seeded, log)) {
				base = Math.max(base, kb("VmRSS"));
				long start = System.nanoTime(), cpu = cpuNanos();
				FloatImage from = current != null && a.containsKey("detail") ? withContentDetail(current, content, side)
					: current;
				StyleResult result = transfer.run(content, style, from, log);
				seconds += (System.nanoTime() - start) / 1e9;
				cpuSeconds += (cpuNanos() - cpu) / 1e9;
				int offset = all.size();
				for (LossRecord r : result.losses()) {
					all.add(new LossRecord(offset + r.iteration(), r.total(), r.content(), r.style(), r.tv(),
						r.elapsedMs(), r.scale()));
				}
				current = result.image();
			}
		}
		report(a, all, seconds, cpuSeconds, base, current);
	}

	/**
	 * The previous stage's result enlarged to the stage's size, plus the content's detail that the
	 * enlargement lacks: content − (content at the previous size, enlarged). Clamped to [0, 1].
	 */
	static FloatImage withContentDetail(FloatImage previous, FloatImage content, int side) {
		int[] wh = Resampler.fitLongestSide(content.width(), content.height(), side);
		float[] up = Resampler.resize(previous, wh[0], wh[1]).data();
		float[] sharp = Resampler.resize(content, wh[0], wh[1]).data();
		float[] blurred = Resampler.resize(Resampler.resize(content, previous.width(), previous.height()), wh[0], wh[1])
			.data();
		float[] out = new float[up.length];
		for (int i = 0; i < out.length; i++) out[i] = Math.min(1f, Math.max(0f, up[i] + sharp[i] - blurred[i]));
		return new FloatImage(wh[0], wh[1], previous.channels(), out);
	}

	private static FloatImage read(String path) {
		ImagePlus imp = IJ.openImage(path);
		if (imp == null) throw new IllegalArgumentException("Cannot open " + path);
		return FloatImages.of(imp);
	}

	/** The CPU time this process has used, all threads. */
	static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/** A field of /proc/self/status in kB. */
	static long kb(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D+", ""));
		}
		throw new IllegalStateException("No " + field + " in /proc/self/status");
	}
}

package sc.fiji.neuralstyle.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import ij.ImagePlus;
import sc.fiji.neuralstyle.fiji.run.FijiRuns;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.ParamValues;

/**
 * Runs Neural Style several times in one ImageJ session (one JVM, as Fiji or ImageJ runs a macro's
 * runs one after another, e.g. the images of Style_Folder.ijm) through the Fiji fronts' runner,
 * {@link FijiRuns}, with what the ImageJ1 plugin does for a macro call: the parameters parsed from
 * macro options, every rule checked, the run. Prints per run "run k: first_iteration_ms=…
 * first_iteration_cpu_ms=… total_ms=…" (from the run's start, its parameter checks included, to its
 * first loss evaluation, in wall time and in the process's CPU time, which a busy machine changes
 * far less; and to its end) and the process's resident memory after runs 1 and n, "rss_mb=…
 * peak_rss_mb=…" (VmRSS, VmHWM). Run through bench/session.sh, which compares it with the build before the network cache.
 * <p>
 * The first iteration is the moment the run first asks its front whether to stop (the cancel flag
 * given to {@link FijiRuns#run}): the front asks after every loss evaluation, and before the first
 * one only while a network loads, which a run on a cached network does not. This uses only API that
 * the build before the cache has too, so the same program measures both.
 * <p>
 * Arguments: weights file, runs (default 3), size (default 256), iterations (default 2), network
 * (default vgg19); the content and style are samples/coffee.png and samples/starry_night.jpg.
 */
public final class SessionBenchmark {

	private SessionBenchmark() {}

	public static void main(String... args) throws IOException {
		System.setProperty("java.awt.headless", "true");
		Path weights = Path.of(args[0]);
		int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
		String size = args.length > 2 ? args[2] : "256";
		String iterations = args.length > 3 ? args[3] : "2";
		String network = args.length > 4 ? args[4] : "vgg19";
		ImagePlus content = ImageFiles.read(Path.of("samples", "coffee.png"));
		ImagePlus style = ImageFiles.read(Path.of("samples", "starry_night.jpg"));
		Map<String, String> texts = new LinkedHashMap<>();
		texts.put("content", content.getTitle());
		texts.put("style", style.getTitle());
		texts.put("network", network);
		texts.put("weights", weights.toString());
		texts.put("size", size);
		texts.put("iterations", iterations);
		texts.put("device", "cpu");
		for (int k = 1; k <= runs; k++) {
			long start = System.nanoTime(), startCpu = LargeImageRun.cpuNanos();
			long[] first = { -1, -1 };
			BooleanSupplier firstAsk = () -> {
				if (first[0] < 0) {
					first[0] = System.nanoTime();
					first[1] = LargeImageRun.cpuNanos();
				}
				return false;
			};
			ParamValues values = ParamValues.parse(texts, Front.MACRO);
			FijiRuns.Prepared prepared = FijiRuns.prepare(new FijiRuns.Request(values, content, List.of(style)));
			FijiRuns.Outcome outcome = FijiRuns.run(prepared, false, firstAsk);
			long end = System.nanoTime();
			System.out.printf(Locale.ROOT, "run %d: first_iteration_ms=%d first_iteration_cpu_ms=%d total_ms=%d iterations=%d%n",
				k, (first[0] - start) / 1_000_000, (first[1] - startCpu) / 1_000_000, (end - start) / 1_000_000,
				outcome.losses().get(0).size());
			if (k == 1 || k == runs) {
				System.out.printf(Locale.ROOT, "after run %d: rss_mb=%d peak_rss_mb=%d%n", k, LargeImageRun.kb("VmRSS") / 1024,
					LargeImageRun.kb("VmHWM") / 1024);
			}
			outcome.result().close();
		}
		System.exit(0); // the engine's threads are daemons, ImageJ's AWT ones may not be
	}
}

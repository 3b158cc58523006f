package sc.fiji.neuralstyle.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;

/**
 * Times style-transfer iterations of this project, the same work as bench/pytorch_reference.py:
 * VGG19 to relu5_1 (seeded weights), content relu4_2, style relu1_1..relu5_1, average pooling,
 * L-BFGS with history 10 and no line search, one loss evaluation per iteration. Prints
 * "java size=N ms_per_iteration=X peak_rss_mb=Y cpu_ms_per_iteration=Z" per size (the process's peak so far: run one size
 * per process for each size's own). Run through bench/compare_pytorch.sh.
 * <p>
 * Arguments: sizes (comma-separated, default 128,256), iterations (default 30), warm-up iterations
 * left out of the timing (default 5, at most iterations − 2).
 */
public final class IterationBenchmark {

	private IterationBenchmark() {}

	public static void main(String... args) throws java.io.IOException {
		String sizes = args.length > 0 ? args[0] : "128,256";
		int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 30;
		int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 5;
		DjlSetup.pytorch();
		WeightsLoader seeded = (model, override, keys, progress) -> new WeightsLoader.Weights(
			SeededWeights.forArchitecture(Architecture.parse(model.architecture())), "seeded weights");
		for (String s : sizes.split(",")) {
			int size = Integer.parseInt(s.trim());
			StyleSettings settings = Params.defaultSettings().toBuilder().network("vgg19").size(size).iterations(iterations)
				.init(Init.CONTENT).historySize(10).lineSearch(false).build();
			try (StyleTransfer transfer = StyleTransfer.open(settings, seeded, ProgressListener.NONE)) {
				// The process's CPU time at each evaluation: on a shared machine it depends far less on
				// the other processes than the wall time.
				long[] cpu = new long[iterations];
				ProgressListener clock = new ProgressListener() {
					@Override
					public void iteration(LossRecord record, int n, Supplier<FloatImage> preview) {
						cpu[record.iteration()] = LargeImageRun.cpuNanos();
					}
				};
				StyleResult result = transfer.run(random(size, 1), random(size, 2), null, clock);
				List<LossRecord> losses = result.losses();
				// The first evaluations warm caches up; time the rest, as the Python side does.
				int warm = Math.min(warmUp, losses.size() - 2);
				int last = losses.size() - 1;
				double ms = (double) (losses.get(last).elapsedMs() - losses.get(warm).elapsedMs()) / (last - warm);
				double cpuMs = (cpu[last] - cpu[warm]) / 1e6 / (last - warm);
				System.out.printf(Locale.ROOT, "java size=%d ms_per_iteration=%.1f peak_rss_mb=%d cpu_ms_per_iteration=%.1f%n",
					size, ms, LargeImageRun.kb("VmHWM") / 1024, cpuMs);
			}
		}
	}

	private static FloatImage random(int size, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] data = new float[3 * size * size];
		for (int i = 0; i < data.length; i++) data[i] = (float) random.nextDouble();
		return new FloatImage(size, size, 3, data);
	}
}

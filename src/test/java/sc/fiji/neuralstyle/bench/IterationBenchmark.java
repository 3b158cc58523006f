package sc.fiji.neuralstyle.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.engine.DjlSetup;
import sc.fiji.neuralstyle.engine.FloatImage;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.LossRecord;
import sc.fiji.neuralstyle.engine.ProgressListener;
import sc.fiji.neuralstyle.engine.StyleResult;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.engine.StyleTransfer;
import sc.fiji.neuralstyle.engine.WeightsLoader;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;

/**
 * Times style-transfer iterations of this project, the same work as bench/pytorch_reference.py:
 * VGG19 to relu5_1 (seeded weights), content relu4_2, style relu1_1..relu5_1, average pooling,
 * L-BFGS with history 10 and no line search, one loss evaluation per iteration. Prints
 * "java size=N ms_per_iteration=X" per size. Run through bench/run.sh.
 * <p>
 * Arguments: sizes (comma-separated, default 128,256), iterations (default 30).
 */
public final class IterationBenchmark {

	private IterationBenchmark() {}

	public static void main(String... args) {
		String sizes = args.length > 0 ? args[0] : "128,256";
		int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 30;
		DjlSetup.pytorch();
		WeightsLoader seeded = (model, override, keys, progress) -> new WeightsLoader.Weights(
			SeededWeights.forArchitecture(Architecture.parse(model.architecture())), "seeded weights");
		for (String s : sizes.split(",")) {
			int size = Integer.parseInt(s.trim());
			StyleSettings settings = Params.defaultSettings().toBuilder().network("vgg19").size(size).iterations(iterations)
				.init(Init.CONTENT).historySize(10).lineSearch(false).build();
			try (StyleTransfer transfer = StyleTransfer.open(settings, seeded, ProgressListener.NONE)) {
				StyleResult result = transfer.run(random(size, 1), random(size, 2), null, ProgressListener.NONE);
				List<LossRecord> losses = result.losses();
				// The first evaluations warm caches up; time the rest, as the Python side does.
				int warm = Math.min(5, losses.size() - 2);
				double ms = (double) (losses.get(losses.size() - 1).elapsedMs() - losses.get(warm).elapsedMs())
					/ (losses.size() - 1 - warm);
				System.out.printf(Locale.ROOT, "java size=%d ms_per_iteration=%.1f%n", size, ms);
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

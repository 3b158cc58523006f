package sc.fiji.neuralstyle.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

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
 * Times style-transfer iterations of each network with its default layers (what a user gets by
 * choosing only {@code network}), in the loop of {@link IterationBenchmark}: seeded weights, average
 * pooling, L-BFGS with history 10 and no line search, one loss evaluation per iteration, the first 5
 * evaluations not timed. Prints "network=N size=S ms_per_iteration=X" per run. Run through
 * bench/networks.sh.
 * <p>
 * Arguments: networks (comma-separated, default vgg19,vgg16,alexnet,squeezenet1_1,googlenet), sizes
 * (comma-separated, default 256,512), iterations (default 25).
 */
public final class NetworkBenchmark {

	private static final int UNTIMED = 5;

	private NetworkBenchmark() {}

	public static void main(String... args) {
		String networks = args.length > 0 ? args[0] : "vgg19,vgg16,alexnet,squeezenet1_1,googlenet";
		String sizes = args.length > 1 ? args[1] : "256,512";
		int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 25;
		DjlSetup.pytorch();
		WeightsLoader seeded = (model, override, keys, progress) -> new WeightsLoader.Weights(
			SeededWeights.forArchitecture(Architecture.parse(model.architecture())), "seeded weights");
		for (String s : sizes.split(",")) {
			int size = Integer.parseInt(s.trim());
			for (String network : networks.split(",")) {
				StyleSettings settings = Params.defaultSettings().toBuilder().network(network.trim()).size(size).iterations(iterations)
					.init(Init.CONTENT).historySize(10).lineSearch(false).build();
				try (StyleTransfer transfer = StyleTransfer.open(settings, seeded, ProgressListener.NONE)) {
					StyleResult result = transfer.run(random(size, 1), random(size, 2), null, ProgressListener.NONE);
					List<LossRecord> losses = result.losses();
					int warm = Math.min(UNTIMED, losses.size() - 2);
					double ms = (double) (losses.get(losses.size() - 1).elapsedMs() - losses.get(warm).elapsedMs())
						/ (losses.size() - 1 - warm);
					System.out.printf(Locale.ROOT, "network=%s size=%d ms_per_iteration=%.1f%n", network.trim(), size, ms);
				}
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

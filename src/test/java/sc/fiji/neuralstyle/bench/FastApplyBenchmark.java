package sc.fiji.neuralstyle.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.fast.FastStylizer;
import sc.fiji.neuralstyle.fast.TransformerNet;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.params.Params;

/**
 * Time per frame, applying a fast-style network against optimising at the defaults (issue 24), in one
 * process, the two alternating round after round at each size.
 * <ul>
 * <li><b>apply</b>: one forward pass of pytorch/examples' TransformerNet (seeded weights) over the whole
 * image, through {@link FastStylizer} as a run would call it (conversion to 0–255 and back included);</li>
 * <li><b>optimise</b>: the defaults' network, optimiser and layers (seeded weights) at that size. A frame
 * at the defaults takes minutes to hours here, so it is timed over {@code iterations} iterations after one
 * left out for warm-up (the engine's iterations are evaluations of the loss), and the frame's time is the median iteration's time × the defaults' iteration
 * count </li>
 * </ul>
 * Prints a line per round and size, then per size the medians and their ratio. Wall time on a machine
 * shared with nothing else is what a user waits; CPU time is printed beside it.
 * <p>
 * Arguments: sizes (comma-separated, default 256,512,1024), rounds (default 3), iterations timed
 * (default 3).
 */
public final class FastApplyBenchmark {

	private FastApplyBenchmark() {}

	public static void main(String... args) throws Exception {
		int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "256,512,1024").split(",")).mapToInt(s -> Integer.parseInt(
			s.trim())).toArray();
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
		int timed = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		DjlSetup.pytorch();
		StyleSettings defaults = Params.defaultSettings();
		int frameIterations = defaults.iterations();
		System.out.printf(Locale.ROOT, "defaults: network=%s optimizer=%s iterations=%d%n", defaults.network(),
			defaults.optimizer(), frameIterations);
		WeightsLoader seeded = (model, override, keys, progress) -> new WeightsLoader.Weights(SeededWeights
			.forArchitecture(Architecture.parse(model.architecture())), "seeded weights");
		double[][] apply = new double[sizes.length][rounds], optimise = new double[sizes.length][rounds];
		try (NDManager manager = NDManager.newBaseManager(); TransformerNet net = TransformerNet.initial(1, manager)) {
			FastStylizer stylizer = new FastStylizer(net);
			for (int r = 0; r < rounds; r++) {
				for (int s = 0; s < sizes.length; s++) {
					int size = sizes[s];
					FloatImage content = random(size, 1 + r);
					// One pass first in each round: the first pass at a size sets up oneDNN's kernels.
					stylize(stylizer, content, manager);
					long start = System.nanoTime();
					stylize(stylizer, content, manager);
					apply[s][r] = (System.nanoTime() - start) / 1e9;
					double perIteration = iterationSeconds(defaults.toBuilder().size(size).iterations(timed + 2).build(), seeded,
						content, random(size, 100 + r));
					optimise[s][r] = perIteration * frameIterations;
					System.out.printf(Locale.ROOT, "round=%d size=%d apply_s=%.3f optimise_iteration_s=%.2f optimise_frame_s=%.0f%n",
						r + 1, size, apply[s][r], perIteration, optimise[s][r]);
				}
			}
		}
		for (int s = 0; s < sizes.length; s++) {
			double a = median(apply[s]), o = median(optimise[s]);
			System.out.printf(Locale.ROOT, "summary size=%d apply_s=%.3f optimise_frame_s=%.0f ratio=%.0f%n", sizes[s], a, o,
				o / a);
		}
	}

	private static void stylize(FastStylizer stylizer, FloatImage content, NDManager manager) {
		try (NDManager scope = manager.newSubManager()) {
			stylizer.stylize(content, 0, scope);
		}
	}

	/** The median wall time of an iteration after the first, at these settings. */
	private static double iterationSeconds(StyleSettings settings, WeightsLoader seeded, FloatImage content, FloatImage style)
		throws java.io.IOException {
		try (StyleTransfer transfer = StyleTransfer.open(settings, seeded, ProgressListener.NONE)) {
			// The engine counts every evaluation of the loss as an iteration, from 0.
			long[] at = new long[settings.iterations()];
			ProgressListener clock = new ProgressListener() {
				@Override
				public void iteration(LossRecord record, int n, Supplier<FloatImage> preview) {
					if (record.iteration() < at.length) at[record.iteration()] = System.nanoTime();
				}
			};
			transfer.run(content, style, null, clock);
			// From the end of the first to the end of each later one: the first sets up the network's kernels.
			double[] each = new double[at.length - 2];
			for (int i = 0; i < each.length; i++) each[i] = (at[i + 2] - at[i + 1]) / 1e9;
			return median(each);
		}
	}

	private static double median(double[] values) {
		double[] v = values.clone();
		Arrays.sort(v);
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	private static FloatImage random(int size, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] data = new float[3 * size * size];
		for (int i = 0; i < data.length; i++) data[i] = (float) random.nextDouble();
		return new FloatImage(size, size, 3, data);
	}
}

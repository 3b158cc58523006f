package sc.fiji.neuralstyle.engine.terms.style;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.objective.Objectives;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.run.IterateAverage;
import sc.fiji.neuralstyle.engine.run.StartImages;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.StyleLossKind;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.TermInputs;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.optim.ImageOptimizer;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.optim.Optimizers;
import sc.fiji.neuralstyle.params.Params;

/**
 * Measurements of the style losses and run controls (bench/style_losses.sh), with VGG19's seeded
 * weights and its default layers:
 * <ul>
 * <li>{@code textures size iterations out style…}: texture synthesis from noise (content_weight 0)
 * with each style_loss; ms per iteration, and each result's style loss under every style_loss
 * (against the start's); results written to {@code out};</li>
 * <li>{@code time size iterations rounds content style}: ms per iteration of each style_loss on
 * a content image, the losses in turn, alternating order;</li>
 * <li>{@code average size iterations content style}: Adam with and without the average of the
 * iterates, the loss of what each would return every 10 iterations;</li>
 * <li>{@code stop size iterations content style}: a default (L-BFGS) run and where stop_tolerance
 * would have stopped it;</li>
 * <li>{@code directions size iterations style factor…}: texture synthesis with the sliced loss of
 * K = factor × N directions per layer; ms per iteration and the result's losses.</li>
 * </ul>
 */
public final class StyleLossProbe {

	private StyleLossProbe() {}

	static final double[] STYLE_WEIGHTS = { 1000, 100, 100 };

	static StyleSettings settings(int size, int iterations, StyleLossKind loss) {
		return Params.defaultSettings().toBuilder().network("vgg19").size(size).iterations(iterations).styleLoss(loss)
			.styleWeight(STYLE_WEIGHTS[loss.ordinal()]).build();
	}

	static FloatImage read(String file, int size) throws IOException {
		FloatImage image = sc.fiji.neuralstyle.image.FloatImages.of(ImageFiles.read(Path.of(file)));
		int[] wh = Resampler.fitLongestSide(image.width(), image.height(), size);
		return ColorTransfer.rgb(Resampler.resize(image, wh[0], wh[1]));
	}

	public static void main(String... args) throws IOException {
		DjlSetup.pytorch();
		switch (args[0]) {
			case "textures" -> textures(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]),
				List.of(args).subList(4, args.length));
			case "time" -> time(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4],
				args[5]);
			case "average" -> average(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], args[4]);
			case "stop" -> stop(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], args[4]);
			case "directions" -> directions(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3],
				List.of(args).subList(4, args.length));
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	private static void textures(int size, int iterations, Path out, List<String> styles) throws IOException {
		Files.createDirectories(out);
		for (String styleFile : styles) {
			FloatImage style = read(styleFile, size);
			FloatImage noise = StartImages.noise(size, size, 3, 0);
			String name = Path.of(styleFile).getFileName().toString().replaceAll("\\..*", "");
			double[] start = crossLosses(noise, style, size);
			System.out.printf(Locale.ROOT, "texture style=%s loss=start ms_per_iteration=0 gram=%.6g wasserstein=%.6g "
				+ "sliced=%.6g%n", name, start[0], start[1], start[2]);
			for (StyleLossKind loss : StyleLossKind.values()) {
				StyleSettings s = settings(size, iterations, loss).toBuilder().contentWeight(0).init(Init.NOISE).build();
				StyleResult result;
				try (StyleTransfer transfer = StyleTransfer.open(s, SeededLoader.INSTANCE, ProgressListener.NONE)) {
					result = transfer.run(noise, List.of(style), List.of(), null, ProgressListener.NONE);
				}
				List<LossRecord> log = result.losses();
				int warm = Math.min(5, log.size() - 2), last = log.size() - 1;
				double ms = (double) (log.get(last).elapsedMs() - log.get(warm).elapsedMs()) / (last - warm);
				double[] cross = crossLosses(result.image(), style, size);
				System.out.printf(Locale.ROOT, "texture style=%s loss=%s ms_per_iteration=%.1f gram=%.6g wasserstein=%.6g "
					+ "sliced=%.6g%n", name, loss.id(), ms, cross[0], cross[1], cross[2]);
				ImageFiles.write(ResultImages.create(result.image(), ImageFiles.read(Path.of(styleFile)), name + " " + loss.id()),
					out.resolve(name + "_" + loss.id() + ".png"));
			}
		}
	}

	/**
	 * Texture synthesis from noise with the sliced loss of K = factor × N directions (L-BFGS, as a
	 * run), driving the objective itself to choose K.
	 */
	private static void directions(int size, int iterations, String styleFile, List<String> factors) throws IOException {
		FloatImage style = read(styleFile, size);
		FloatImage noise = StartImages.noise(size, size, 3, 0);
		StyleSettings s = settings(size, iterations, StyleLossKind.SLICED).toBuilder().contentWeight(0).init(Init.NOISE).build();
		for (String f : factors) {
			double factor = Double.parseDouble(f);
			FloatImage result;
			long spent;
			try (NDManager manager = NDManager.newBaseManager();
				FeatureNetwork network = FeatureNetwork.create(Architecture.VGG19, Pooling.AVG,
					SeededWeights.forArchitecture(Architecture.VGG19), "seeded", manager);
				NDManager scope = manager.newSubManager())
			{
				TermInputs in = StyleObjective.inputs(network, ModelDescriptor.load("vgg19").preprocessing(), s,
					s.contentLayersUsed(), s.styleLayersUsed(), tensor(noise, scope),
					List.of(tensor(style, scope)), List.of(), scope, null, null, null);
				try (StyleObjective objective = new StyleObjective(DjlSetup.pytorch(), in,
					inputs -> List.of(new SlicedStyleTerm(inputs, factor)));
					ImageOptimizer lbfgs = Optimizers.lbfgs(1, 10, false, scope))
				{
					NDArray x = tensor(noise, scope);
					long t0 = System.nanoTime();
					for (int i = 0; i < iterations; i++) {
						lbfgs.step(x, (point, owner) -> {
							StyleObjective.Terms t = objective.evaluate(point, owner);
							return new sc.fiji.neuralstyle.optim.Evaluation(t.total(), t.gradient());
						}, 1);
					}
					spent = System.nanoTime() - t0;
					float[] data = x.toFloatArray();
					for (int i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, data[i]));
					result = new FloatImage(size, size, 3, data);
				}
			}
			double[] cross = crossLosses(result, style, size);
			System.out.printf(Locale.ROOT, "directions factor=%s ms_per_iteration=%.1f gram=%.6g wasserstein=%.6g "
				+ "sliced=%.6g%n", f, spent / 1e6 / iterations, cross[0], cross[1], cross[2]);
		}
	}

	/** The unweighted style loss of an image against a style under each style_loss (texture: no content). */
	static double[] crossLosses(FloatImage image, FloatImage style, int size) {
		double[] losses = new double[3];
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG19, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG19), "seeded", manager))
		{
			for (StyleLossKind loss : StyleLossKind.values()) {
				StyleSettings s = settings(size, 1, loss).toBuilder().contentWeight(0).styleWeight(1).build();
				try (NDManager scope = manager.newSubManager();
					StyleObjective objective = Objectives.of(DjlSetup.pytorch(), network,
						ModelDescriptor.load("vgg19").preprocessing(), s, s.contentLayersUsed(),
						s.styleLayersUsed(), tensor(image, scope), List.of(tensor(style, scope)), List.of(),
						scope))
				{
					losses[loss.ordinal()] = objective.loss(tensor(image, scope), scope).style();
				}
			}
		}
		return losses;
	}

	private static void time(int size, int iterations, int rounds, String contentFile, String styleFile) throws IOException {
		FloatImage content = read(contentFile, size), style = read(styleFile, size);
		List<StyleLossKind> order = new ArrayList<>(List.of(StyleLossKind.values()));
		for (int round = 0; round < rounds; round++) {
			for (StyleLossKind loss : order) {
				try (StyleTransfer transfer = StyleTransfer.open(settings(size, iterations, loss), SeededLoader.INSTANCE,
					ProgressListener.NONE))
				{
					List<LossRecord> log = transfer.run(content, List.of(style), List.of(), null, ProgressListener.NONE).losses();
					int warm = Math.min(2, log.size() - 2), last = log.size() - 1;
					double ms = (double) (log.get(last).elapsedMs() - log.get(warm).elapsedMs()) / (last - warm);
					System.out.printf(Locale.ROOT, "time size=%d loss=%s round=%d ms_per_iteration=%.1f%n", size, loss.id(), round,
						ms);
				}
			}
			java.util.Collections.reverse(order);
		}
	}

	/**
	 * Adam with and without the average: every 10 iterations the loss of what the run would return (the
	 * best iterate; the average, evaluated without gradient, its time not counted), and the time.
	 */
	private static void average(int size, int iterations, String contentFile, String styleFile) throws IOException {
		FloatImage content = read(contentFile, size), style = read(styleFile, size);
		StyleSettings s = settings(size, iterations, StyleLossKind.GRAM).toBuilder().optimizer(OptimizerKind.ADAM).build();
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG19, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG19), "seeded", manager))
		{
			for (double decay : new double[] { 0, 0.9, 0.99 }) {
				try (NDManager scope = manager.newSubManager();
					StyleObjective objective = Objectives.of(DjlSetup.pytorch(), network,
						ModelDescriptor.load("vgg19").preprocessing(), s, s.contentLayersUsed(),
						s.styleLayersUsed(), tensor(content, scope), List.of(tensor(style, scope)), List.of(),
						scope);
					ImageOptimizer adam = Optimizers.create(OptimizerKind.ADAM, s.effectiveLearningRate(), scope))
				{
					NDArray x = tensor(content, scope);
					IterateAverage average = decay > 0 ? new IterateAverage(x, decay, scope) : null;
					double[] best = { Double.POSITIVE_INFINITY };
					long spent = 0;
					for (int i = 1; i <= iterations; i++) {
						long t0 = System.nanoTime();
						adam.step(x, (point, owner) -> {
							StyleObjective.Terms t = objective.evaluate(point, owner);
							best[0] = Math.min(best[0], t.total());
							return new sc.fiji.neuralstyle.optim.Evaluation(t.total(), t.gradient());
						}, 1);
						if (average != null) average.update(x);
						spent += System.nanoTime() - t0;
						if (i % 10 == 0) {
							double returned = best[0];
							if (average != null) {
								try (NDManager a = scope.newSubManager()) {
									returned = objective.loss(average.get(a), a).total();
								}
							}
							System.out.printf(Locale.ROOT, "average size=%d decay=%s iteration=%d seconds=%.1f loss=%.6g%n", size,
								decay, i, spent / 1e9, returned);
						}
					}
				}
			}
		}
	}

	/** A default run, and where stop_tolerance (relative fall of the best loss over a window) would have stopped it. */
	private static void stop(int size, int iterations, String contentFile, String styleFile) throws IOException {
		FloatImage content = read(contentFile, size), style = read(styleFile, size);
		List<LossRecord> log;
		try (StyleTransfer transfer = StyleTransfer.open(settings(size, iterations, StyleLossKind.GRAM), SeededLoader.INSTANCE,
			ProgressListener.NONE))
		{
			log = transfer.run(content, List.of(style), List.of(), null, ProgressListener.NONE).losses();
		}
		double[] best = new double[log.size()];
		for (int i = 0; i < log.size(); i++) best[i] = Math.min(i == 0 ? Double.POSITIVE_INFINITY : best[i - 1], log.get(i).total());
		double last = best[best.length - 1];
		long total = log.get(log.size() - 1).elapsedMs();
		System.out.printf(Locale.ROOT, "stop size=%d tolerance=0 window=0 stopped_at=%d seconds=%.1f loss=%.6g%n", size,
			log.size(), total / 1e3, last);
		for (double tolerance : new double[] { 1e-4, 1e-3, 1e-2 }) {
			for (int window : new int[] { 20, 50 }) {
				int at = log.size();
				for (int n = window + 1; n <= log.size(); n++) {
					if ((best[n - 1 - window] - best[n - 1]) / best[n - 1 - window] < tolerance) {
						at = n;
						break;
					}
				}
				System.out.printf(Locale.ROOT, "stop size=%d tolerance=%s window=%d stopped_at=%d seconds=%.1f loss=%.6g "
					+ "loss_over_final=%.4f%n", size, tolerance, window, at, log.get(at - 1).elapsedMs() / 1e3, best[at - 1],
					best[at - 1] / last);
			}
		}
	}

	private static NDArray tensor(FloatImage image, NDManager manager) {
		return manager.create(image.data(), new Shape(1, image.channels(), image.height(), image.width()));
	}
}

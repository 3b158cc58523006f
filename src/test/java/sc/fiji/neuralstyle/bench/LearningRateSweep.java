package sc.fiji.neuralstyle.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.params.Params;

/**
 * How far Adam and SGD get with a given learning rate, in the study macro's setting (content start
 * image, α = 1, β = 1000, the network's default layers, average pooling) on shipped samples with
 * seeded weights: the data behind the optimisers' default learning rates (docs/parameters.md, "Choosing the
 * default learning rates"). Deterministic on the CPU; nothing is timed. Run through bench/learning_rates.sh.
 * <p>
 * Prints one line per run: the total loss at the start, after the first step and at the end, each
 * also as a ratio to the start; the highest loss of the run over the start (a blow-up); the lowest;
 * and how far the returned (best) image moved from the content, as the RMS of the pixel change in
 * grey levels of 255.
 * <p>
 * Arguments: networks (comma-separated), optimizers (comma-separated ids), learning rates
 * (comma-separated; 0 = the optimiser's default), size, iterations, pairs
 * (comma-separated content:style file names under samples/).
 */
public final class LearningRateSweep {

	private LearningRateSweep() {}

	public static void main(String... args) throws IOException {
		String networks = arg(args, 0, "vgg16,alexnet,squeezenet1_1,googlenet");
		String optimizers = arg(args, 1, "adam,sgd");
		String rates = arg(args, 2, "0");
		int size = Integer.parseInt(arg(args, 3, "128"));
		int iterations = Integer.parseInt(arg(args, 4, "40"));
		String pairs = arg(args, 5, "coffee.png:starry_night.jpg,chelsea.png:brick.png");
		DjlSetup.pytorch();
		WeightsLoader seeded = (model, override, keys, progress) -> new WeightsLoader.Weights(
			SeededWeights.forArchitecture(Architecture.parse(model.architecture())), "seeded weights");
		for (String pair : pairs.split(",")) {
			String[] names = pair.split(":");
			FloatImage content = read(names[0]);
			FloatImage style = read(names[1]);
			for (String network : networks.split(",")) {
				for (String optimizer : optimizers.split(",")) {
					for (String rate : rates.split(",")) {
						StyleSettings settings = Params.defaultSettings().toBuilder().network(network.trim())
							.optimizer(OptimizerKind.parse(optimizer)).learningRate(Double.parseDouble(rate))
							.size(size).iterations(iterations).init(Init.CONTENT).contentWeight(1).styleWeight(1000)
							.build();
						try (StyleTransfer transfer = StyleTransfer.open(settings, seeded, ProgressListener.NONE)) {
							StyleResult result = transfer.run(content, style, null, ProgressListener.NONE);
							print(pair, settings, result, content);
						}
					}
				}
			}
		}
	}

	private static void print(String pair, StyleSettings settings, StyleResult result, FloatImage content) {
		List<LossRecord> losses = result.losses();
		double start = losses.get(0).total();
		double first = losses.size() > 1 ? losses.get(1).total() : start;
		double last = losses.get(losses.size() - 1).total();
		double max = losses.stream().mapToDouble(LossRecord::total).max().orElseThrow();
		double min = losses.stream().mapToDouble(LossRecord::total).min().orElseThrow();
		FloatImage image = result.image();
		FloatImage reference = Resampler.resize(content, image.width(), image.height());
		double sum = 0;
		for (int i = 0; i < image.data().length; i++) {
			double d = image.data()[i] - reference.data()[i];
			sum += d * d;
		}
		double rms255 = 255 * Math.sqrt(sum / image.data().length);
		System.out.printf(Locale.ROOT,
			"pair=%s network=%s optimizer=%s lr=%s start=%.5g first=%.5g (x%.3f) last=%.5g (x%.3f) max=x%.3f min=x%.3f "
				+ "moved=%.2f/255 reason=%s%n",
			pair, settings.network(), settings.optimizer().id(), fmt(settings.effectiveLearningRate()), start, first,
			first / start, last, last / start, max / start, min / start, rms255, result.reason());
	}

	private static String fmt(double v) {
		return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+($|e)", "$1");
	}

	private static FloatImage read(String name) throws IOException {
		return FloatImages.of(ImageFiles.read(Path.of("samples", name)));
	}

	private static String arg(String[] args, int i, String fallback) {
		return args.length > i && !args[i].isBlank() ? args[i] : fallback;
	}
}

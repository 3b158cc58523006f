package sc.fiji.neuralstyle.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.params.Params;

/**
 * The first-order optimisers' default learning rates make visible progress without a blow-up in the
 * study macro's setting (content start image, α/β = 1e-3, the network's default layers) on the
 * shipped samples with seeded weights, for the two networks cheap enough to test here (the sweep of
 * docs/parameters.md covers VGG16 and GoogLeNet too): after 20 iterations at 64 px the total loss is below 0.95 of
 * the start, and no evaluation on the way lies above 1.2 of it. Adam's earlier default, 0.02, failed
 * here: its first step raised SqueezeNet's loss on chelsea and brick 6.4-fold. Deterministic on the CPU.
 */
@Tag("slow")
class DefaultLearningRatesTest {

	private static final WeightsLoader SEEDED = (model, override, keys, progress) -> new WeightsLoader.Weights(
		SeededWeights.forArchitecture(Architecture.parse(model.architecture())), "seeded test weights");

	/** The shipped samples by file name, read once. */
	private static final Map<String, FloatImage> SAMPLES = new HashMap<>();

	@BeforeAll
	static void engineAndSamples() throws IOException {
		DjlSetup.pytorch();
		for (String name : List.of("coffee.png", "starry_night.jpg", "chelsea.png", "brick.png")) {
			// Read as the command line reads them (and LearningRateSweep too).
			SAMPLES.put(name, FloatImages.of(ImageFiles.read(Path.of("samples", name))));
		}
	}

	@ParameterizedTest
	@CsvSource({ "alexnet, adam, coffee.png, starry_night.jpg", "alexnet, sgd, coffee.png, starry_night.jpg",
		"squeezenet1_1, adam, coffee.png, starry_night.jpg", "squeezenet1_1, sgd, coffee.png, starry_night.jpg",
		"alexnet, adam, chelsea.png, brick.png", "alexnet, sgd, chelsea.png, brick.png",
		"squeezenet1_1, adam, chelsea.png, brick.png", "squeezenet1_1, sgd, chelsea.png, brick.png" })
	void theDefaultMakesProgressWithoutABlowUp(String network, String optimizer, String content, String style) {
		StyleSettings settings = settings(network, OptimizerKind.parse(optimizer), 1, 1000);
		List<LossRecord> losses = run(settings, content, style);
		double start = losses.get(0).total();
		double highest = losses.stream().mapToDouble(LossRecord::total).max().orElseThrow();
		double last = losses.get(losses.size() - 1).total();
		String run = network + " with " + optimizer + " at learning rate " + settings.effectiveLearningRate() + " on "
			+ content + " and " + style + ": ";
		assertTrue(highest <= 1.2 * start, run + "the loss rose to " + highest / start + " of the start");
		assertTrue(last < 0.95 * start, run + "after 20 iterations the loss is still " + last / start + " of the start");
	}

	/**
	 * The same run with the loss 10⁴ times smaller (α and β both divided, so α/β and the optimum are
	 * the same) takes the same steps: the loss falls by the same fraction. A pretrained network's
	 * losses are far smaller than the seeded one's (0.084 for VGG16 in the issue, 268 here), and SGD
	 * without the normalisation, whose steps scale with the loss, then hardly moved.
	 */
	@ParameterizedTest
	@EnumSource(value = OptimizerKind.class, names = { "ADAM", "SGD" })
	void theDefaultsStepsDoNotDependOnTheLossScale(OptimizerKind optimizer) {
		List<LossRecord> usual = run(settings("alexnet", optimizer, 1, 1000), "coffee.png", "starry_night.jpg");
		List<LossRecord> small = run(settings("alexnet", optimizer, 1e-4, 0.1), "coffee.png", "starry_night.jpg");
		assertEquals(1e-4, small.get(0).total() / usual.get(0).total(), 1e-9, "the loss is 1e4 times smaller");
		double fallen = usual.get(usual.size() - 1).total() / usual.get(0).total();
		assertTrue(fallen < 0.95, optimizer + ": " + fallen);
		assertEquals(fallen, small.get(small.size() - 1).total() / small.get(0).total(), 1e-3,
			optimizer + ": the loss falls by the same fraction");
	}

	private static StyleSettings settings(String network, OptimizerKind optimizer, double alpha, double beta) {
		return Params.defaultSettings().toBuilder().network(network).optimizer(optimizer).learningRate(0).size(64)
			.iterations(20).init(Init.CONTENT).contentWeight(alpha).styleWeight(beta).build();
	}

	private static List<LossRecord> run(StyleSettings settings, String content, String style) {
		StyleResult result;
		try (StyleTransfer transfer = StyleTransfer.open(settings, SEEDED, ProgressListener.NONE)) {
			result = transfer.run(SAMPLES.get(content), SAMPLES.get(style), null, ProgressListener.NONE);
		}
		assertEquals(20, result.losses().size(), result.message());
		return result.losses();
	}
}

package sc.fiji.neuralstyle.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.objective.Objectives;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.plan.Stages;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleLossKind;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.LossTerm;
import sc.fiji.neuralstyle.engine.terms.style.RegionStyleLoss;
import sc.fiji.neuralstyle.engine.terms.style.StyleLossTermsTest;
import sc.fiji.neuralstyle.engine.tiles.Features;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Padding;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/** average, stop_tolerance, padding and the style losses in whole runs. */
class RunControlsTest {

	/** Values in [0.2, 0.8]: a few small steps stay inside [0, 1], where the result is not clipped. */
	private static final FloatImage CONTENT = soft(StyleTransferTest.random(40, 32, 3, 1));
	private static final FloatImage STYLE = StyleTransferTest.random(36, 36, 3, 2);

	@BeforeAll
	static void engine() {
		DjlSetup.pytorch();
	}

	private static FloatImage soft(FloatImage image) {
		float[] d = image.data().clone();
		for (int i = 0; i < d.length; i++) d[i] = 0.2f + 0.6f * d[i];
		return new FloatImage(image.width(), image.height(), image.channels(), d);
	}

	/** What a run said and showed. */
	static final class Heard implements ProgressListener {
		final List<String> status = new ArrayList<>();
		final List<LossRecord> records = new ArrayList<>();

		@Override
		public void status(String message) {
			status.add(message);
		}

		@Override
		public void iteration(LossRecord record, int iterations, Supplier<FloatImage> preview) {
			records.add(record);
		}
	}

	private static StyleResult run(StyleSettings settings, List<FloatImage> styles, List<FloatImage> masks, Heard heard) {
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			return transfer.run(CONTENT, styles, masks, null, heard);
		}
	}

	@Test
	void theAverageIsTheResultAndTheLogHasItsLoss() {
		StyleSettings settings = StyleTransferTest.small().init(Init.CONTENT).optimizer(OptimizerKind.ADAM)
			.learningRate(0.01).iterations(6).average(0.8).build();
		Heard heard = new Heard();
		StyleResult result = run(settings, List.of(STYLE), List.of(), heard);
		List<LossRecord> log = result.losses();
		assertEquals(7, log.size(), "six evaluations and the average's");
		assertEquals(6, heard.records.size(), "progress events for the optimiser's evaluations only");
		LossRecord last = log.get(6);
		assertEquals("average", last.note());
		assertEquals(6, result.bestIteration(), "the iteration of what is returned");
		assertTrue(result.message().startsWith("Done: 6 iterations; the result is the average of the iterates (loss "),
			result.message());

		// The logged loss is the returned image's (evaluated as the stage's objective evaluates it).
		StageImages stage = StageImages.of(settings, Stages.plan(40, 32, 40, 1, 6).get(0), CONTENT, List.of(STYLE), List.of(),
			null, null);
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG16, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG16), "seeded", manager);
			StyleObjective objective = Objectives.of(DjlSetup.pytorch(), network,
				ModelDescriptor.load("vgg16").preprocessing(), settings, LayerWeights.parse("relu3_2", "c"),
				LayerWeights.parse("relu1_1,relu2_1,relu3_1", "s"), StyleRun.tensor(stage.content(), manager),
				List.of(StyleRun.tensor(stage.styles().get(0), manager)), List.of(), manager))
		{
			double loss = objective.loss(StyleRun.tensor(result.image(), manager), manager).total();
			assertEquals(last.total(), loss, 1e-5 * loss, "the average row's loss is the result's");
		}
		// Without average the best iterate is the result, and it differs from the average.
		StyleResult plain = run(settings.toBuilder().average(0).build(), List.of(STYLE), List.of(), new Heard());
		assertEquals(6, plain.losses().size());
		assertTrue(plain.losses().stream().allMatch(r -> r.note().isEmpty()));
		assertNotEquals(Arrays.hashCode(plain.image().data()), Arrays.hashCode(result.image().data()));
	}

	@Test
	void stopToleranceStopsWhereTheLossLevelsOffAndSaysWhy() {
		StyleSettings settings = StyleTransferTest.small().iterations(40).stopTolerance(0.2).stopWindow(3).build();
		Heard heard = new Heard();
		StyleResult result = run(settings, List.of(STYLE), List.of(), heard);
		int done = result.losses().size();
		assertTrue(done < 40 && done > 3, "stopped early: " + done);
		LossRecord last = result.losses().get(done - 1);
		assertTrue(last.note().startsWith("stopped: the best loss fell by "), last.note());
		assertEquals(StopReason.CONVERGED, result.reason());
		assertTrue(result.message().startsWith("Stopped after " + done + " iterations: the best loss fell by"),
			result.message());
		assertTrue(heard.status.stream().anyMatch(s -> s.startsWith("Stopped after " + done)), heard.status.toString());
		// The stop is the rule's: the best loss of the last 3 iterations fell by less than 20 %.
		double before = Double.POSITIVE_INFINITY, now = Double.POSITIVE_INFINITY;
		for (int i = 0; i < done; i++) {
			now = Math.min(now, result.losses().get(i).total());
			if (i == done - 4) before = now;
		}
		assertTrue((before - now) / before < 0.2, before + " -> " + now);

		// A coarse scale that levels off hands over to the next; 0 runs every iteration.
		Heard scales = new Heard();
		StyleResult twoScales = run(settings.toBuilder().scales(2).stopTolerance(0.9).stopWindow(2).build(), List.of(STYLE),
			List.of(), scales);
		assertTrue(scales.status.stream().anyMatch(s -> s.startsWith("Scale 1 stopped improving after")), scales.status.toString());
		assertEquals(40, twoScales.losses().stream().mapToInt(LossRecord::scale).max().orElseThrow(), "the last scale ran");
		assertEquals(12, run(StyleTransferTest.small().build(), List.of(STYLE), List.of(), new Heard()).losses().size());
	}

	/** With normalised gradients the optimiser does not follow the loss: the result is the last iterate. */
	@Test
	void normalizedGradientsReturnTheLastIterate() {
		StyleSettings settings = StyleTransferTest.small().init(Init.CONTENT).iterations(8).normalizeGradients(true)
			.optimizer(OptimizerKind.ADAM).learningRate(0.01).contentWeight(5).styleWeight(100).build();
		StyleResult result = run(settings, List.of(STYLE), List.of(), new Heard());
		assertEquals(7, result.bestIteration(), result.message());
		assertTrue(result.message().startsWith("Done: 8 iterations; the result is the last iterate (iteration 7), loss "),
			result.message());
		assertTrue(result.losses().get(7).style() < result.losses().get(0).style(), "the style moved toward the target: "
			+ result.losses().stream().map(r -> r.content() + "/" + r.style()).toList());
	}

	@Test
	void replicatePaddingChangesTheEdges() {
		StyleSettings settings = StyleTransferTest.small().iterations(4).build();
		FloatImage zeros = run(settings, List.of(STYLE), List.of(), new Heard()).image();
		FloatImage replicate = run(settings.toBuilder().padding(Padding.REPLICATE).build(), List.of(STYLE), List.of(),
			new Heard()).image();
		double edge = 0, inside = 0;
		int w = 40, h = 32, edges = 0, insides = 0;
		for (int c = 0; c < 3; c++) {
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double d = Math.abs(zeros.get(c, y, x) - replicate.get(c, y, x));
					if (x == 0 || y == 0 || x == w - 1 || y == h - 1) { edge += d; edges++; } else { inside += d; insides++; }
				}
			}
		}
		assertTrue(edge / edges > inside / insides, "the padding changes the edges most: " + edge / edges + " vs "
			+ inside / insides);
	}

	/** Masked regions take their own style with the Wasserstein loss too. */
	@Test
	void wassersteinMaskedRegionsTakeTheirOwnStyle() {
		FloatImage stripes = stripes(36, 36);
		StyleSettings settings = StyleTransferTest.small().init(Init.CONTENT).contentWeight(0.01).styleWeight(100)
			.styleLoss(StyleLossKind.WASSERSTEIN).iterations(20).build();
		List<FloatImage> masks = List.of(StyleLossTermsTest.half(40, 32, true), StyleLossTermsTest.half(40, 32, false));
		FloatImage smooth = gradient(40, 32);
		FloatImage styled;
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			styled = transfer.run(smooth, List.of(STYLE, stripes), masks, null, ProgressListener.NONE).image();
		}
		List<LossTerm> terms = new ArrayList<>();
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG16, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG16), "seeded", manager);
			StyleObjective objective = Objectives.of(DjlSetup.pytorch(), network,
				ModelDescriptor.load("vgg16").preprocessing(), settings, LayerWeights.parse("relu3_2", "content"),
				LayerWeights.parse("relu1_1,relu2_1,relu3_1", "style"), tensor(smooth, manager),
				List.of(tensor(STYLE, manager), tensor(stripes, manager)), masks, manager, terms))
		{
			NDArray x = tensor(styled, manager);
			Features f = new Features(network, ModelDescriptor.load("vgg16").preprocessing(), settings.padding());
			double leftOwn = RegionStyleLoss.of(terms, f, x, 0, 0, manager);
			double leftOther = RegionStyleLoss.of(terms, f, x, 1, 0, manager);
			double rightOwn = RegionStyleLoss.of(terms, f, x, 1, 1, manager);
			double rightOther = RegionStyleLoss.of(terms, f, x, 0, 1, manager);
			assertTrue(leftOwn < leftOther, "left half nearer the noise: " + leftOwn + " vs " + leftOther);
			assertTrue(rightOwn < rightOther, "right half nearer the stripes: " + rightOwn + " vs " + rightOther);
		}
	}

	/** A smooth colour gradient, like neither style. */
	private static FloatImage gradient(int w, int h) {
		float[] data = new float[3 * w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				data[y * w + x] = (float) x / w;
				data[w * h + y * w + x] = (float) y / h;
				data[2 * w * h + y * w + x] = 0.5f;
			}
		}
		return new FloatImage(w, h, 3, data);
	}

	private static FloatImage stripes(int w, int h) {
		float[] data = new float[3 * w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				float v = (float) (0.5 + 0.5 * Math.sin(x / 3.0));
				data[y * w + x] = v;
				data[w * h + y * w + x] = 1 - v;
				data[2 * w * h + y * w + x] = 0.3f;
			}
		}
		return new FloatImage(w, h, 3, data);
	}

	private static NDArray tensor(FloatImage image, NDManager manager) {
		return manager.create(image.data(), new Shape(1, image.channels(), image.height(), image.width()));
	}
}

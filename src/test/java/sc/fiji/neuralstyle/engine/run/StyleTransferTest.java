package sc.fiji.neuralstyle.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/** Whole runs of the engine on tiny images with seeded VGG16 weights. */
public class StyleTransferTest {

	private static final FloatImage CONTENT = random(40, 32, 3, 1);
	private static final FloatImage STYLE = random(36, 36, 3, 2);

	@BeforeAll
	static void engine() {
		DjlSetup.pytorch();
	}

	public static FloatImage random(int width, int height, int channels, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] data = new float[width * height * channels];
		for (int i = 0; i < data.length; i++) data[i] = (float) random.nextDouble();
		return new FloatImage(width, height, channels, data);
	}

	public static StyleSettings.Builder small() {
		return Params.defaultSettings().toBuilder().network("vgg16").size(40).iterations(12).init(Init.NOISE)
			.contentLayers("relu3_2").styleLayers("relu1_1,relu2_1,relu3_1");
	}

	static StyleResult run(StyleSettings settings, FloatImage content, ProgressListener listener) {
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			return transfer.run(content, STYLE, null, listener);
		}
	}

	@ParameterizedTest
	@EnumSource(OptimizerKind.class)
	void everyOptimiserLowersTheLoss(OptimizerKind kind) {
		// The optimisers' mechanics with a step for this short run; DefaultLearningRatesTest holds the defaults.
		double rate = kind == OptimizerKind.LBFGS ? 0 : 0.02;
		StyleResult result = run(small().optimizer(kind).learningRate(rate).build(), CONTENT, ProgressListener.NONE);
		List<LossRecord> losses = result.losses();
		assertEquals(12, losses.size(), "one record per evaluation");
		assertEquals(0, losses.get(0).iteration());
		double best = losses.stream().mapToDouble(LossRecord::total).min().orElseThrow();
		assertTrue(best < 0.7 * losses.get(0).total(), kind + " lowered the loss from " + losses.get(0).total() + " only to " + best);
		assertEquals(best, losses.get(result.bestIteration()).total());
		assertEquals(StopReason.COMPLETED, result.reason());
	}

	@Test
	void outputHasTheRequestedSizeAndValuesInRange() {
		StyleResult result = run(small().size(24).iterations(3).build(), CONTENT, ProgressListener.NONE);
		assertEquals(24, result.image().width());
		assertEquals(19, result.image().height(), "40x32 scaled to a longest side of 24");
		for (float v : result.image().data()) assertTrue(v >= 0 && v <= 1);
	}

	@Test
	void grayContentGivesAGrayResult() {
		FloatImage gray = random(32, 32, 1, 5);
		StyleResult result = run(small().iterations(4).build(), gray, ProgressListener.NONE);
		assertEquals(1, result.image().channels());
		assertTrue(result.losses().get(3).total() < result.losses().get(0).total());
	}

	@Test
	void aSeedMakesRunsRepeatable() {
		FloatImage a = run(small().iterations(3).seed(7).build(), CONTENT, ProgressListener.NONE).image();
		FloatImage b = run(small().iterations(3).seed(7).build(), CONTENT, ProgressListener.NONE).image();
		FloatImage c = run(small().iterations(3).seed(8).build(), CONTENT, ProgressListener.NONE).image();
		assertArrayEquals(a.data(), b.data());
		assertNotEquals(a, c);
	}

	@Test
	void cancellingStopsWithinOneIterationAndKeepsTheBestImage() {
		List<LossRecord> seen = new ArrayList<>();
		ProgressListener cancelAtFive = new ProgressListener() {
			@Override
			public void iteration(LossRecord record, int iterations, Supplier<FloatImage> preview) {
				seen.add(record);
			}

			@Override
			public boolean isCancelled() {
				return seen.size() >= 5;
			}
		};
		StyleResult result = run(small().iterations(50).build(), CONTENT, cancelAtFive);
		assertEquals(StopReason.CANCELLED, result.reason());
		assertEquals(5, result.losses().size());
		assertTrue(result.message().contains("Cancelled"), result.message());
		assertEquals(CONTENT.width(), result.image().width());
	}

	@Test
	void cancellingBeforeTheFirstIterationReturnsTheStartImage() {
		ProgressListener cancelled = new ProgressListener() {
			@Override
			public boolean isCancelled() {
				return true;
			}
		};
		StyleResult result = run(small().init(Init.CONTENT).size(40).build(), CONTENT, cancelled);
		assertEquals(StopReason.CANCELLED, result.reason());
		assertEquals(0, result.losses().size());
		assertEquals(-1, result.bestIteration());
		assertArrayEquals(CONTENT.data(), result.image().data(), "the content at its own size is the start image");
		assertTrue(result.message().contains("start image"), result.message());
	}

	@Test
	void aDivergingRunStopsWithAMessageAndTheBestImage() {
		StyleResult result = run(small().optimizer(OptimizerKind.SGD).learningRate(1e30).iterations(30).build(), CONTENT,
			ProgressListener.NONE);
		assertEquals(StopReason.DIVERGED, result.reason());
		assertTrue(result.losses().size() < 30);
		assertTrue(result.message().contains("learning_rate"), result.message());
		assertEquals(0, result.bestIteration());
	}

	@Test
	void previewsShowTheEvaluatedImage() {
		List<FloatImage> previews = new ArrayList<>();
		run(small().iterations(3).build(), CONTENT, new ProgressListener() {
			@Override
			public void iteration(LossRecord record, int iterations, Supplier<FloatImage> preview) {
				previews.add(preview.get());
			}
		});
		assertEquals(3, previews.size());
		assertFalse(previews.get(0).equals(previews.get(2)), "the image changes between iterations");
	}
}

package sc.fiji.neuralstyle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.flow.PixelOffsets;
import sc.fiji.neuralstyle.flow.SyntheticSequence;
import sc.fiji.neuralstyle.flow.Warp;
import sc.fiji.neuralstyle.flow.WarpedImage;

/**
 * The temporal errors on sequences whose coherence is known: a texture at the scale of a pixel (as a
 * styled frame's) moved rigidly along the true motion, blurred as it moves, and left where it was.
 */
class CoherenceMetricsTest {

	private static final int SIZE = 64, FRAMES = 8;
	private static final SyntheticSequence SEQUENCE = SyntheticSequence.of(SyntheticSequence.Motion.OBJECT, SIZE,
		FRAMES);
	private static final CoherenceMetrics METRICS = new CoherenceMetrics(SEQUENCE);

	private static FloatImage texture() {
		Random random = new Random(3);
		float[] data = new float[3 * SIZE * SIZE];
		for (int i = 0; i < data.length; i++) data[i] = random.nextFloat();
		return new FloatImage(SIZE, SIZE, 3, data);
	}

	/** The texture moved along the true motion, by whole pixels or bilinearly; kept where nothing moves in. */
	private static List<FloatImage> moved(boolean wholePixels) {
		List<FloatImage> frames = new ArrayList<>(List.of(texture()));
		PixelOffsets offsets = PixelOffsets.none(SIZE, SIZE);
		for (int t = 1; t < FRAMES; t++) {
			FloatImage before = frames.get(t - 1);
			WarpedImage image;
			if (wholePixels) {
				Warp.Carried carried = Warp.carry(before.data(), 3, offsets, SEQUENCE.trueFlow(t, t - 1));
				offsets = carried.offsets();
				image = carried.image();
			} else {
				image = Warp.backward(before.data(), 3, SEQUENCE.trueFlow(t, t - 1));
			}
			frames.add(new FloatImage(SIZE, SIZE, 3, image.filledFrom(before.data())));
		}
		return frames;
	}

	private static double carried(List<FloatImage> frames) {
		return CoherenceMetrics.mean(METRICS.carriedErrors(frames), CoherenceMetrics.Errors::all);
	}

	private static double bilinear(List<FloatImage> frames) {
		return CoherenceMetrics.mean(METRICS.bilinearErrors(frames), CoherenceMetrics.Errors::all);
	}

	@Test
	void aTextureMovedRigidlyByWholePixelsHasNoCarriedErrorButTheBilinearErrorOfANewOne() {
		List<FloatImage> rigid = moved(true), still = new ArrayList<>();
		for (int t = 0; t < FRAMES; t++) still.add(texture());
		assertEquals(0, carried(rigid), "moved as the metric moves it");
		// A texture that stays where it was while the scene moves (the chain's).
		double stays = carried(still);
		assertTrue(stays > 0.05, "left behind: " + stays);
		// By the bilinear error the rigid texture is as bad as one left behind.
		assertTrue(bilinear(rigid) > 0.5 * bilinear(still), "bilinear: rigid " + bilinear(rigid) + ", left behind "
			+ bilinear(still));
	}

	@Test
	void aTextureBlurredAsItMovesHasNoBilinearErrorAndFades() {
		List<FloatImage> blurred = moved(false);
		assertEquals(0, bilinear(blurred), 1e-12, "moved as the bilinear error moves it");
		List<CoherenceMetrics.Frame> frames = METRICS.frames(blurred, moved(true));
		CoherenceMetrics.Frame last = frames.get(FRAMES - 1);
		assertTrue(last.fading() < 0.8, "the background's texture fades: " + last.fading());
		assertTrue(last.trail() < 0.8, "and the object's surroundings: " + last.trail());
	}
}

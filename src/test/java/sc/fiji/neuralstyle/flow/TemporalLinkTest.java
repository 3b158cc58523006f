package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.flow.SyntheticSequence.Motion;

class TemporalLinkTest {

	@Test
	void theEarlierFrameMovedByTheEstimatedFlowMatchesTheCurrentOneWhereTheWeightsTrustIt() {
		SyntheticSequence sequence = SyntheticSequence.of(Motion.OBJECT, 64, 5);
		float[] earlier = sequence.frame(0);
		float[] current = sequence.frame(4);
		TemporalLink link = TemporalLink.between(new OpticalFlow(), sequence.gray(4), sequence.gray(0));
		WarpedImage warped = link.move(earlier, 3, PixelOffsets.none(64, 64)).image();
		int n = 64 * 64;
		double weighted = 0;
		double weights = 0;
		double unwarped = 0;
		for (int i = 0; i < n; i++) {
			float c = link.weights().data()[i];
			if (c > 0) assertTrue(warped.valid()[i], "a weight where the warp has no value");
			for (int ch = 0; ch < 3; ch++) {
				weighted += c * Math.abs(warped.data()[ch * n + i] - current[ch * n + i]);
				unwarped += c * Math.abs(earlier[ch * n + i] - current[ch * n + i]);
			}
			weights += 3 * c;
		}
		weighted /= weights;
		unwarped /= weights;
		System.out.printf("weighted mean difference %.4f warped, %.4f not warped; mean weight %.3f%n", weighted, unwarped,
			link.weights().mean());
		// Measured: 0.0129 moved, 0.0374 not, mean weight 0.551 (64 px: the frame's edges, where the flow
		// leaves it, and the disc's surroundings are a large share).
		assertTrue(link.weights().mean() > 0.45, "much of the frame is trusted");
		assertTrue(weighted < 0.018, "moved: " + weighted);
		assertTrue(weighted < unwarped / 2.5, "not moved: " + unwarped);
	}

	@Test
	void aStillFrameIsTrustedEverywhereAndWarpsToItself() {
		SyntheticSequence sequence = SyntheticSequence.of(Motion.PAN, 32, 2);
		float[] frame = sequence.frame(0);
		TemporalLink link = TemporalLink.between(new OpticalFlow(), sequence.gray(0), sequence.gray(0));
		for (float c : link.weights().data()) assertEquals(1, c, 1e-6);
		TemporalLink.Moved moved = link.move(frame, 3, PixelOffsets.none(32, 32));
		assertEquals(1.0, moved.image().validFraction());
		assertArrayEquals(frame, moved.image().data(), 1e-4f);
		assertArrayEquals(link.weights().data(), moved.weights().data(), "nothing repeated");
	}

	@Test
	void theTwoFlowsComputedAtOnceAreTheFlowsComputedInTurn() {
		SyntheticSequence sequence = SyntheticSequence.of(Motion.OBJECT, 48, 2);
		TemporalLink inTurn = TemporalLink.between(new OpticalFlow(), sequence.gray(1), sequence.gray(0));
		TemporalLink atOnce = TemporalLink.between(new OpticalFlow(), new OpticalFlow(), sequence.gray(1),
			sequence.gray(0));
		assertArrayEquals(inTurn.backward().u(), atOnce.backward().u());
		assertArrayEquals(inTurn.forward().v(), atOnce.forward().v());
		assertArrayEquals(inTurn.weights().data(), atOnce.weights().data());
	}
}

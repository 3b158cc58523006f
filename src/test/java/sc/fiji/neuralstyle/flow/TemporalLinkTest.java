package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.flow.SyntheticSequence.Motion;

class TemporalLinkTest {

	@Test
	void theEarlierFrameWarpedByTheEstimatedFlowMatchesTheCurrentOneWhereTheWeightsTrustIt() {
		SyntheticSequence sequence = SyntheticSequence.of(Motion.OBJECT, 64, 3);
		float[] earlier = sequence.frame(0);
		float[] current = sequence.frame(2);
		TemporalLink link = TemporalLink.between(new OpticalFlow(), sequence.gray(2), sequence.gray(0));
		WarpedImage warped = link.warp(earlier, 3);
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
		assertTrue(link.weights().mean() > 0.6, "most of the frame is trusted");
		assertTrue(weighted < 0.015, "warped: " + weighted);
		assertTrue(weighted < unwarped / 3, "not warped: " + unwarped);
	}

	@Test
	void aStillFrameIsTrustedEverywhereAndWarpsToItself() {
		SyntheticSequence sequence = SyntheticSequence.of(Motion.PAN, 32, 2);
		float[] frame = sequence.frame(0);
		TemporalLink link = TemporalLink.between(new OpticalFlow(), sequence.gray(0), sequence.gray(0));
		for (float c : link.weights().data()) assertEquals(1, c, 1e-6);
		WarpedImage warped = link.warp(frame, 3);
		assertEquals(1.0, warped.validFraction());
		assertArrayEquals(frame, warped.data(), 1e-4f);
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

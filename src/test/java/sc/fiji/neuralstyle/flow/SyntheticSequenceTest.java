package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import sc.fiji.neuralstyle.flow.SyntheticSequence.Motion;

/** The sequences' true flow is what their frames show: the ground truth the flow tests rest on. */
class SyntheticSequenceTest {

	@ParameterizedTest
	@EnumSource(Motion.class)
	void warpingByTheTrueFlowTurnsOneFrameIntoTheNext(Motion motion) {
		SyntheticSequence sequence = SyntheticSequence.of(motion, 64, 3);
		float[] earlier = sequence.frame(0);
		float[] current = sequence.frame(2);
		FlowField truth = sequence.trueFlow(2, 0);
		boolean[] visible = sequence.visibleInBoth(2, 0);
		WarpedImage warped = Warp.backward(earlier, 3, truth);
		int n = 64 * 64;
		double moved = 0;
		double still = 0;
		int count = 0;
		for (int i = 0; i < n; i++) {
			if (!visible[i]) continue;
			assertTrue(warped.valid()[i]);
			for (int c = 0; c < 3; c++) {
				moved += Math.abs(warped.data()[c * n + i] - current[c * n + i]);
				still += Math.abs(earlier[c * n + i] - current[c * n + i]);
			}
			count += 3;
		}
		moved /= count;
		still /= count;
		System.out.printf("%s: mean difference %.4f after warping, %.4f before%n", motion, moved, still);
		// Bilinear warping of a sampled frame leaves about 0.01 (measured: 0.007 to 0.010); noise of
		// σ = 0.04 in each frame about 0.04 more.
		double allowed = motion == Motion.NOISE ? 0.06 : 0.015;
		assertTrue(moved < allowed, "warped by the true flow: " + moved);
		assertTrue(moved < still / 2, "the motion is real: " + still + " before warping");
	}

	@Test
	void aPanMovesEveryPixelAlike() {
		SyntheticSequence sequence = SyntheticSequence.of(Motion.PAN, 128, 3);
		FlowField truth = sequence.trueFlow(2, 1);
		for (int i = 0; i < truth.u().length; i++) {
			assertEquals(-1.25f, truth.u()[i], 1e-5f);
			assertEquals(-0.75f, truth.v()[i], 1e-5f);
		}
	}

	@Test
	void theObjectCoversAndUncoversTheBackground() {
		SyntheticSequence sequence = SyntheticSequence.of(Motion.OBJECT, 64, 5);
		boolean[] visible = sequence.visibleInBoth(4, 0);
		int hidden = 0;
		for (boolean b : visible) if (!b) hidden++;
		assertTrue(hidden > 20 && hidden < 64 * 64 / 4, hidden + " px of frame 4 are not in frame 0");
	}
}

package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import sc.fiji.neuralstyle.flow.SyntheticSequence.Motion;

/** The sequences' true flow is what their frames show: the ground truth the flow tests rest on. */
class SyntheticSequenceTest {

	@ParameterizedTest
	@EnumSource(value = Motion.class, names = "BLOB", mode = EnumSource.Mode.EXCLUDE)
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

	@ParameterizedTest
	@ValueSource(strings = {"OBJECT", "PAN"})
	void aLongSequenceBouncesBackAndStaysInsideItsImages(Motion motion) {
		// 100 frames: the disc crosses the frame and the pan its image's room several times.
		SyntheticSequence sequence = SyntheticSequence.of(motion, 64, 100);
		for (int t = 1; t < 100; t++) {
			boolean[] visible = sequence.visibleInBoth(t, t - 1);
			int shown = 0, onObject = 0;
			for (int i = 0; i < visible.length; i++) {
				if (visible[i]) shown++;
				if (sequence.onObject(i % 64, i / 64, t)) onObject++;
			}
			assertTrue(shown > 0.9 * visible.length, "frame " + t + ": " + shown + " px shown in the frame before");
			if (motion == Motion.OBJECT) {
				// The whole disc (radius 0.18 × 64 px) in every frame.
				assertEquals(Math.PI * Math.pow(0.18 * 64, 2), onObject, 12, "frame " + t);
			}
		}
		// The background (pixel 0) moves down at first, up later.
		boolean down = false, up = false;
		for (int t = 1; t < 100; t++) {
			float v = sequence.trueFlow(t - 1, t).v()[0];
			down |= v > 0;
			up |= v < 0;
		}
		assertTrue(down && up, "the background turned back");
	}

	@Test
	void theCellDriftsOverAStillBackgroundAndBrightens() {
		SyntheticSequence sequence = SyntheticSequence.of(Motion.BLOB, 64, 49);
		assertEquals(0.5, SyntheticSequence.brightness(0));
		assertEquals(1.0, SyntheticSequence.brightness(24));
		assertEquals(0.5, SyntheticSequence.brightness(48));
		int n = 64 * 64;
		float[] first = sequence.frame(0), brightest = sequence.frame(24);
		FlowField truth = sequence.trueFlow(24, 0);
		double cell0 = 0, cell24 = 0;
		int cells = 0;
		for (int i = 0; i < n; i++) {
			int x = i % 64, y = i / 64;
			boolean background = !sequence.onObject(x, y, 0) && !sequence.onObject(x, y, 24);
			if (background) assertEquals(first[i], brightest[i], 0f, "a still background at " + x + "," + y);
			// The cell's bright middle, 5 px about its centre in both frames.
			if (sequence.onObject(x, y, 24) && sequence.edgeDistance(x, y, 24) > 0.2 * 64 - 5) {
				cell24 += brightest[i];
				cell0 += first[Math.round(y + truth.v()[i]) * 64 + Math.round(x + truth.u()[i])];
				cells++;
			}
			if (sequence.onObject(x, y, 0) || background) continue;
			assertTrue(truth.u()[i] != 0 || truth.v()[i] != 0, "the cell moved");
		}
		assertTrue(cells > 20, cells + " px");
		assertTrue(cell24 / cells > cell0 / cells + 0.1, "brighter: " + cell24 / cells + " against " + cell0 / cells);
	}
}

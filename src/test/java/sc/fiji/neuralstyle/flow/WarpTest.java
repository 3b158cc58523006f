package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class WarpTest {

	private static final int W = 16, H = 12, CHANNELS = 3;

	private static float[] random(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] data = new float[CHANNELS * W * H];
		for (int i = 0; i < data.length; i++) data[i] = (float) random.nextDouble();
		return data;
	}

	@Test
	void anIntegerShiftIsExactAndMarksWhatLeavesTheFrame() {
		float[] earlier = random(1);
		WarpedImage warped = Warp.backward(earlier, CHANNELS, FlowField.uniform(W, H, 3, -2));
		int n = W * H;
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				int i = y * W + x;
				boolean inside = x + 3 <= W - 1 && y - 2 >= 0;
				assertEquals(inside, warped.valid()[i], "valid at " + x + "," + y);
				for (int c = 0; c < CHANNELS; c++) {
					float expected = inside ? earlier[c * n + (y - 2) * W + x + 3] : 0;
					// Exact: the same float, not merely close.
					assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(warped.data()[c * n + i]),
						"channel " + c + " at " + x + "," + y);
				}
			}
		}
		assertEquals((W - 3) * (H - 2) / (double) n, warped.validFraction(), 1e-12);
	}

	@Test
	void noMotionGivesTheFrameBackWholeAndValid() {
		float[] earlier = random(2);
		WarpedImage warped = Warp.backward(earlier, CHANNELS, FlowField.uniform(W, H, 0, 0));
		assertArrayEquals(earlier, warped.data());
		assertEquals(1.0, warped.validFraction());
	}

	@Test
	void aHalfPixelShiftAveragesNeighboursBilinearly() {
		float[] earlier = random(3);
		WarpedImage warped = Warp.backward(earlier, CHANNELS, FlowField.uniform(W, H, 0.5f, 0.5f));
		int n = W * H;
		for (int c = 0; c < CHANNELS; c++) {
			int p = c * n;
			float expected = (earlier[p + 2 * W + 4] + earlier[p + 2 * W + 5] + earlier[p + 3 * W + 4] + earlier[p + 3 * W + 5]) / 4;
			assertEquals(expected, warped.data()[p + 2 * W + 4], 1e-6);
		}
		// The last column's point x + 0.5 lies beyond the frame.
		assertFalse(warped.valid()[2 * W + W - 1]);
		assertTrue(warped.valid()[2 * W + W - 2]);
	}

	@Test
	void unknownFlowIsInvalidAndTheStartFillsWhatIsInvalid() {
		float[] earlier = random(4);
		FlowField flow = FlowField.uniform(W, H, -1, 0);
		flow.u()[5 * W + 7] = Float.NaN;
		flow.v()[5 * W + 7] = Float.NaN;
		WarpedImage warped = Warp.backward(earlier, CHANNELS, flow);
		assertFalse(warped.valid()[5 * W + 7], "unknown flow");
		assertFalse(warped.valid()[3 * W], "first column moved in from the left");
		float[] start = random(5);
		float[] filled = warped.filledFrom(start);
		int n = W * H;
		for (int c = 0; c < CHANNELS; c++) {
			assertEquals(start[c * n + 5 * W + 7], filled[c * n + 5 * W + 7]);
			assertEquals(start[c * n + 3 * W], filled[c * n + 3 * W]);
			assertEquals(earlier[c * n + 3 * W + 4], filled[c * n + 3 * W + 5]);
		}
	}
}

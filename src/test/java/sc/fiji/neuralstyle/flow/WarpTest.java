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

	@Test
	void carryingMovesWholePixelsAndKeepsTheRestForTheNextMove() {
		float[] earlier = random(4);
		// 0.625 px to the left per frame: the pixel taken is the nearest, the rest carried.
		FlowField flow = FlowField.uniform(W, H, 0.625f, 0);
		Warp.Carried first = Warp.carry(earlier, CHANNELS, PixelOffsets.none(W, H), flow);
		int n = W * H, i = 5 * W + 4;
		for (int c = 0; c < CHANNELS; c++) assertEquals(earlier[c * n + 5 * W + 5], first.image().data()[c * n + i]);
		assertEquals(0.375f, first.offsets().dx()[i], 1e-6f, "the texture sits 0.375 px right of where it belongs");
		// The second move starts from there: 0.625 + 0.625 = 1.25 px in all, so 1 px from the first frame.
		Warp.Carried second = Warp.carry(first.image().data(), CHANNELS, first.offsets(), flow);
		for (int c = 0; c < CHANNELS; c++) assertEquals(earlier[c * n + 5 * W + 5], second.image().data()[c * n + i]);
		assertEquals(-0.25f, second.offsets().dx()[i], 1e-6f);
	}

	@Test
	void aLongPanByCarriedWholePixelsNeitherBlursNorDrifts() {
		// 40 moves of (0.625, 0.3125) px back and forth: interpolation blurs the texture away; carried
		// pixels keep every value and stay within half a pixel of their true place.
		float[] start = random(5);
		float[] bilinear = start, carried = start;
		PixelOffsets offsets = PixelOffsets.none(W, H);
		for (int k = 0; k < 40; k++) {
			float sign = k % 2 == 0 ? 1 : -1;
			FlowField flow = FlowField.uniform(W, H, 0.625f * sign, 0.3125f * sign);
			bilinear = Warp.backward(bilinear, CHANNELS, flow).filledFrom(bilinear);
			Warp.Carried c = Warp.carry(carried, CHANNELS, offsets, flow);
			carried = c.image().filledFrom(carried);
			offsets = c.offsets();
		}
		// After an even number of moves the frame is back where it started.
		int n = W * H;
		for (int y = 3; y < H - 3; y++) {
			for (int x = 3; x < W - 3; x++) {
				for (int c = 0; c < CHANNELS; c++) {
					assertEquals(start[c * n + y * W + x], carried[c * n + y * W + x], "channel " + c + " at " + x + "," + y);
				}
				assertTrue(Math.abs(offsets.dx()[y * W + x]) <= 0.5f && Math.abs(offsets.dy()[y * W + x]) <= 0.5f);
			}
		}
		assertTrue(spread(bilinear) < 0.4 * spread(start), "interpolation blurs: " + spread(bilinear) + " of " + spread(start));
	}

	/** The standard deviation of the samples. */
	private static double spread(float[] data) {
		double sum = 0, squares = 0;
		for (float v : data) {
			sum += v;
			squares += v * v;
		}
		double mean = sum / data.length;
		return Math.sqrt(squares / data.length - mean * mean);
	}

	@Test
	void whereAMoveStretchesTheFrameTheNearestPixelKeepsItsSourceAndTheOthersAreRepeats() {
		// A zoom by 10 % about column 0: pixels 0..15 come from 0, 0.91, 1.82, …: some share a source.
		float[] u = new float[W * H];
		for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) u[y * W + x] = x / 1.1f - x;
		Warp.Carried carried = Warp.carry(random(6), CHANNELS, PixelOffsets.none(W, H), new FlowField(W, H, u, new float[W
			* H]));
		int repeats = 0;
		boolean[] taken = new boolean[W];
		for (int x = 0; x < W; x++) {
			int source = Math.round(x / 1.1f);
			if (carried.repeated()[3 * W + x]) {
				repeats++;
				assertTrue(taken[source], "a repeat at column " + x + " whose source " + source + " nobody kept");
			} else {
				assertFalse(taken[source], "two pixels keep column " + source);
				taken[source] = true;
			}
		}
		assertEquals(W - (Math.round((W - 1) / 1.1f) + 1), repeats, "one repeat per column gained");
	}
}

package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.flow.SyntheticSequence.Motion;

class ConsistencyWeightsTest {

	private static final int W = 40, H = 30;
	/** Pixels this far from the object (in either frame) and from the frame's edges count as elsewhere. */
	private static final int FAR = 8;

	@Test
	void flowsThatAgreeAreReliableExceptWhereTheyLeaveTheFrameAndAPixelBeside() {
		WeightMap weights = ConsistencyWeights.of(FlowField.uniform(W, H, -2, -1), FlowField.uniform(W, H, 2, 1));
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				// Columns 0, 1 and row 0 lead outside; the margin takes one more column and row.
				assertEquals(x >= 3 && y >= 2 ? 1 : 0, weights.get(x, y), x + "," + y);
			}
		}
	}

	@Test
	void aPixelIsTrustedOnlyWhereItAndItsEightNeighboursAreReliable() {
		// One disoccluded pixel (the flow back disagrees at (10, 10)) takes its 3 × 3 square with it.
		float[] back = new float[W * H];
		java.util.Arrays.fill(back, -1);
		back[10 * W + 11] = 2; // the backward flow (1, 0) of (10, 10) leads to (11, 10)
		WeightMap weights = ConsistencyWeights.of(FlowField.uniform(W, H, 1, 0), new FlowField(W, H, back, new float[W * H]));
		for (int y = 5; y < 15; y++) {
			for (int x = 5; x < 15; x++) {
				boolean square = Math.abs(x - 10) <= 1 && Math.abs(y - 10) <= 1;
				assertEquals(square ? 0 : 1, weights.get(x, y), x + "," + y);
			}
		}
	}

	@Test
	void theDisocclusionTestSwitchesAtTheReferenceThreshold() {
		// |w + ŵ|² against 0.01 (|w|² + |ŵ|²) + 0.5 with w = (1, 0) and ŵ = (−1 + d, 0).
		assertEquals(1f, interiorClass(-1 + 0.70f), "0.49 < 0.5109");
		assertEquals(-1f, interiorClass(-1 + 0.72f), "0.5184 >= 0.5108");
	}

	private static float interiorClass(float forwardU) {
		ConsistencyWeights.Classes classes = ConsistencyWeights.classify(FlowField.uniform(W, H, 1, 0),
			FlowField.uniform(W, H, forwardU, 0));
		return classes.raw()[10 * W + 10];
	}

	@Test
	void motionBoundariesAreWhereTheFlowChangesFasterThanItsSizeAllows() {
		// u = a x with the consistent flow back; |∇u|² = a² = 0.0025 against 0.01 u² + 0.002, so a
		// boundary for x ≤ 4 (u² < 0.05), reliable from x = 5 on. At x = 0 the mirrored border halves
		// the derivative (a²/4 below the threshold).
		float a = 0.05f;
		float[] u = new float[W * H];
		float[] back = new float[W * H];
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				u[y * W + x] = a * x;
				back[y * W + x] = -a * x / (1 + a);
			}
		}
		ConsistencyWeights.Classes classes = ConsistencyWeights.classify(new FlowField(W, H, u, new float[W * H]),
			new FlowField(W, H, back, new float[W * H]));
		float[] row = new float[8];
		for (int x = 0; x < row.length; x++) row[x] = classes.raw()[10 * W + x];
		assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 1, 1}, row);
	}

	@Test
	void aMovingObjectsDisoccludedBandAndBoundaryGetNoWeight() {
		// Frame 4 against frame 0 (a long-term link): the disc moved 3 px left, the background 1 px right.
		SyntheticSequence sequence = SyntheticSequence.of(Motion.OBJECT, 64, 5);
		int size = sequence.size();
		WeightMap truth = ConsistencyWeights.of(sequence.trueFlow(4, 0), sequence.trueFlow(0, 4));
		Regions regions = Regions.of(sequence, 4, 0);
		assertTrue(regions.disoccluded > 20, "the sequence has a disoccluded band: " + regions.disoccluded + " px");
		assertEquals(0, regions.max(truth, regions.band), "true flow: every disoccluded pixel");
		assertTrue(regions.max(truth, regions.boundary) < 0.5, "true flow: object boundary");
		assertTrue(regions.mean(truth, regions.interior) > 0.99, "true flow: elsewhere");

		// Measured when the bounds were set: 0.000 on the band, 0.000 on the boundary, 0.745 elsewhere (with
		// the reference's smoothing instead of the margin: 0.000, 0.065, 0.910).
		OpticalFlow flow = new OpticalFlow();
		TemporalLink link = TemporalLink.between(flow, sequence.gray(4), sequence.gray(0));
		WeightMap estimated = link.weights();
		double band = regions.mean(estimated, regions.band);
		double boundary = regions.mean(estimated, regions.boundary);
		double interior = regions.mean(estimated, regions.interior);
		System.out.printf("estimated flow at %d px: mean weight %.3f on the band, %.3f on the boundary, %.3f elsewhere%n",
			size, band, boundary, interior);
		assertTrue(band < 0.02, "estimated flow: the disoccluded band, mean weight " + band);
		assertTrue(boundary < 0.05, "estimated flow: the object's boundary, mean weight " + boundary);
		assertTrue(interior > 0.65, "estimated flow: elsewhere, mean weight " + interior);
	}

	/** Pixel sets of frame {@code current} against frame {@code earlier}. */
	private record Regions(boolean[] band, boolean[] boundary, boolean[] interior, int disoccluded) {

		static Regions of(SyntheticSequence sequence, int current, int earlier) {
			int size = sequence.size();
			FlowField flow = sequence.trueFlow(current, earlier);
			boolean[] visible = sequence.visibleInBoth(current, earlier);
			boolean[] band = new boolean[size * size];
			boolean[] boundary = new boolean[size * size];
			boolean[] interior = new boolean[size * size];
			int disoccluded = 0;
			for (int y = 0; y < size; y++) {
				for (int x = 0; x < size; x++) {
					int i = y * size + x;
					float bx = x + flow.u()[i];
					float by = y + flow.v()[i];
					boolean inside = bx >= 0 && by >= 0 && bx <= size - 1 && by <= size - 1;
					// Not visible in the earlier frame although its flow stays inside: covered by the object there.
					band[i] = inside && !visible[i];
					if (band[i]) disoccluded++;
					boolean edge = false;
					boolean onObject = sequence.onObject(x, y, current);
					for (int[] d : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
						if (sequence.onObject(x + d[0], y + d[1], current) != onObject) edge = true;
					}
					boundary[i] = edge && onObject && visible[i];
					boolean margin = x >= FAR && y >= FAR && x < size - FAR && y < size - FAR;
					interior[i] = visible[i] && margin && !near(x, y, sequence, current) && !near(x, y, sequence, earlier);
				}
			}
			return new Regions(band, boundary, interior, disoccluded);
		}

		/**
		 * Within {@link #FAR} px of the object in frame t. The flow's smoothness spreads the object's
		 * motion over a few pixels around it, which the check rightly marks as boundary.
		 */
		private static boolean near(int x, int y, SyntheticSequence sequence, int t) {
			for (int dy = -FAR; dy <= FAR; dy++) {
				for (int dx = -FAR; dx <= FAR; dx++) {
					if (sequence.onObject(x + dx, y + dy, t)) return true;
				}
			}
			return false;
		}

		double mean(WeightMap weights, boolean[] where) {
			double sum = 0;
			int count = 0;
			for (int i = 0; i < where.length; i++) {
				if (where[i]) {
					sum += weights.data()[i];
					count++;
				}
			}
			return sum / count;
		}

		float max(WeightMap weights, boolean[] where) {
			float max = 0;
			for (int i = 0; i < where.length; i++) if (where[i]) max = Math.max(max, weights.data()[i]);
			return max;
		}
	}
}

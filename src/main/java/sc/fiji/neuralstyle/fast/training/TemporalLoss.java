package sc.fiji.neuralstyle.fast.training;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.terms.LossFormulas;
import sc.fiji.neuralstyle.flow.FlowField;
import sc.fiji.neuralstyle.flow.WeightMap;

/**
 * An output-level temporal loss for training on consecutive frames (Ruder et al.'s term, as ReCoNet and
 * Huang et al. train with it): for a pair of frames t − 1, t cropped alike, with w the backward flow
 * of the content frames (t → t − 1) and c its consistency weights,
 * L_temporal = (1/D) Σ c ⊙ (y_t − ω(y_{t−1}))², D = pixels × channels, in [0, 1] units (y / 255),
 * averaged over the batch's pairs. ω is bilinear backward warping, as {@code flow.Warp} does it, written
 * as a gather of the four neighbours with fixed weights so that the gradient reaches both outputs. A
 * point whose flow is unknown or leads outside the crop has weight 0 (the earlier output exists only
 * inside the crop).
 */
final class TemporalLoss {

	private final double weight;

	TemporalLoss(double weight) {
		this.weight = weight;
	}

	double weight() {
		return weight;
	}

	/**
	 * The warps of one crop: for each pixel its four neighbours' positions in the earlier crop, their
	 * bilinear weights and the pixel's consistency weight.
	 */
	record Warp(int width, int height, long[] corners, float[] weights, float[] consistency) {

		/**
		 * The warp of a crop {@code [x0, x0 + width) × [y0, y0 + height)} of frames whose backward flow and
		 * consistency weights are given for the whole frame.
		 */
		static Warp of(FlowField backward, WeightMap weights, int x0, int y0, int width, int height) {
			int n = width * height;
			long[] corners = new long[4 * n];
			float[] w = new float[4 * n];
			float[] c = new float[n];
			for (int y = 0, i = 0; y < height; y++) {
				for (int x = 0; x < width; x++, i++) {
					int whole = (y0 + y) * backward.width() + x0 + x;
					for (int k = 0; k < 4; k++) corners[k * n + i] = i;
					if (!backward.known(whole)) continue;
					float bx = x + backward.u()[whole];
					float by = y + backward.v()[whole];
					if (!(bx >= 0 && by >= 0 && bx <= width - 1 && by <= height - 1)) continue;
					int x1 = (int) bx, y1 = (int) by;
					float ax = bx - x1, ay = by - y1;
					int x2 = Math.min(x1 + 1, width - 1), y2 = Math.min(y1 + 1, height - 1);
					corners[i] = (long) y1 * width + x1;
					corners[n + i] = (long) y1 * width + x2;
					corners[2 * n + i] = (long) y2 * width + x1;
					corners[3 * n + i] = (long) y2 * width + x2;
					w[i] = (1 - ax) * (1 - ay);
					w[n + i] = ax * (1 - ay);
					w[2 * n + i] = (1 - ax) * ay;
					w[3 * n + i] = ax * ay;
					c[i] = weights.get(x0 + x, y0 + y);
				}
			}
			return new Warp(width, height, corners, w, c);
		}
	}

	/** The warps of a batch's pairs as arrays: corners (B, 3, 4N), weights (B, 1, 4, N), consistency (B, 1, N). */
	record Pairs(NDArray corners, NDArray weights, NDArray consistency) {

		static Pairs of(List<Warp> warps, NDManager manager) {
			int b = warps.size();
			int n = warps.get(0).width() * warps.get(0).height();
			long[] corners = new long[b * 3 * 4 * n];
			float[] weights = new float[b * 4 * n];
			float[] consistency = new float[b * n];
			for (int p = 0; p < b; p++) {
				Warp w = warps.get(p);
				if (w.width() * w.height() != n) throw new IllegalArgumentException("The pairs' crops differ in size");
				for (int ch = 0; ch < 3; ch++) System.arraycopy(w.corners(), 0, corners, (p * 3 + ch) * 4 * n, 4 * n);
				System.arraycopy(w.weights(), 0, weights, p * 4 * n, 4 * n);
				System.arraycopy(w.consistency(), 0, consistency, p * n, n);
			}
			return new Pairs(manager.create(corners, new Shape(b, 3, 4L * n)), manager.create(weights, new Shape(b, 1, 4, n)),
				manager.create(consistency, new Shape(b, 1, n)));
		}

		int size() {
			return (int) consistency.getShape().get(0);
		}
	}

	/**
	 * The temporal loss of a batch of pairs, unweighted.
	 *
	 * @param y the transformer's outputs (2B, 3, H, W) in 0–255: the B earlier frames, then the B later
	 */
	NDArray of(NDArray y, Pairs pairs) {
		int b = pairs.size();
		Shape s = y.getShape();
		long n = s.get(2) * s.get(3);
		NDArray warped = warp(y.get(new NDIndex("0:{}", b)), pairs);
		NDArray later = y.get(new NDIndex("{}:{}", b, 2 * b));
		NDArray difference = later.sub(warped).mul(LossFormulas.constant(y, 1 / 255.0)).reshape(b, 3, n);
		NDArray weighted = difference.square().mul(pairs.consistency());
		return weighted.sum().mul(LossFormulas.constant(y, 1.0 / (3.0 * n * b)));
	}

	/** ω of the earlier outputs (B, 3, H, W): each pixel the bilinear blend of its four neighbours. */
	static NDArray warp(NDArray earlier, Pairs pairs) {
		Shape s = earlier.getShape();
		int b = pairs.size();
		long n = s.get(2) * s.get(3);
		NDArray neighbours = earlier.reshape(b, 3, n).gather(pairs.corners(), 2).reshape(b, 3, 4, n);
		return neighbours.mul(pairs.weights()).sum(new int[] { 2 }).reshape(s);
	}
}

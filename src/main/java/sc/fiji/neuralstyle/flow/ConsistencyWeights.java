package sc.fiji.neuralstyle.flow;

/**
 * The per-pixel weights c of the temporal loss for one pair of frames, from the flow w from the current
 * frame to the earlier one and the flow ŵ back. Each pixel is classed as Ruder, Dosovitskiy &amp; Brox's
 * {@code consistencyChecker} (manuelruder/artistic-videos, consistencyChecker.cpp) classes it:
 * <ul>
 * <li>reliable where the two flows agree;</li>
 * <li>disoccluded where ŵ at a + w(a) does not lead back to a, |w + ŵ|² ≥ 0.01 (|w|² + |ŵ|²) + 0.5;</li>
 * <li>a motion boundary where |∇u|² + |∇v|² &gt; 0.01 |w|² + 0.002, the gradients of w by central
 * differences (−½, 0, ½), borders mirrored (f(−1) = f(0)) as the reference's filters do;</li>
 * <li>outside where the flow is unknown or leads outside the earlier frame (up to the last column and
 * row, as {@link Warp} reads them).</li>
 * </ul>
 * The weight is then 1 where a pixel and its eight neighbours are all reliable, else 0. The reference
 * instead smooths the classes (a Gaussian of σ 0.8 over 1, 0 and −1) and clips, which leaves weights
 * between 0 and 1 beside every boundary and disocclusion; at this project's temporal weight (chosen
 * where the temporal error stops falling) even a weight of a few hundredths holds a pixel to the
 * warped earlier frame, so those pixels, whose flow is the least sure (Horn–Schunck spreads a moving
 * object's motion over its surroundings), kept texture dragged from the wrong place. Styled with
 * {@link Warp#carry} (bench/coherence.sh, 24 frames at 96 px, docs/benchmarks.md "Temporal
 * coherence"), the texture about a disc moving over a pan stays within 0.93–1.03 of the frames
 * styled alone with the margin; trusting more (the motion-boundary test at 0.02 instead of 0.002,
 * or none) gives 1.00–1.17 and 1.00–1.36 and a larger temporal error, as rounding a noisy flow
 * shuffles the texture. At 96 px the boundary test flags about a fifth of the pixels of
 * Horn–Schunck's flow on that sequence, and the weights trust 51–59 % of each frame.
 */
public final class ConsistencyWeights {

	/** Disocclusion test: |w + ŵ|² ≥ RELATIVE (|w|² + |ŵ|²) + ABSOLUTE. */
	static final double DISOCCLUSION_RELATIVE = 0.01, DISOCCLUSION_ABSOLUTE = 0.5;
	/** Motion boundary test: |∇u|² + |∇v|² &gt; RELATIVE |w|² + ABSOLUTE. */
	static final double BOUNDARY_RELATIVE = 0.01, BOUNDARY_ABSOLUTE = 0.002;
	/** A weight is 1 only where every pixel this far (a square) is reliable. */
	static final int MARGIN = 1;

	private static final float RELIABLE = 1, BOUNDARY = 0, DISOCCLUDED = -1;

	private ConsistencyWeights() {
		// static utility
	}

	/**
	 * The weights of the current frame's pixels.
	 *
	 * @param backward flow from the current frame to the earlier one (the one the earlier frame is
	 *        warped with)
	 * @param forward flow from the earlier frame to the current one
	 */
	public static WeightMap of(FlowField backward, FlowField forward) {
		Classes classes = classify(backward, forward);
		int w = backward.width();
		int h = backward.height();
		float[] weights = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				weights[y * w + x] = reliableAround(classes.raw, w, h, x, y) ? 1 : 0;
			}
		}
		return new WeightMap(w, h, weights);
	}

	/** Whether every pixel within {@link #MARGIN} of (x, y) that the frame has is reliable. */
	private static boolean reliableAround(float[] raw, int w, int h, int x, int y) {
		for (int yy = Math.max(0, y - MARGIN); yy <= Math.min(h - 1, y + MARGIN); yy++) {
			for (int xx = Math.max(0, x - MARGIN); xx <= Math.min(w - 1, x + MARGIN); xx++) {
				if (raw[yy * w + xx] != RELIABLE) return false;
			}
		}
		return true;
	}

	/**
	 * Each pixel's class.
	 *
	 * @param raw 1 reliable, 0 motion boundary or outside, −1 disoccluded
	 */
	record Classes(float[] raw) {}

	/** The reference's {@code checkConsistency}: each pixel's class. */
	static Classes classify(FlowField backward, FlowField forward) {
		int w = backward.width();
		int h = backward.height();
		Grid.same(w, h, forward.width(), forward.height(), "The backward and forward flows");
		float[] boundary = motionEdges(backward);
		float[] raw = new float[w * h];
		float[] fu = forward.u();
		float[] fv = forward.v();
		for (int y = 0, i = 0; y < h; y++) {
			for (int x = 0; x < w; x++, i++) {
				float u = backward.u()[i];
				float v = backward.v()[i];
				float bx = x + u;
				float by = y + v;
				if (!Warp.inside(bx, by, w, h)) {
					raw[i] = BOUNDARY;
					continue;
				}
				int x1 = (int) bx;
				int y1 = (int) by;
				int x2 = Math.min(x1 + 1, w - 1);
				int y2 = Math.min(y1 + 1, h - 1);
				float ax = bx - x1;
				float ay = by - y1;
				float bu = Warp.bilinear(fu, 0, w, x1, y1, x2, y2, ax, ay);
				float bv = Warp.bilinear(fv, 0, w, x1, y1, x2, y2, ax, ay);
				double du = u + bu;
				double dv = v + bv;
				double own = (double) u * u + (double) v * v;
				double back = (double) bu * bu + (double) bv * bv;
				// NaN (an unknown flow back) fails the '<' and counts as a disocclusion.
				if (!(du * du + dv * dv < DISOCCLUSION_RELATIVE * (own + back) + DISOCCLUSION_ABSOLUTE)) {
					raw[i] = DISOCCLUDED;
				} else if (!(boundary[i] <= BOUNDARY_RELATIVE * own + BOUNDARY_ABSOLUTE)) {
					// (NaN, beside an unknown flow, counts as a boundary too.)
					raw[i] = BOUNDARY;
				} else {
					raw[i] = RELIABLE;
				}
			}
		}
		return new Classes(raw);
	}

	/** |∇u|² + |∇v|² of a flow, by central differences with mirrored borders (the reference's CDerivative(3)). */
	static float[] motionEdges(FlowField flow) {
		int w = flow.width();
		int h = flow.height();
		float[] central = {-0.5f, 0, 0.5f};
		float[] sum = new float[w * h];
		for (float[] component : new float[][] {flow.u(), flow.v()}) {
			float[] dx = Mirrored.horizontal(component, w, h, central);
			float[] dy = Mirrored.vertical(component, w, h, central);
			for (int i = 0; i < sum.length; i++) sum[i] += dx[i] * dx[i] + dy[i] * dy[i];
		}
		return sum;
	}

}

package sc.fiji.neuralstyle.flow;

/**
 * The per-pixel weights c of the temporal loss for one pair of frames, as Ruder, Dosovitskiy &amp;
 * Brox's {@code consistencyChecker} (manuelruder/artistic-videos, consistencyChecker.cpp) computes
 * them from the flow w from the current frame to the earlier one and the flow ŵ back:
 * <ul>
 * <li>1 where the two flows agree;</li>
 * <li>disocclusions, −1 before smoothing: where ŵ at a + w(a) does not lead back to a,
 * |w + ŵ|² ≥ 0.01 (|w|² + |ŵ|²) + 0.5;</li>
 * <li>motion boundaries, 0: |∇u|² + |∇v|² &gt; 0.01 |w|² + 0.002, the gradients of w by central
 * differences (−½, 0, ½);</li>
 * <li>then a Gaussian smoothing (σ = 0.8, truncated at 2σ: 5 taps), which, because disocclusions
 * are negative, widens them by about a pixel (the reference's dilation), and a clip to [0, 1].</li>
 * </ul>
 * Borders are mirrored for the derivatives and the smoothing (f(−1) = f(0)), as the reference's
 * filters do. Two deliberate differences, both making the weights stricter where the warped frame has
 * nothing to offer: a pixel whose flow is unknown or leads outside the earlier frame ends at 0 even
 * after smoothing (the reference gives it 0 before smoothing, lets the smoothing lift it, and fills its
 * warped value with the network's mean colour), and a pixel counts as inside up to the last column
 * and row (the reference's bilinear lookup needs one more), as {@link Warp} does.
 */
public final class ConsistencyWeights {

	/** Disocclusion test: |w + ŵ|² ≥ RELATIVE (|w|² + |ŵ|²) + ABSOLUTE. */
	static final double DISOCCLUSION_RELATIVE = 0.01, DISOCCLUSION_ABSOLUTE = 0.5;
	/** Motion boundary test: |∇u|² + |∇v|² &gt; RELATIVE |w|² + ABSOLUTE. */
	static final double BOUNDARY_RELATIVE = 0.01, BOUNDARY_ABSOLUTE = 0.002;
	/** The reference's SMOOTH_STRENGH and its filter's precision (the kernel's half-width in σ). */
	static final double SMOOTH_SIGMA = 0.8, SMOOTH_PRECISION = 2;

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
		float[] smooth = Mirrored.separable(classes.raw, w, h, gaussian(SMOOTH_SIGMA, SMOOTH_PRECISION));
		for (int i = 0; i < smooth.length; i++) {
			smooth[i] = classes.outside[i] ? 0 : Math.max(0, Math.min(1, smooth[i]));
		}
		return new WeightMap(w, h, smooth);
	}

	/**
	 * Each pixel's class before smoothing.
	 *
	 * @param raw 1 reliable, 0 motion boundary or outside, −1 disoccluded
	 * @param outside whether the backward flow is unknown or leads outside the earlier frame
	 */
	record Classes(float[] raw, boolean[] outside) {}

	/** The reference's {@code checkConsistency}: each pixel's class. */
	static Classes classify(FlowField backward, FlowField forward) {
		int w = backward.width();
		int h = backward.height();
		Grid.same(w, h, forward.width(), forward.height(), "The backward and forward flows");
		float[] boundary = motionEdges(backward);
		float[] raw = new float[w * h];
		boolean[] outside = new boolean[w * h];
		float[] fu = forward.u();
		float[] fv = forward.v();
		for (int y = 0, i = 0; y < h; y++) {
			for (int x = 0; x < w; x++, i++) {
				float u = backward.u()[i];
				float v = backward.v()[i];
				float bx = x + u;
				float by = y + v;
				if (!Warp.inside(bx, by, w, h)) {
					outside[i] = true;
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
		return new Classes(raw, outside);
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

	/** The reference's CSmooth: exp(−i²/2σ²) for |i| ≤ ⌈precision σ⌉, normalised to sum 1. */
	static float[] gaussian(double sigma, double precision) {
		int radius = (int) Math.ceil(precision * sigma);
		float[] kernel = new float[2 * radius + 1];
		double sum = 0;
		for (int i = -radius; i <= radius; i++) {
			double value = Math.exp(-i * i / (2 * sigma * sigma));
			kernel[i + radius] = (float) value;
			sum += value;
		}
		for (int i = 0; i < kernel.length; i++) kernel[i] = (float) (kernel[i] / sum);
		return kernel;
	}
}

package sc.fiji.neuralstyle.flow;

/**
 * Bilinear backward warping: the current frame's pixel a takes the earlier frame's value at a + w(a),
 * w the flow from the current frame to the earlier one (Ruder et al.'s ω). A pixel whose flow is
 * unknown or leads outside the earlier frame is invalid.
 */
public final class Warp {

	private Warp() {
		// static utility
	}

	/**
	 * Moves an earlier frame onto the current one.
	 *
	 * @param earlier planar samples of the earlier frame, {@code channels} planes of the flow's size
	 * @param channels number of planes in {@code earlier}
	 * @param flow from the current frame to the earlier one
	 */
	public static WarpedImage backward(float[] earlier, int channels, FlowField flow) {
		int w = flow.width();
		int h = flow.height();
		int n = w * h;
		if (channels <= 0 || earlier.length != (long) channels * n) {
			throw new IllegalArgumentException("Expected " + channels + " planes of " + w + "x" + h + ", got "
				+ earlier.length + " samples");
		}
		float[] out = new float[earlier.length];
		boolean[] valid = new boolean[n];
		for (int y = 0, i = 0; y < h; y++) {
			for (int x = 0; x < w; x++, i++) {
				float bx = x + flow.u()[i];
				float by = y + flow.v()[i];
				if (!inside(bx, by, w, h)) continue;
				valid[i] = true;
				int x1 = (int) bx;
				int y1 = (int) by;
				float ax = bx - x1;
				float ay = by - y1;
				// At the last column or row the weight of the next one is 0: read the same pixel twice.
				int x2 = Math.min(x1 + 1, w - 1);
				int y2 = Math.min(y1 + 1, h - 1);
				for (int c = 0; c < channels; c++) {
					int p = c * n;
					out[p + i] = bilinear(earlier, p, w, x1, y1, x2, y2, ax, ay);
				}
			}
		}
		return new WarpedImage(w, h, channels, out, valid);
	}

	/**
	 * Whether a point lies where a w × h frame can be interpolated: 0 ≤ x ≤ w − 1 and 0 ≤ y ≤ h − 1
	 * (false for NaN).
	 */
	static boolean inside(float x, float y, int w, int h) {
		return x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1;
	}

	/** The bilinear value at (x1 + ax, y1 + ay) of the plane at {@code offset}; an exact sample when ax = ay = 0. */
	static float bilinear(float[] data, int offset, int w, int x1, int y1, int x2, int y2, float ax, float ay) {
		float top = (1 - ax) * data[offset + y1 * w + x1] + ax * data[offset + y1 * w + x2];
		float bottom = (1 - ax) * data[offset + y2 * w + x1] + ax * data[offset + y2 * w + x2];
		return (1 - ay) * top + ay * bottom;
	}
}

package sc.fiji.neuralstyle.flow;

/**
 * Backward warping: the current frame's pixel a takes the earlier frame's value at a + w(a), w the flow
 * from the current frame to the earlier one (Ruder et al.'s ω). A pixel whose flow is unknown or leads
 * outside the earlier frame is invalid.
 * <p>
 * Two ways: {@link #backward} interpolates bilinearly (for images that are moved once: a measurement
 * against the true motion); {@link #carry} takes the nearest pixel and carries the sub-pixel rest
 * along ({@link PixelOffsets}), for styled frames, which are moved again and again: interpolation
 * blurs, and a styled texture's detail is at the scale of a pixel. Measured on independent pixels,
 * one bilinear move by (0.625, 0.3125) px keeps 35 % of the mean |Laplacian|, ten moves 2 %.
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
	 * Moves an earlier styled frame onto the current one without interpolating: pixel a takes the
	 * earlier pixel q nearest to where its texture is, a + w(a) less the offset of the texture there,
	 * and its new offset is how far q's texture is from a + w(a) (within about half a pixel). A pan thus
	 * moves the texture by whole pixels, each frame by the one that keeps it closest to the content,
	 * and never blurs it. Where the flow stretches the frame, several pixels find the same q: the one
	 * nearest keeps it, the others are marked {@code repeated} (the frame has grown there, as where
	 * something comes into view: style them afresh).
	 *
	 * @param earlier planar samples of the earlier styled frame, {@code channels} planes of the flow's size
	 * @param offsets where the earlier frame's texture sits ({@link PixelOffsets#none} for a frame styled
	 *        from its content)
	 * @param flow from the current frame to the earlier one
	 */
	public static Carried carry(float[] earlier, int channels, PixelOffsets offsets, FlowField flow) {
		int w = flow.width(), h = flow.height(), n = w * h;
		if (channels <= 0 || earlier.length != (long) channels * n) {
			throw new IllegalArgumentException("Expected " + channels + " planes of " + w + "x" + h + ", got "
				+ earlier.length + " samples");
		}
		Grid.same(w, h, offsets.width(), offsets.height(), "The flow and the offsets");
		float[] out = new float[earlier.length], dx = new float[n], dy = new float[n];
		boolean[] valid = new boolean[n];
		int[] source = new int[n];
		for (int y = 0, i = 0; y < h; y++) {
			for (int x = 0; x < w; x++, i++) {
				source[i] = -1;
				float px = x + flow.u()[i], py = y + flow.v()[i];
				if (!inside(px, py, w, h)) continue;
				// The offset near p tells which pixel's texture is at p.
				int near = Math.round(py) * w + Math.round(px);
				int qx = Math.round(px - offsets.dx()[near]), qy = Math.round(py - offsets.dy()[near]);
				if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
				int q = qy * w + qx;
				valid[i] = true;
				source[i] = q;
				dx[i] = qx + offsets.dx()[q] - px;
				dy[i] = qy + offsets.dy()[q] - py;
				for (int c = 0; c < channels; c++) out[c * n + i] = earlier[c * n + q];
			}
		}
		return new Carried(new WarpedImage(w, h, channels, out, valid), new PixelOffsets(w, h, dx, dy), repeated(source,
			dx, dy));
	}

	/**
	 * A styled frame moved by {@link #carry}.
	 *
	 * @param image the moved frame
	 * @param offsets where its texture sits
	 * @param repeated per pixel: it took an earlier pixel that a pixel nearer to it took too
	 */
	public record Carried(WarpedImage image, PixelOffsets offsets, boolean[] repeated) {}

	/** Of the pixels that took one source pixel, all but the nearest to it (the first of equals). */
	private static boolean[] repeated(int[] source, float[] dx, float[] dy) {
		int n = source.length;
		float[] nearest = new float[n];
		java.util.Arrays.fill(nearest, Float.POSITIVE_INFINITY);
		for (int i = 0; i < n; i++) {
			if (source[i] >= 0) nearest[source[i]] = Math.min(nearest[source[i]], dx[i] * dx[i] + dy[i] * dy[i]);
		}
		boolean[] repeated = new boolean[n], taken = new boolean[n];
		for (int i = 0; i < n; i++) {
			int q = source[i];
			if (q < 0) continue;
			if (taken[q] || dx[i] * dx[i] + dy[i] * dy[i] > nearest[q]) repeated[i] = true;
			else taken[q] = true;
		}
		return repeated;
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

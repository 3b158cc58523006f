package sc.fiji.neuralstyle.flow;

/**
 * One-dimensional filters (odd length, centred) along the rows or columns of a plane, the border
 * mirrored as the reference's filters do: f(−1) = f(0), f(−2) = f(1), f(w) = f(w − 1).
 * <p>
 * Written here rather than taken from BoofCV because the weights must match the reference's border
 * rule, which none of BoofCV's border types (reflect: f(−1) = f(1); extended; wrap) is.
 */
final class Mirrored {

	private Mirrored() {
		// static utility
	}

	/** Correlation along each row: out(x) = Σ_k kernel[k] f(x + k − r). */
	static float[] horizontal(float[] plane, int w, int h, float[] kernel) {
		int r = kernel.length / 2;
		float[] out = new float[plane.length];
		for (int y = 0; y < h; y++) {
			int row = y * w;
			for (int x = 0; x < w; x++) {
				float sum = 0;
				for (int k = 0; k < kernel.length; k++) sum += kernel[k] * plane[row + mirror(x + k - r, w)];
				out[row + x] = sum;
			}
		}
		return out;
	}

	/** Correlation along each column: out(y) = Σ_k kernel[k] f(y + k − r). */
	static float[] vertical(float[] plane, int w, int h, float[] kernel) {
		int r = kernel.length / 2;
		float[] out = new float[plane.length];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				float sum = 0;
				for (int k = 0; k < kernel.length; k++) sum += kernel[k] * plane[mirror(y + k - r, h) * w + x];
				out[y * w + x] = sum;
			}
		}
		return out;
	}

	/** Index i of a line of n samples, mirrored about its ends (half-sample symmetric). */
	static int mirror(int i, int n) {
		int period = 2 * n;
		int j = Math.floorMod(i, period);
		return j < n ? j : period - 1 - j;
	}
}

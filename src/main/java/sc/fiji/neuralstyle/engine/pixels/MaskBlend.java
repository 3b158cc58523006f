package sc.fiji.neuralstyle.engine.pixels;

import java.util.List;

/**
 * Spatial control's last step: outside every mask the result keeps the content. The union of the
 * masks (their maximum) is softened by a Gaussian of σ = 1/128 of the longest side (4 px at 512
 * px), so the result goes from styled to content over a band of about ±2σ: wide enough that no
 * seam shows where a texture meets the plain content, narrow enough that the style that spills over
 * the mask's edge (a style layer's features near the edge also see the pixels outside it) is cut off
 * before it shows as a halo.
 */
public final class MaskBlend {

	private MaskBlend() {}

	/** σ of the soft edge, in pixels, for an image of this size. */
	public static double feather(int width, int height) {
		return Math.max(1, Math.max(width, height) / 128.0);
	}

	/**
	 * content + u (styled − content) per pixel, u the softened union of the masks.
	 *
	 * @param styled the result, the content's size and channels
	 * @param masks gray masks of the content's size, values in [0, 1]
	 */
	public static FloatImage keepContentOutside(FloatImage styled, FloatImage content, List<FloatImage> masks) {
		int w = styled.width(), h = styled.height(), n = w * h;
		float[] union = new float[n];
		for (FloatImage mask : masks) {
			float[] m = mask.data();
			for (int i = 0; i < n; i++) union[i] = Math.max(union[i], Math.min(1, Math.max(0, m[i])));
		}
		float[] u = blur(union, w, h, feather(w, h));
		float[] s = styled.data(), c = content.data(), out = new float[s.length];
		for (int k = 0; k < styled.channels(); k++) {
			for (int i = 0; i < n; i++) {
				int j = k * n + i;
				out[j] = c[j] + u[i] * (s[j] - c[j]);
			}
		}
		return new FloatImage(w, h, styled.channels(), out);
	}

	/** A separable Gaussian blur, borders clamped. */
	static float[] blur(float[] values, int w, int h, double sigma) {
		int radius = (int) Math.ceil(3 * sigma);
		double[] kernel = new double[2 * radius + 1];
		double sum = 0;
		for (int i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = 0; i < kernel.length; i++) kernel[i] /= sum;
		float[] rows = new float[values.length], out = new float[values.length];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double v = 0;
				for (int i = -radius; i <= radius; i++) v += kernel[i + radius] * values[y * w + Math.min(w - 1, Math.max(0, x + i))];
				rows[y * w + x] = (float) v;
			}
		}
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double v = 0;
				for (int i = -radius; i <= radius; i++) v += kernel[i + radius] * rows[Math.min(h - 1, Math.max(0, y + i)) * w + x];
				out[y * w + x] = (float) v;
			}
		}
		return out;
	}
}

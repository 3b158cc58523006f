package sc.fiji.neuralstyle.engine.pixels;

/**
 * Resizes {@link FloatImage}s: area averaging along an axis that shrinks, bilinear interpolation
 * along an axis that grows.
 * <p>
 * Area averaging gives every output pixel the mean of the source area it covers (fractional pixels
 * weighted by their overlap), so shrinking by any factor, even a large or non-integer one, does not
 * alias. Bilinear enlarging samples at pixel centres (as {@code align_corners=false} in PyTorch),
 * clamping at the borders. Both are done per axis (rows first, then columns) and accumulate in double
 * precision, so weights always sum to one and a constant image stays exactly constant.
 */
public final class Resampler {

	private Resampler() {
		// static utility
	}

	/**
	 * Returns {@code image} resized to {@code width} x {@code height}; the same instance if it already
	 * has that size.
	 *
	 * @throws IllegalArgumentException if a size is not positive
	 */
	public static FloatImage resize(FloatImage image, int width, int height) {
		if (width <= 0 || height <= 0) {
			throw new IllegalArgumentException("Cannot resize to " + width + "x" + height
				+ ": width and height must be positive");
		}
		if (width == image.width() && height == image.height()) return image;
		Weights horizontal = Weights.of(image.width(), width);
		Weights vertical = Weights.of(image.height(), height);
		int srcW = image.width();
		int srcH = image.height();
		float[] src = image.data();
		float[] dst = new float[image.channels() * width * height];
		double[] rows = new double[srcH * width];
		for (int c = 0; c < image.channels(); c++) {
			int srcPlane = c * srcW * srcH;
			// Horizontal pass: srcH rows of the new width.
			for (int y = 0; y < srcH; y++) {
				int srcRow = srcPlane + y * srcW;
				for (int x = 0; x < width; x++) {
					rows[y * width + x] = horizontal.apply(x, src, srcRow, 1);
				}
			}
			// Vertical pass: from the intermediate rows to the output plane.
			int dstPlane = c * width * height;
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					dst[dstPlane + y * width + x] = (float) vertical.apply(y, rows, x, width);
				}
			}
		}
		return new FloatImage(width, height, image.channels(), dst);
	}

	/**
	 * The size with the same aspect ratio as {@code width} x {@code height} whose longer side is
	 * {@code longest}; it scales up as well as down. The shorter side is rounded and at least 1.
	 *
	 * @return {@code {newWidth, newHeight}}
	 * @throws IllegalArgumentException if a size is not positive
	 */
	public static int[] fitLongestSide(int width, int height, int longest) {
		if (width <= 0 || height <= 0) {
			throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
		}
		if (longest <= 0) {
			throw new IllegalArgumentException("The longest side must be positive, got " + longest);
		}
		if (width >= height) {
			return new int[] { longest, scaledSide(height, width, longest) };
		}
		return new int[] { scaledSide(width, height, longest), longest };
	}

	private static int scaledSide(int side, int longSide, int longest) {
		return (int) Math.max(1, Math.round((double) side * longest / longSide));
	}

	/**
	 * For each output index along one axis, the source indices it reads and their weights (summing to
	 * one).
	 */
	private record Weights(int[] start, double[][] weights) {

		static Weights of(int srcLength, int dstLength) {
			return dstLength < srcLength ? area(srcLength, dstLength) : bilinear(srcLength, dstLength);
		}

		/** Output pixel i covers source interval [i * s, (i + 1) * s) with s = srcLength / dstLength. */
		private static Weights area(int srcLength, int dstLength) {
			int[] start = new int[dstLength];
			double[][] weights = new double[dstLength][];
			for (int i = 0; i < dstLength; i++) {
				// Exact rational bounds so that neighbouring outputs share their boundary exactly.
				double from = (double) i * srcLength / dstLength;
				double to = (double) (i + 1) * srcLength / dstLength;
				int first = (int) Math.floor(from);
				int last = Math.min(srcLength - 1, (int) Math.ceil(to) - 1);
				double[] w = new double[last - first + 1];
				double sum = 0;
				for (int k = first; k <= last; k++) {
					double overlap = Math.min(to, k + 1) - Math.max(from, k);
					w[k - first] = Math.max(0, overlap);
					sum += w[k - first];
				}
				// Dividing by the sum (the covered length) keeps weights summing to one in double.
				for (int k = 0; k < w.length; k++) {
					w[k] /= sum;
				}
				start[i] = first;
				weights[i] = w;
			}
			return new Weights(start, weights);
		}

		/** Samples at pixel centres: source coordinate (i + 0.5) / scale - 0.5, clamped to the image. */
		private static Weights bilinear(int srcLength, int dstLength) {
			int[] start = new int[dstLength];
			double[][] weights = new double[dstLength][];
			double scale = (double) dstLength / srcLength;
			for (int i = 0; i < dstLength; i++) {
				double pos = Math.min(srcLength - 1, Math.max(0, (i + 0.5) / scale - 0.5));
				int left = Math.min((int) Math.floor(pos), srcLength - 1);
				double frac = pos - left;
				start[i] = left;
				weights[i] = frac == 0 || left + 1 >= srcLength ? new double[] { 1 } : new double[] { 1 - frac, frac };
			}
			return new Weights(start, weights);
		}

		/** Weighted sum for output index i, reading {@code data[offset + k * stride]}. */
		double apply(int i, float[] data, int offset, int stride) {
			double[] w = weights[i];
			int base = offset + start[i] * stride;
			double sum = 0;
			for (int k = 0; k < w.length; k++) {
				sum += w[k] * data[base + k * stride];
			}
			return sum;
		}

		double apply(int i, double[] data, int offset, int stride) {
			double[] w = weights[i];
			int base = offset + start[i] * stride;
			double sum = 0;
			for (int k = 0; k < w.length; k++) {
				sum += w[k] * data[base + k * stride];
			}
			return sum;
		}
	}
}

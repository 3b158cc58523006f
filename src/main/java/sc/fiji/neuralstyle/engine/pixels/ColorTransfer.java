package sc.fiji.neuralstyle.engine.pixels;

/**
 * Colour handling for style transfer, after Gatys, Bethge, Hertzmann &amp; Shechtman, "Preserving Color
 * in Neural Artistic Style Transfer" (2016): luminance, luminance-only transfer as a post-process
 * ({@code preserve_colors}) and mean/covariance colour matching of the style image to the content.
 * <p>
 * Pure functions on {@link FloatImage} (no ImageJ, no DJL), so the engine can apply them and the
 * fronts can too. Luminance is Rec. 601 luma, Y = 0.299 R + 0.587 G + 0.114 B, the Y of YIQ and YUV.
 */
public final class ColorTransfer {

	/** Rec. 601 luma weights for R, G and B. */
	public static final double WEIGHT_R = 0.299, WEIGHT_G = 0.587, WEIGHT_B = 0.114;

	/**
	 * Eigenvalues of the style's colour covariance are floored here before inverting its square root:
	 * a gray or single-coloured style has a singular covariance, and its pixels have no spread in those
	 * directions to amplify, so the floor only keeps the arithmetic finite.
	 */
	private static final double MIN_VARIANCE = 1e-10;

	private ColorTransfer() {
		// static utility
	}

	/**
	 * The luminance (Rec. 601) of an RGB image as a 1-channel image; a 1-channel image is returned as
	 * it is.
	 */
	public static FloatImage luminance(FloatImage image) {
		if (image.channels() == 1) return image;
		int n = image.planeSize();
		float[] d = image.data();
		float[] y = new float[n];
		for (int i = 0; i < n; i++) {
			y[i] = (float) luma(d[i], d[n + i], d[2 * n + i]);
		}
		return new FloatImage(image.width(), image.height(), 1, y);
	}

	/**
	 * A gray (1-channel) image as RGB with equal channels; an RGB image is returned as it is. The
	 * inverse of {@link #luminance} for gray images.
	 */
	public static FloatImage rgb(FloatImage image) {
		if (image.channels() == 3) return image;
		int n = image.planeSize();
		float[] rgb = new float[3 * n];
		for (int c = 0; c < 3; c++) System.arraycopy(image.data(), 0, rgb, c * n, n);
		return new FloatImage(image.width(), image.height(), 3, rgb);
	}

	/** The image with {@code channels} channels (1 or 3): its luminance, or its gray as RGB, or itself. */
	public static FloatImage matchChannels(FloatImage image, int channels) {
		if (image.channels() == channels) return image;
		return channels == 3 ? rgb(image) : luminance(image);
	}

	/**
	 * Luminance-only transfer: the luminance of {@code styled} with the chrominance (I and Q of YIQ)
	 * of {@code content}. This is {@code preserve_colors}: the brush strokes of the style with the
	 * colours of the content.
	 * <p>
	 * YIQ, YUV and YCbCr share the same Y and their chroma rows sum to zero, so the result does not
	 * depend on which of them is used: per pixel it is {@code content + (Y(styled) - Y(content))} on
	 * every channel. Pixels that would leave [0, 1] keep their luminance and hue and lose saturation
	 * (they are moved toward the gray of that luminance just far enough), so luminance is kept exactly
	 * everywhere and chroma wherever it fits in the RGB cube.
	 * <p>
	 * If {@code content} has another size than {@code styled} it is first resized with
	 * {@link Resampler}. A 1-channel content has no colour: the result is then the luminance of
	 * {@code styled}. A 1-channel {@code styled} is taken as luminance.
	 *
	 * @return an image of the size of {@code styled}, with the channel count of {@code content}
	 */
	public static FloatImage preserveColors(FloatImage styled, FloatImage content) {
		if (content.channels() == 1) return luminance(styled);
		FloatImage source = Resampler.resize(content, styled.width(), styled.height());
		FloatImage targetLuma = luminance(styled);
		int n = styled.planeSize();
		float[] c = source.data();
		float[] y = targetLuma.data();
		float[] out = new float[3 * n];
		double[] chroma = new double[3];
		for (int i = 0; i < n; i++) {
			double r = c[i], g = c[n + i], b = c[2 * n + i];
			double lumaContent = luma(r, g, b);
			double lumaOut = clamp(y[i]);
			chroma[0] = r - lumaContent;
			chroma[1] = g - lumaContent;
			chroma[2] = b - lumaContent;
			double scale = chromaScaleInGamut(lumaOut, chroma);
			for (int k = 0; k < 3; k++) {
				out[k * n + i] = (float) clamp(lumaOut + scale * chroma[k]);
			}
		}
		return new FloatImage(styled.width(), styled.height(), 3, out);
	}

	/**
	 * The largest t in [0, 1] with luma + t * chroma inside [0, 1] on every channel. Because the chroma
	 * offsets have zero luma, scaling them changes saturation but neither luminance nor hue.
	 */
	private static double chromaScaleInGamut(double luma, double[] chroma) {
		double t = 1;
		for (double d : chroma) {
			if (d > 0 && luma + d > 1) t = Math.min(t, (1 - luma) / d);
			else if (d < 0 && luma + d < 0) t = Math.min(t, luma / -d);
		}
		return t;
	}

	/**
	 * Colour matching of the style image to the content: an affine map p' = A p + b of the style's
	 * RGB values such that their mean and covariance equal the content's. A is the symmetric choice
	 * A = Σ<sub>content</sub><sup>1/2</sup> Σ<sub>style</sub><sup>-1/2</sup> (the "image analogies"
	 * colour transfer of Gatys et al. 2016, section 2), b = μ<sub>content</sub> - A μ<sub>style</sub>.
	 * Meant as a pre-process: style the content with the recoloured style.
	 * <p>
	 * A 1-channel input is treated as RGB with equal channels (so a gray content turns the style gray).
	 * The images may differ in size. Results are clamped to [0, 1], which is the only place where the
	 * statistics can differ from the content's.
	 *
	 * @return the recoloured style, 3 channels, the size of {@code style}
	 */
	public static FloatImage matchColors(FloatImage style, FloatImage content) {
		double[] styleMean = mean(style);
		double[] contentMean = mean(content);
		double[][] a = multiply(
			SymmetricMatrix3.of(covariance(content, contentMean)).power(0.5, 0),
			SymmetricMatrix3.of(covariance(style, styleMean)).power(-0.5, MIN_VARIANCE));
		int n = style.planeSize();
		float[] out = new float[3 * n];
		double[] p = new double[3];
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < 3; k++) {
				p[k] = sample(style, k, i) - styleMean[k];
			}
			for (int k = 0; k < 3; k++) {
				double v = contentMean[k] + a[k][0] * p[0] + a[k][1] * p[1] + a[k][2] * p[2];
				out[k * n + i] = (float) clamp(v);
			}
		}
		return new FloatImage(style.width(), style.height(), 3, out);
	}

	static double luma(double r, double g, double b) {
		return WEIGHT_R * r + WEIGHT_G * g + WEIGHT_B * b;
	}

	private static double clamp(double v) {
		return v < 0 ? 0 : v > 1 ? 1 : v;
	}

	/** Channel k of pixel i, reading a 1-channel image as three equal channels. */
	private static float sample(FloatImage image, int k, int i) {
		return image.data()[(image.channels() == 1 ? 0 : k) * image.planeSize() + i];
	}

	static double[] mean(FloatImage image) {
		int n = image.planeSize();
		double[] m = new double[3];
		for (int k = 0; k < 3; k++) {
			double sum = 0;
			for (int i = 0; i < n; i++) {
				sum += sample(image, k, i);
			}
			m[k] = sum / n;
		}
		return m;
	}

	/** Population covariance of the RGB values around {@code mean}. */
	static double[][] covariance(FloatImage image, double[] mean) {
		int n = image.planeSize();
		double[][] cov = new double[3][3];
		for (int i = 0; i < n; i++) {
			double r = sample(image, 0, i) - mean[0];
			double g = sample(image, 1, i) - mean[1];
			double b = sample(image, 2, i) - mean[2];
			cov[0][0] += r * r;
			cov[0][1] += r * g;
			cov[0][2] += r * b;
			cov[1][1] += g * g;
			cov[1][2] += g * b;
			cov[2][2] += b * b;
		}
		for (int j = 0; j < 3; j++) {
			for (int k = j; k < 3; k++) {
				cov[j][k] /= n;
				cov[k][j] = cov[j][k];
			}
		}
		return cov;
	}

	private static double[][] multiply(double[][] x, double[][] y) {
		double[][] z = new double[3][3];
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++) {
				for (int k = 0; k < 3; k++) {
					z[i][j] += x[i][k] * y[k][j];
				}
			}
		}
		return z;
	}

	/** Eigendecomposition of a symmetric 3x3 matrix by cyclic Jacobi rotations. */
	private record SymmetricMatrix3(double[] eigenvalues, double[][] eigenvectors) {

		static SymmetricMatrix3 of(double[][] matrix) {
			double[][] a = new double[3][];
			for (int i = 0; i < 3; i++) {
				a[i] = matrix[i].clone();
			}
			double[][] v = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
			for (int sweep = 0; sweep < 50; sweep++) {
				double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
				double diag = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2];
				if (off <= 1e-30 * diag || off == 0) break;
				for (int p = 0; p < 2; p++) {
					for (int q = p + 1; q < 3; q++) {
						rotate(a, v, p, q);
					}
				}
			}
			return new SymmetricMatrix3(new double[] { a[0][0], a[1][1], a[2][2] }, v);
		}

		/** Zeroes a[p][q] by a Jacobi rotation, accumulating it into the eigenvector columns v. */
		private static void rotate(double[][] a, double[][] v, int p, int q) {
			if (a[p][q] == 0) return;
			double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
			double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
			if (theta == 0) t = 1;
			double c = 1 / Math.sqrt(t * t + 1);
			double s = t * c;
			for (int k = 0; k < 3; k++) {
				double akp = a[k][p], akq = a[k][q];
				a[k][p] = c * akp - s * akq;
				a[k][q] = s * akp + c * akq;
			}
			for (int k = 0; k < 3; k++) {
				double apk = a[p][k], aqk = a[q][k];
				a[p][k] = c * apk - s * aqk;
				a[q][k] = s * apk + c * aqk;
			}
			for (int k = 0; k < 3; k++) {
				double vkp = v[k][p], vkq = v[k][q];
				v[k][p] = c * vkp - s * vkq;
				v[k][q] = s * vkp + c * vkq;
			}
		}

		/** V diag(max(λ, floor)^exponent) Vᵀ; eigenvalues below zero (rounding) count as zero. */
		double[][] power(double exponent, double floor) {
			double[] d = new double[3];
			for (int i = 0; i < 3; i++) {
				double lambda = Math.max(Math.max(eigenvalues[i], 0), floor);
				d[i] = lambda == 0 ? 0 : Math.pow(lambda, exponent);
			}
			double[][] m = new double[3][3];
			for (int i = 0; i < 3; i++) {
				for (int j = 0; j < 3; j++) {
					for (int k = 0; k < 3; k++) {
						m[i][j] += eigenvectors[i][k] * d[k] * eigenvectors[j][k];
					}
				}
			}
			return m;
		}
	}
}

package sc.fiji.neuralstyle.engine.pixels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ColorTransferTest {

	/** YIQ (FCC NTSC) rows, as in e.g. scikit-image's rgb2yiq. */
	private static final double[][] YIQ = {
		{ 0.299, 0.587, 0.114 },
		{ 0.59590059, -0.27455667, -0.32134392 },
		{ 0.21153661, -0.52273617, 0.31119955 } };

	private static double yiq(FloatImage image, int row, int i) {
		int n = image.planeSize();
		float[] d = image.data();
		return YIQ[row][0] * d[i] + YIQ[row][1] * d[n + i] + YIQ[row][2] * d[2 * n + i];
	}

	/** Random RGB values in [lo, hi). */
	private static FloatImage random(int w, int h, long seed, float lo, float hi) {
		Random random = new Random(seed);
		float[] data = new float[w * h * 3];
		for (int i = 0; i < data.length; i++) {
			data[i] = lo + (hi - lo) * random.nextFloat();
		}
		return new FloatImage(w, h, 3, data);
	}

	@Test
	void luminanceUsesRec601Weights() {
		FloatImage pixel = new FloatImage(1, 1, 3, new float[] { 1, 0.5f, 0.25f });
		FloatImage y = ColorTransfer.luminance(pixel);
		assertEquals(1, y.channels());
		assertEquals(0.299 + 0.587 * 0.5 + 0.114 * 0.25, y.data()[0], 1e-7);
		FloatImage gray = new FloatImage(1, 1, 1, new float[] { 0.3f });
		assertSame(gray, ColorTransfer.luminance(gray));
	}

	@Test
	void preserveColorsKeepsContentChromaAndStyledLuminance() {
		// Mid-range values and moderate saturation: nothing leaves the RGB cube.
		FloatImage content = random(9, 7, 1, 0.3f, 0.7f);
		FloatImage styled = random(9, 7, 2, 0.35f, 0.65f);
		FloatImage out = ColorTransfer.preserveColors(styled, content);
		assertEquals(3, out.channels());
		for (int i = 0; i < out.planeSize(); i++) {
			assertEquals(yiq(styled, 0, i), yiq(out, 0, i), 1e-6, "luminance at " + i);
			assertEquals(yiq(content, 1, i), yiq(out, 1, i), 1e-6, "I at " + i);
			assertEquals(yiq(content, 2, i), yiq(out, 2, i), 1e-6, "Q at " + i);
		}
	}

	@Test
	void preserveColorsOutOfGamutKeepsLuminanceAndHue() {
		// Saturated red content, nearly white styled luminance: red + offset would exceed 1.
		FloatImage content = new FloatImage(1, 1, 3, new float[] { 0.9f, 0.1f, 0.1f });
		FloatImage styled = new FloatImage(1, 1, 1, new float[] { 0.9f });
		FloatImage out = ColorTransfer.preserveColors(styled, content);
		float r = out.data()[0], g = out.data()[1], b = out.data()[2];
		assertTrue(r <= 1 && g >= 0 && b >= 0);
		assertEquals(0.9, ColorTransfer.luma(r, g, b), 1e-6);
		// Still reddish, with green and blue equal as in the content.
		assertTrue(r > g);
		assertEquals(g, b, 1e-6);
	}

	@Test
	void preserveColorsResizesTheContent() {
		FloatImage content = new FloatImage(4, 4, 3, constant(48, 0.5f));
		FloatImage styled = new FloatImage(2, 2, 3, constant(12, 0.25f));
		FloatImage out = ColorTransfer.preserveColors(styled, content);
		assertEquals(2, out.width());
		assertEquals(2, out.height());
		for (float v : out.data()) {
			assertEquals(0.25f, v, 1e-6f);
		}
	}

	@Test
	void preserveColorsOfGrayContentIsTheLuminance() {
		FloatImage content = new FloatImage(3, 2, 1, constant(6, 0.5f));
		FloatImage styled = random(3, 2, 5, 0, 1);
		FloatImage out = ColorTransfer.preserveColors(styled, content);
		assertEquals(ColorTransfer.luminance(styled), out);
	}

	private static float[] constant(int n, float v) {
		float[] data = new float[n];
		java.util.Arrays.fill(data, v);
		return data;
	}

	@Test
	void matchColorsGivesTheContentsMeanAndCovariance() {
		// A bluish, correlated style and a warm content, both with small spread so nothing clips.
		Random random = new Random(3);
		int n = 16 * 16;
		float[] s = new float[3 * n];
		float[] c = new float[3 * n];
		for (int i = 0; i < n; i++) {
			double a = random.nextGaussian() * 0.05, b = random.nextGaussian() * 0.03;
			s[i] = (float) (0.3 + a);
			s[n + i] = (float) (0.4 + a + b);
			s[2 * n + i] = (float) (0.6 + 0.5 * a - b + random.nextGaussian() * 0.01);
			double d = random.nextGaussian() * 0.04, e = random.nextGaussian() * 0.02;
			c[i] = (float) (0.6 + d);
			c[n + i] = (float) (0.45 + 0.5 * d + e);
			c[2 * n + i] = (float) (0.3 + e + random.nextGaussian() * 0.01);
		}
		FloatImage style = new FloatImage(16, 16, 3, s);
		FloatImage content = new FloatImage(16, 16, 3, c);
		FloatImage matched = ColorTransfer.matchColors(style, content);
		double[] mean = ColorTransfer.mean(matched);
		double[] contentMean = ColorTransfer.mean(content);
		double[][] cov = ColorTransfer.covariance(matched, mean);
		double[][] contentCov = ColorTransfer.covariance(content, contentMean);
		for (int j = 0; j < 3; j++) {
			assertEquals(contentMean[j], mean[j], 1e-5);
			for (int k = 0; k < 3; k++) {
				assertEquals(contentCov[j][k], cov[j][k], 1e-6, "covariance " + j + "," + k);
			}
		}
		for (float v : matched.data()) {
			assertTrue(v > 0 && v < 1, "test data should not clip");
		}
	}

	@Test
	void matchColorsToGrayContentMakesTheStyleGray() {
		FloatImage style = random(8, 8, 9, 0.2f, 0.8f);
		float[] g = new float[64];
		Random random = new Random(4);
		for (int i = 0; i < g.length; i++) {
			g[i] = 0.4f + 0.2f * random.nextFloat();
		}
		FloatImage matched = ColorTransfer.matchColors(style, new FloatImage(8, 8, 1, g));
		assertEquals(3, matched.channels());
		for (int i = 0; i < 64; i++) {
			assertEquals(matched.data()[i], matched.data()[64 + i], 1e-5);
			assertEquals(matched.data()[i], matched.data()[128 + i], 1e-5);
		}
	}

	@Test
	void matchColorsOfAGrayStyleStaysFinite() {
		float[] g = new float[64];
		for (int i = 0; i < g.length; i++) {
			g[i] = (i % 8) / 8f;
		}
		FloatImage matched = ColorTransfer.matchColors(new FloatImage(8, 8, 1, g), random(8, 8, 2, 0, 1));
		for (float v : matched.data()) {
			assertTrue(v >= 0 && v <= 1, "value " + v);
		}
	}
}

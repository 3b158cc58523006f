package sc.fiji.neuralstyle.engine.pixels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ResamplerTest {

	private static FloatImage random(int w, int h, int c, long seed) {
		Random random = new Random(seed);
		float[] data = new float[w * h * c];
		for (int i = 0; i < data.length; i++) {
			data[i] = random.nextFloat();
		}
		return new FloatImage(w, h, c, data);
	}

	private static double mean(FloatImage image, int channel) {
		double sum = 0;
		for (int i = 0; i < image.planeSize(); i++) {
			sum += image.data()[channel * image.planeSize() + i];
		}
		return sum / image.planeSize();
	}

	@Test
	void constantImageStaysExactlyConstant() {
		float value = 0.3712f;
		FloatImage constant = new FloatImage(37, 23, 3, filled(37 * 23 * 3, value));
		int[][] sizes = { { 10, 7 }, { 64, 50 }, { 37, 5 }, { 3, 23 }, { 50, 9 }, { 1, 1 } };
		for (int[] size : sizes) {
			FloatImage resized = Resampler.resize(constant, size[0], size[1]);
			assertEquals(size[0], resized.width());
			assertEquals(size[1], resized.height());
			assertEquals(3, resized.channels());
			for (float v : resized.data()) {
				assertEquals(value, v, 0f, () -> "at size " + Arrays.toString(size));
			}
		}
	}

	private static float[] filled(int n, float value) {
		float[] data = new float[n];
		Arrays.fill(data, value);
		return data;
	}

	@Test
	void shrinkingKeepsTheMean() {
		FloatImage image = random(61, 47, 3, 42);
		// Integer and non-integer factors, and a large one (61 -> 4).
		int[][] sizes = { { 30, 23 }, { 17, 13 }, { 4, 3 } };
		for (int[] size : sizes) {
			FloatImage small = Resampler.resize(image, size[0], size[1]);
			for (int c = 0; c < 3; c++) {
				assertEquals(mean(image, c), mean(small, c), 1e-5, "channel " + c + " at " + Arrays.toString(size));
			}
		}
	}

	@Test
	void shrinkingByAnIntegerFactorAveragesBlocks() {
		FloatImage image = random(8, 6, 1, 7);
		FloatImage small = Resampler.resize(image, 4, 3);
		for (int y = 0; y < 3; y++) {
			for (int x = 0; x < 4; x++) {
				double block = (image.get(0, 2 * y, 2 * x) + image.get(0, 2 * y, 2 * x + 1)
					+ image.get(0, 2 * y + 1, 2 * x) + image.get(0, 2 * y + 1, 2 * x + 1)) / 4;
				assertEquals(block, small.get(0, y, x), 1e-6);
			}
		}
	}

	@Test
	void shrinkingDoesNotAlias() {
		// A one-pixel checkerboard averages to flat gray; point sampling would give black or white.
		int n = 60;
		float[] data = new float[n * n];
		for (int y = 0; y < n; y++) {
			for (int x = 0; x < n; x++) {
				data[y * n + x] = (x + y) % 2;
			}
		}
		FloatImage small = Resampler.resize(new FloatImage(n, n, 1, data), 7, 7);
		for (float v : small.data()) {
			assertEquals(0.5, v, 0.02);
		}
	}

	@Test
	void enlargingIsBilinearAtPixelCentres() {
		FloatImage image = new FloatImage(2, 1, 1, new float[] { 0, 1 });
		FloatImage large = Resampler.resize(image, 4, 1);
		// Output centres map to source x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
		assertArrayEquals(new float[] { 0, 0.25f, 0.75f, 1 }, large.data(), 1e-6f);
	}

	@Test
	void enlargingStaysWithinTheSourceRange() {
		FloatImage image = random(5, 4, 3, 3);
		FloatImage large = Resampler.resize(image, 23, 17);
		assertEquals(23 * 17 * 3, large.data().length);
		for (float v : large.data()) {
			assertTrue(v >= 0 && v <= 1);
		}
	}

	@Test
	void shrinkingOneAxisAndEnlargingTheOther() {
		FloatImage image = random(40, 5, 1, 11);
		FloatImage resized = Resampler.resize(image, 8, 20);
		assertEquals(8, resized.width());
		assertEquals(20, resized.height());
		assertEquals(mean(image, 0), mean(resized, 0), 0.02);
	}

	@Test
	void sameSizeReturnsTheImage() {
		FloatImage image = random(5, 4, 1, 1);
		assertSame(image, Resampler.resize(image, 5, 4));
	}

	@Test
	void rejectsNonPositiveSizes() {
		FloatImage image = random(5, 4, 1, 1);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Resampler.resize(image, 0, 4));
		assertTrue(e.getMessage().contains("0x4"), e.getMessage());
	}

	@Test
	void fitLongestSide() {
		assertArrayEquals(new int[] { 512, 341 }, Resampler.fitLongestSide(600, 400, 512));
		assertArrayEquals(new int[] { 427, 512 }, Resampler.fitLongestSide(550, 660, 512));
		assertArrayEquals(new int[] { 1200, 800 }, Resampler.fitLongestSide(600, 400, 1200));
		assertArrayEquals(new int[] { 64, 64 }, Resampler.fitLongestSide(7, 7, 64));
		assertArrayEquals(new int[] { 100, 1 }, Resampler.fitLongestSide(1000, 1, 100));
		assertThrows(IllegalArgumentException.class, () -> Resampler.fitLongestSide(600, 400, 0));
		assertThrows(IllegalArgumentException.class, () -> Resampler.fitLongestSide(0, 400, 10));
	}
}

package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.net.SeededWeights;

/** Styling an image as the fronts give it: [0, 1], gray or RGB, whole or in tiles. */
class FastStylizerTest {

	@Test
	void stylesGrayAndRgbInTheUnitRange() {
		try (NDManager m = NDManager.newBaseManager(); TransformerNet net = TransformerNet.of(FastFixtures.seededStateDict(), m)) {
			FastStylizer stylizer = new FastStylizer(net);
			float[] gray = SeededWeights.values(4300, 30 * 22, 0.5, 0.5);
			FloatImage out = stylizer.stylize(new FloatImage(30, 22, 1, gray), 0, m);
			assertEquals(3, out.channels());
			assertEquals(30, out.width());
			assertEquals(22, out.height());
			float[] rgb = new float[3 * gray.length];
			for (int c = 0; c < 3; c++) System.arraycopy(gray, 0, rgb, c * gray.length, gray.length);
			FloatImage fromRgb = stylizer.stylize(new FloatImage(30, 22, 3, rgb), 0, m);
			assertArrayEquals(out.data(), fromRgb.data(), "gray is its three equal channels");
			float[] raw;
			float[] scaled = new float[rgb.length];
			for (int i = 0; i < rgb.length; i++) scaled[i] = 255 * rgb[i];
			raw = net.forward(m.create(scaled, new Shape(1, 3, 22, 30))).toFloatArray();
			for (int i = 0; i < raw.length; i++) {
				assertEquals(Math.min(1, Math.max(0, raw[i] / 255)), out.data()[i], 1e-6, "0–255 to [0, 1], clamped");
			}
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stylizer.stylize(new FloatImage(4,
				9, 1, new float[36]), 0, m));
			assertTrue(e.getMessage().startsWith("content: the image is 4×9 px"), e.getMessage());
		}
	}
}

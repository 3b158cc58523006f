package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/** Reflection padding as PyTorch's ReflectionPad2d, and its gradient (mirrored pixels add back). */
class ReflectionPadTest {

	static {
		FastFixtures.count(new long[0]);
	}

	@Test
	void padsAndDifferentiatesAsReflectionPad2d() {
		try (NDManager m = NDManager.newBaseManager()) {
			float[] v = new float[12];
			for (int i = 0; i < v.length; i++) v[i] = i;
			NDArray x = m.create(v, new Shape(1, 1, 3, 4));
			x.setRequiresGradient(true);
			NDArray y;
			try (GradientCollector c = m.getEngine().newGradientCollector()) {
				y = TransformerNet.reflect(x, 2);
				float[] w = new float[7 * 8];
				for (int i = 0; i < w.length; i++) w[i] = i + 1;
				c.backward(y.mul(m.create(w, new Shape(1, 1, 7, 8))).sum());
			}
			// ReflectionPad2d(2) of [[0..3],[4..7],[8..11]] (rows mirrored about rows 0 and 2, columns about 0 and 3)
			float[] expected = {
				10, 9, 8, 9, 10, 11, 10, 9,
				6, 5, 4, 5, 6, 7, 6, 5,
				2, 1, 0, 1, 2, 3, 2, 1,
				6, 5, 4, 5, 6, 7, 6, 5,
				10, 9, 8, 9, 10, 11, 10, 9,
				6, 5, 4, 5, 6, 7, 6, 5,
				2, 1, 0, 1, 2, 3, 2, 1 };
			assertArrayEquals(expected, y.toFloatArray());
			// Each input pixel's gradient: the sum of the weights (1 + position) of the padded places it went to.
			float[] gradient = new float[12];
			for (int py = 0; py < 7; py++) {
				for (int px = 0; px < 8; px++) {
					int sy = reflect(py - 2, 3), sx = reflect(px - 2, 4);
					gradient[sy * 4 + sx] += py * 8 + px + 1;
				}
			}
			assertArrayEquals(gradient, x.getGradient().toFloatArray());
		}
	}

	private static int reflect(int i, int n) {
		if (i < 0) return -i;
		if (i >= n) return 2 * (n - 1) - i;
		return i;
	}
}

package sc.fiji.neuralstyle.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

	/** One 2x2 image; channel c, pixel p holds (c + 1) / 10 + p / 100. */
	private static final float[] RGB = { 0.10f, 0.11f, 0.12f, 0.13f, 0.20f, 0.21f, 0.22f, 0.23f, 0.30f, 0.31f, 0.32f, 0.33f };

	@BeforeAll
	static void offline() {
		System.setProperty("OPT_OUT_TRACKING", "true");
		System.setProperty("ai.djl.offline", "true");
	}

	private static float[] expected(Preprocessing p) {
		float[] out = new float[12];
		for (int c = 0; c < 3; c++) {
			int source = p.channelOrder() == Preprocessing.ChannelOrder.BGR ? 2 - c : c;
			for (int i = 0; i < 4; i++) {
				out[c * 4 + i] = (RGB[source * 4 + i] * p.inputRange() - p.mean()[c]) / p.std()[c];
			}
		}
		return out;
	}

	@Test
	void torchvisionNormalisesRgb() {
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray x = m.create(RGB, new Shape(1, 3, 2, 2));
			assertArrayEquals(expected(Preprocessing.TORCHVISION), Preprocessing.TORCHVISION.apply(x).toFloatArray(), 1e-5f);
		}
	}

	@Test
	void caffeMakesBgrIn255MinusMean() {
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray x = m.create(RGB, new Shape(1, 3, 2, 2));
			float[] out = Preprocessing.CAFFE.apply(x).toFloatArray();
			assertArrayEquals(expected(Preprocessing.CAFFE), out, 1e-3f);
			// first output channel is blue: 0.30 * 255 - 103.939
			assertArrayEquals(new float[] { 76.5f - 103.939f }, new float[] { out[0] }, 1e-3f);
		}
	}

	@Test
	void gradientFlowsBackToTheRgbImage() {
		for (Preprocessing p : new Preprocessing[] { Preprocessing.TORCHVISION, Preprocessing.CAFFE }) {
			try (NDManager m = NDManager.newBaseManager()) {
				NDArray x = m.create(RGB, new Shape(1, 3, 2, 2));
				x.setRequiresGradient(true);
				// weight each network channel differently so a wrong channel order shows
				NDArray w = m.create(new float[] { 1, 2, 3 }, new Shape(1, 3, 1, 1));
				try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
					gc.backward(p.apply(x).mul(w).sum());
				}
				float[] grad = x.getGradient().toFloatArray();
				float[] want = new float[12];
				for (int c = 0; c < 3; c++) {
					int network = p.channelOrder() == Preprocessing.ChannelOrder.BGR ? 2 - c : c;
					for (int i = 0; i < 4; i++) want[c * 4 + i] = (network + 1) * p.inputRange() / p.std()[network];
				}
				assertArrayEquals(want, grad, 1e-3f, p.toString());
			}
		}
	}

	@Test
	void rejectsWrongInput() {
		try (NDManager m = NDManager.newBaseManager()) {
			assertThrows(IllegalArgumentException.class, () -> Preprocessing.TORCHVISION.apply(m.zeros(new Shape(3, 2, 2))));
			assertThrows(IllegalArgumentException.class, () -> Preprocessing.TORCHVISION.apply(m.zeros(new Shape(1, 1, 2, 2))));
			assertThrows(IllegalArgumentException.class,
				() -> Preprocessing.TORCHVISION.apply(m.zeros(new Shape(1, 3, 2, 2), ai.djl.ndarray.types.DataType.FLOAT64)));
		}
		assertThrows(IllegalArgumentException.class,
			() -> new Preprocessing(Preprocessing.ChannelOrder.RGB, 1, new float[] { 0, 0, 0 }, new float[] { 1, 0, 1 }));
	}
}

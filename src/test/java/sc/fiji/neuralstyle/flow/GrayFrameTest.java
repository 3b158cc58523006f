package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GrayFrameTest {

	@Test
	void rgbBecomesItsRec601Luminance() {
		// Two pixels: pure red, and (0.2, 0.4, 0.6).
		float[] planar = {1, 0.2f, 0, 0.4f, 0, 0.6f};
		GrayFrame gray = GrayFrame.of(2, 1, 3, planar);
		assertEquals(0.299f, gray.data()[0], 1e-6f);
		assertEquals(0.299f * 0.2f + 0.587f * 0.4f + 0.114f * 0.6f, gray.data()[1], 1e-6f);
	}

	@Test
	void aGrayImageIsCopiedAsItIs() {
		float[] planar = {0.1f, 0.7f, 0.3f};
		GrayFrame gray = GrayFrame.of(3, 1, 1, planar);
		assertArrayEquals(planar, gray.data());
		planar[0] = 1;
		assertEquals(0.1f, gray.data()[0]);
	}

	@Test
	void wrongShapesAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> GrayFrame.of(2, 2, 2, new float[8]));
		assertThrows(IllegalArgumentException.class, () -> GrayFrame.of(2, 2, 3, new float[11]));
		assertThrows(IllegalArgumentException.class, () -> new GrayFrame(0, 2, new float[0]));
	}
}

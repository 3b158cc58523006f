package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PixelOffsetsTest {

	@Test
	void aStyledFrameKeepsTheOffsetsOfThePixelsHeldToTheMovedFrameAndStartsTheOthersAfresh() {
		PixelOffsets offsets = new PixelOffsets(2, 2, new float[] { 0.25f, -0.5f, 0.125f, 0.375f }, new float[] { -0.25f,
			0.5f, 0, 0.1f });
		PixelOffsets kept = offsets.keptWhere(new WeightMap(2, 2, new float[] { 1, 0, 0.5f, 0.49f }));
		assertArrayEquals(new float[] { 0.25f, 0, 0.125f, 0 }, kept.dx());
		assertArrayEquals(new float[] { -0.25f, 0, 0, 0 }, kept.dy());
		assertArrayEquals(new float[] { 0.25f, -0.5f, 0.125f, 0.375f }, offsets.dx(), "the offsets themselves unchanged");
	}

	@Test
	void offsetsAndWeightsOfOtherSizesAreRefused() {
		PixelOffsets offsets = PixelOffsets.none(2, 2);
		assertThrows(IllegalArgumentException.class, () -> offsets.keptWhere(new WeightMap(1, 4, new float[4])));
		assertThrows(IllegalArgumentException.class, () -> new PixelOffsets(2, 2, new float[4], new float[3]));
	}
}

package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The memory of applying a model, and the tile it chooses. */
class ApplyMemoryTest {

	/**
	 * The widest step is the second upsampling's convolution: 64 channels at full resolution, their
	 * row-padded and padded copies, while the input stays: 195 values per pixel in the limit.
	 */
	@Test
	void peakIsTheFullResolutionConvolutionsArrays() {
		double perPixel = (double) ApplyMemory.peakElements(1024, 1024) / (1024 * 1024);
		assertTrue(perPixel > 190 && perPixel < 200, "values per pixel: " + perPixel);
		double ratio = (double) ApplyMemory.peakElements(2048, 1024) / ApplyMemory.peakElements(1024, 1024);
		assertEquals(2, ratio, 0.01, "linear in the pixels");
	}

	@Test
	void wholeImageWhenItFitsElseTheLargestTileThatDoes() {
		long whole = ApplyMemory.passBytes(2000, 1500);
		assertEquals(0, ApplyMemory.tileFor(2000, 1500, whole));
		int tile = ApplyMemory.tileFor(2000, 1500, whole / 4);
		assertTrue(tile > 0 && tile % TileGeometry.ALIGNMENT == 0, "a tile: " + tile);
		int crop = tile + 2 * TileGeometry.outputMargin();
		assertTrue(ApplyMemory.passBytes(crop, crop) <= whole / 4, "its crop fits");
		assertTrue(ApplyMemory.passBytes(crop + 4, crop + 4) > whole / 4, "the next one would not");
		assertEquals(-1, ApplyMemory.tileFor(2000, 1500, ApplyMemory.PASS_OVERHEAD_BYTES), "nothing fits");
	}
}

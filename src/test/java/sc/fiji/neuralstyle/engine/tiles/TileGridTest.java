package sc.fiji.neuralstyle.engine.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TileGridTest {

	@Test
	void coresPartitionTheImageAndCropsAddTheMargin() {
		int width = 203, height = 150, tile = 64, margin = 32, alignment = 16;
		for (int ox = 0; ox < tile; ox += alignment) {
			for (int oy = 0; oy < tile; oy += 2 * alignment) {
				List<TileGrid.Tile> tiles = TileGrid.tiles(width, height, tile, margin, alignment, ox, oy);
				int[] owner = new int[width * height];
				for (TileGrid.Tile t : tiles) {
					assertTrue(t.x1() - t.x0() <= tile && t.y1() - t.y0() <= tile, t.toString());
					assertTrue(t.x0() % alignment == 0 && t.y0() % alignment == 0, "corners on the grid: " + t);
					assertEquals(Math.max(0, t.x0() - margin), t.cropX0());
					assertEquals(Math.max(0, t.y0() - margin), t.cropY0());
					assertEquals(Math.min(width, t.x1() + margin), t.cropX1());
					assertEquals(Math.min(height, t.y1() + margin), t.cropY1());
					for (int y = t.y0(); y < t.y1(); y++) {
						for (int x = t.x0(); x < t.x1(); x++) owner[y * width + x]++;
					}
				}
				for (int count : owner) assertEquals(1, count, "every pixel in exactly one core");
			}
		}
	}

	@Test
	void theGridMovesFromOneEvaluationToTheNext() {
		Set<Integer> offsets = new HashSet<>();
		for (long e = 0; e < 8; e++) {
			int offset = TileGrid.offset(e, 512, 16, 0.6180339887498949);
			assertTrue(offset >= 0 && offset < 512 && offset % 16 == 0, Integer.toString(offset));
			offsets.add(offset);
		}
		assertEquals(8, offsets.size(), "eight evaluations, eight places");
	}
}

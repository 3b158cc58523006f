package sc.fiji.neuralstyle.engine.tiles;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an image into tiles: cores that partition the image, on a grid of a given side whose lines
 * sit on multiples of the network's alignment, each with a crop that adds a margin of context
 * (clipped at the image's sides). The grid may be shifted, so that successive evaluations put the
 * tile borders in other places.
 */
public final class TileGrid {

	/**
	 * One tile: its core {@code [x0, x1) × [y0, y1)} and the crop {@code [cropX0, cropX1) × [cropY0,
	 * cropY1)} that is run through the network, in pixels of the whole image.
	 */
	public record Tile(int x0, int y0, int x1, int y1, int cropX0, int cropY0, int cropX1, int cropY1) {

		int cropWidth() {
			return cropX1 - cropX0;
		}

		int cropHeight() {
			return cropY1 - cropY0;
		}

		public long cropPixels() {
			return (long) cropWidth() * cropHeight();
		}
	}

	private TileGrid() {}

	/**
	 * The tiles of a {@code width × height} image.
	 *
	 * @param tile the side of a core, a multiple of {@code alignment}
	 * @param margin the context around each core, a multiple of {@code alignment}
	 * @param alignment the grid the cores' corners sit on
	 * @param offsetX where the grid's vertical lines start, in [0, tile), a multiple of alignment
	 * @param offsetY where the grid's horizontal lines start, in [0, tile), a multiple of alignment
	 * @return the tiles, row by row
	 */
	public static List<Tile> tiles(int width, int height, int tile, int margin, int alignment, int offsetX, int offsetY) {
		if (tile <= 0 || tile % alignment != 0 || margin < 0 || margin % alignment != 0) {
			throw new IllegalArgumentException("Tile " + tile + " and margin " + margin + " must be multiples of "
				+ alignment);
		}
		int[] columns = cuts(width, tile, offsetX, alignment);
		int[] rows = cuts(height, tile, offsetY, alignment);
		List<Tile> tiles = new ArrayList<>();
		for (int r = 0; r + 1 < rows.length; r++) {
			for (int c = 0; c + 1 < columns.length; c++) {
				int x0 = columns[c], x1 = columns[c + 1], y0 = rows[r], y1 = rows[r + 1];
				tiles.add(new Tile(x0, y0, x1, y1, Math.max(0, x0 - margin), Math.max(0, y0 - margin),
					Math.min(width, x1 + margin), Math.min(height, y1 + margin)));
			}
		}
		return tiles;
	}

	/** 0, the grid lines inside (0, length), length. */
	private static int[] cuts(int length, int tile, int offset, int alignment) {
		if (offset < 0 || offset >= tile || offset % alignment != 0) {
			throw new IllegalArgumentException("Grid offset " + offset + " must be a multiple of " + alignment
				+ " below " + tile);
		}
		List<Integer> cuts = new ArrayList<>();
		cuts.add(0);
		for (long line = offset == 0 ? tile : offset; line < length; line += tile) cuts.add((int) line);
		cuts.add(length);
		return cuts.stream().mapToInt(Integer::intValue).toArray();
	}

	/**
	 * The grid offset for the n-th evaluation along one axis: successive multiples of the golden ratio
	 * of the tile side, on the alignment grid, so that borders land in new places for a long time
	 * before they come back.
	 */
	static int offset(long evaluation, int tile, int alignment, double irrational) {
		double fraction = (evaluation * irrational) % 1.0;
		int steps = tile / alignment;
		return (int) Math.min(steps - 1, Math.floor(fraction * steps)) * alignment;
	}
}

package sc.fiji.neuralstyle.engine.tiles;

/**
 * How to cut images into tiles.
 *
 * @param geometry where the layers' features sit
 * @param tile the side of a tile's core, a multiple of the geometry's alignment
 * @param margin the context around a core: the geometry's margin for exact results; smaller only
 *          to measure what the margin buys
 * @param shift move the grid at every evaluation
 */
public record Tiling(FeatureGeometry geometry, int tile, int margin, boolean shift) {

	/** Exact tiles of the given side (rounded down to the alignment), moving grid. */
	public static Tiling of(FeatureGeometry geometry, int tile) {
		int side = Math.max(geometry.alignment(), tile / geometry.alignment() * geometry.alignment());
		return new Tiling(geometry, side, geometry.margin(), true);
	}

	/** Whether an image of this size needs more than one tile. */
	public boolean splits(long width, long height) {
		return width > tile || height > tile;
	}
}

package sc.fiji.neuralstyle.engine.tiles;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One tile as a loss term sees it in a tiled evaluation: its crop of the image (in pass 2 the
 * differentiated leaf), the crop's features, and where its core lies.
 *
 * @param tile the tile's core and crop in the image
 * @param crop the crop, (1, C, cropHeight, cropWidth)
 * @param features the crop's features at the layers the objective's terms read
 * @param width the whole image's width
 * @param height the whole image's height
 * @param geometry where each layer's features sit
 * @param scope owns what the tile makes; closed after it
 */
public record TileView(TileGrid.Tile tile, NDArray crop, Map<String, NDArray> features, int width, int height,
	FeatureGeometry geometry, NDManager scope)
{

	/** The core's features at a layer, as positions in the whole image's map and in the crop's. */
	public TileCore core(String layer) {
		int[] xs = geometry.coreFeatures(layer, tile.x0(), tile.x1(), width);
		int[] ys = geometry.coreFeatures(layer, tile.y0(), tile.y1(), height);
		int jump = geometry.jump(layer);
		return new TileCore(xs[0], ys[0], xs[1], ys[1], tile.cropX0() / jump, tile.cropY0() / jump);
	}

	/** The features of the core at a layer, as an array of {@link #scope}. */
	public NDArray coreFeatures(TileCore core, String layer) {
		return core.of(features.get(layer), scope);
	}

	/** The part of a whole image's (1, N, h, w) map under the core, as an array of {@link #scope}. */
	public NDArray under(TileCore core, NDArray whole) {
		NDArray part = whole.get(core.whole());
		part.attach(scope);
		return part;
	}
}

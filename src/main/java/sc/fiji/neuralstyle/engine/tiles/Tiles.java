package sc.fiji.neuralstyle.engine.tiles;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Cuts images into tiles as a {@link Tiling} says, and runs tile passes without
 * gradient (the first pass of a tiled evaluation, targets of large images). See {@code StyleObjective}
 * for why tiles give the whole image's loss and gradient.
 */
public final class Tiles {

	private final Tiling tiling;
	private final Features features;

	/** @param tiling how to cut, or null for one pass over any image */
	public Tiles(Tiling tiling, Features features) {
		this.tiling = tiling;
		this.features = features;
	}

	/** How images are cut; null: one pass over any image. */
	public Tiling tiling() {
		return tiling;
	}

	/** Whether this image is evaluated in more than one tile. */
	public boolean splits(NDArray image) {
		Shape s = image.getShape();
		return tiling != null && tiling.splits(s.get(3), s.get(2));
	}

	/** The tiles of an image at an evaluation (the grid moves from one evaluation to the next). */
	public List<TileGrid.Tile> grid(NDArray image, long evaluation) {
		Shape s = image.getShape();
		int tile = tiling.tile(), alignment = tiling.geometry().alignment();
		int offsetX = 0, offsetY = 0;
		if (tiling.shift()) {
			// Two different irrationals, so the grid does not only slide along the diagonal.
			offsetX = TileGrid.offset(evaluation, tile, alignment, 0.6180339887498949);
			offsetY = TileGrid.offset(evaluation, tile, alignment, 0.7548776662466927);
		}
		return TileGrid.tiles((int) s.get(3), (int) s.get(2), tile, tiling.margin(), alignment, offsetX, offsetY);
	}

	/**
	 * Without gradient, hands each tile's crop and its features at {@code layers} (none if empty) to
	 * {@code each}; what a tile makes lives in a scope of {@code scope} closed after it.
	 */
	public void pass(NDArray image, List<TileGrid.Tile> tiles, Collection<String> layers, NDManager scope,
		Consumer<TileView> each)
	{
		Shape shape = image.getShape();
		int width = (int) shape.get(3), height = (int) shape.get(2);
		for (TileGrid.Tile tile : tiles) {
			try (NDManager tileScope = scope.newSubManager()) {
				NDArray crop = crop(image, tile, tileScope);
				Map<String, NDArray> f = layers.isEmpty() ? Map.of() : features.of(crop, layers);
				each.accept(view(tile, crop, f, width, height, tileScope));
			}
		}
	}

	/** A tile of an image of {@code width × height} px: its crop (or the crop's leaf) and the crop's features. */
	public TileView view(TileGrid.Tile tile, NDArray crop, Map<String, NDArray> cropFeatures, int width, int height,
		NDManager scope)
	{
		return new TileView(tile, crop, cropFeatures, width, height, tiling.geometry(), scope);
	}

	/** The (width, height) of a layer's feature map for an image of that size. */
	public int[] layerSize(String layer, int width, int height) {
		FeatureGeometry g = tiling.geometry();
		return new int[] { g.featureLength(layer, width), g.featureLength(layer, height) };
	}

	/** A layer's positions (features per channel) for an image of that size. */
	public long positions(String layer, int width, int height) {
		int[] size = layerSize(layer, width, height);
		return (long) size[0] * size[1];
	}

	/** A tile's crop of the image, as an array of {@code scope}. */
	public static NDArray crop(NDArray image, TileGrid.Tile tile, NDManager scope) {
		NDArray crop = image.get(cropIndex(tile));
		crop.attach(scope);
		return crop;
	}

	public static NDIndex cropIndex(TileGrid.Tile tile) {
		return new NDIndex(":, :, {}:{}, {}:{}", tile.cropY0(), tile.cropY1(), tile.cropX0(), tile.cropX1());
	}
}

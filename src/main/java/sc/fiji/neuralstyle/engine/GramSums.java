package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The Gram matrices of an image's layers summed over its tiles' cores, per masked region: the whole
 * image's Gram matrix is the sum of its parts. Filled by a pass over the tiles without gradient.
 */
final class GramSums {

	private final List<StyleMask> regions;
	private final List<String> layers;
	private final NDManager scope;
	/** Per region, per layer. */
	private final List<Map<String, NDArray>> grams = new ArrayList<>();
	private final Map<String, Long> positions = new LinkedHashMap<>();

	/**
	 * @param width the image's width
	 * @param height the image's height
	 * @param scope owns the sums
	 */
	GramSums(List<StyleMask> regions, List<String> layers, Tiles tiles, int width, int height, NDManager scope) {
		this.regions = regions;
		this.layers = layers;
		this.scope = scope;
		for (int r = 0; r < regions.size(); r++) grams.add(new LinkedHashMap<>());
		for (String layer : layers) positions.put(layer, tiles.positions(layer, width, height));
	}

	/** Adds a tile's cores, each region's features weighted by its mask. */
	void add(TileView tile) {
		for (String layer : layers) {
			TileCore core = tile.core(layer);
			if (core.isEmpty()) continue;
			NDArray features = tile.coreFeatures(core, layer);
			for (int r = 0; r < regions.size(); r++) {
				NDArray gram = Losses.gram(regions.get(r).weigh(features, layer, core.whole(), tile.scope()));
				NDArray sum = grams.get(r).get(layer);
				if (sum == null) {
					gram.attach(scope);
					grams.get(r).put(layer, gram);
				}
				else {
					sum.addi(gram);
				}
			}
		}
	}

	/** After the pass: checks that every layer got a part. */
	GramSums complete() {
		for (String layer : layers) {
			if (!grams.get(0).containsKey(layer)) throw new IllegalStateException("No tile reached layer " + layer);
		}
		return this;
	}

	/** A region's Gram matrix at a layer. */
	NDArray gram(int region, String layer) {
		return grams.get(region).get(layer);
	}

	/** The layer's positions over the whole image. */
	long positions(String layer) {
		return positions.get(layer);
	}
}

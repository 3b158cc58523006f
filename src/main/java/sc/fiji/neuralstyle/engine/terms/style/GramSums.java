package sc.fiji.neuralstyle.engine.terms.style;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.terms.LossFormulas;
import sc.fiji.neuralstyle.engine.tiles.TileCore;
import sc.fiji.neuralstyle.engine.tiles.TileView;
import sc.fiji.neuralstyle.engine.tiles.Tiles;

/**
 * The Gram matrices of an image's layers summed over its tiles' cores, per masked region: the whole
 * image's Gram matrix is the sum of its parts; optionally also the first moments Σ m² F (the
 * features summed over positions, each weighted as the Gram matrix weighs it). Filled by a pass over
 * the tiles without gradient.
 */
final class GramSums {

	private final List<StyleMask> regions;
	private final List<String> layers;
	private final NDManager scope;
	/** Per region, per layer. */
	private final List<Map<String, NDArray>> grams = new ArrayList<>();
	/** Per region, per layer; null without first moments. */
	private final List<Map<String, NDArray>> sums;
	private final Map<String, Long> positions = new LinkedHashMap<>();

	/**
	 * @param width the image's width
	 * @param height the image's height
	 * @param scope owns the sums
	 */
	GramSums(List<StyleMask> regions, List<String> layers, Tiles tiles, int width, int height, NDManager scope) {
		this(regions, layers, tiles, width, height, scope, false);
	}

	/** @param firstMoments whether to sum Σ m² F too */
	GramSums(List<StyleMask> regions, List<String> layers, Tiles tiles, int width, int height, NDManager scope,
		boolean firstMoments)
	{
		this.regions = regions;
		this.layers = layers;
		this.scope = scope;
		this.sums = firstMoments ? new ArrayList<>() : null;
		for (int r = 0; r < regions.size(); r++) {
			grams.add(new LinkedHashMap<>());
			if (sums != null) sums.add(new LinkedHashMap<>());
		}
		for (String layer : layers) positions.put(layer, tiles.positions(layer, width, height));
	}

	/** Adds a tile's cores, each region's features weighted by its mask. */
	void add(TileView tile) {
		for (String layer : layers) {
			TileCore core = tile.core(layer);
			if (core.isEmpty()) continue;
			NDArray features = tile.coreFeatures(core, layer);
			for (int r = 0; r < regions.size(); r++) {
				StyleMask mask = regions.get(r);
				NDArray weighted = mask.weigh(features, layer, core.whole(), tile.scope());
				addInto(grams.get(r), layer, LossFormulas.gram(weighted));
				if (sums != null) {
					addInto(sums.get(r), layer, firstMoment(mask.weigh(weighted, layer, core.whole(), tile.scope())));
				}
			}
		}
	}

	private void addInto(Map<String, NDArray> into, String layer, NDArray part) {
		NDArray sum = into.get(layer);
		if (sum == null) {
			part.attach(scope);
			into.put(layer, part);
		}
		else {
			sum.addi(part);
		}
	}

	/** Σ over positions of a (1, N, h, w) map: the N-vector of its channels' sums. */
	static NDArray firstMoment(NDArray features) {
		long channels = features.getShape().get(1);
		return features.reshape(channels, features.getShape().size() / channels).sum(new int[] { 1 });
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

	/** A region's Σ m² F at a layer (with first moments only). */
	NDArray firstMoment(int region, String layer) {
		return sums.get(region).get(layer);
	}

	/** The layer's positions over the whole image. */
	long positions(String layer) {
		return positions.get(layer);
	}
}

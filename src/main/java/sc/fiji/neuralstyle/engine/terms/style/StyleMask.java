package sc.fiji.neuralstyle.engine.terms.style;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.terms.TermInputs;

/**
 * Where one style applies: the whole image, or a mask brought down to each style layer's resolution
 * by area averaging (so a feature takes the share of its area that the mask covers), with the sum of
 * its squares, the region's weight of positions (Gatys et al. 2017, guided Gram matrices).
 *
 * @param masks the mask per style layer over the whole image, (1, 1, h, w); null for the whole image
 * @param weights Σ m² per style layer; null without mask
 */
record StyleMask(Map<String, NDArray> masks, Map<String, Double> weights) {

	/** The whole image. */
	static final StyleMask WHOLE = new StyleMask(null, null);

	boolean masked() {
		return masks != null;
	}

	/** The features weighted by the mask (the part {@code where} selects), or the features. */
	NDArray weigh(NDArray features, String layer, NDIndex where, NDManager scope) {
		if (!masked()) return features;
		if (where == null) return features.mul(masks.get(layer));
		NDArray part = masks.get(layer).get(where); // a new array: the scope frees it, the mask stays
		part.attach(scope);
		return features.mul(part);
	}

	/** M (the layer's positions over the whole image) without a mask, Σ m² with one. */
	double weight(String layer, long positions) {
		return masked() ? weights.get(layer) : positions;
	}

	/** One mask per given mask image (the content's size), at the layers' resolutions, in {@code in.targets()}. */
	static List<StyleMask> of(TermInputs in, LayerWeights layers) {
		Map<String, long[]> sizes = layerSizes(in, layers);
		List<StyleMask> all = new ArrayList<>();
		for (FloatImage mask : in.masks()) {
			Map<String, NDArray> masks = new LinkedHashMap<>();
			Map<String, Double> weights = new LinkedHashMap<>();
			for (String layer : layers.names()) {
				long[] hw = sizes.get(layer);
				FloatImage m = Resampler.resize(mask, (int) hw[1], (int) hw[0]);
				double sumOfSquares = 0;
				for (float v : m.data()) sumOfSquares += (double) v * v;
				masks.put(layer, in.targets().create(m.data(), new Shape(1, 1, hw[0], hw[1])));
				weights.put(layer, Math.max(sumOfSquares, 1e-6));
			}
			all.add(new StyleMask(masks, weights));
		}
		return all;
	}

	/** The (height, width) of each layer's features for an image of the content's size. */
	static Map<String, long[]> layerSizes(TermInputs in, LayerWeights layers) {
		Map<String, long[]> sizes = new LinkedHashMap<>();
		Shape shape = in.content().getShape();
		if (in.tiles().splits(in.content())) {
			for (String layer : layers.names()) {
				int[] s = in.tiles().layerSize(layer, (int) shape.get(3), (int) shape.get(2));
				sizes.put(layer, new long[] { s[1], s[0] });
			}
			return sizes;
		}
		try (NDManager scope = in.targets().newSubManager()) {
			Map<String, NDArray> f = in.features().copyOf(in.content(), layers.names(), scope);
			for (String layer : layers.names()) {
				Shape s = f.get(layer).getShape();
				sizes.put(layer, new long[] { s.get(2), s.get(3) });
			}
		}
		return sizes;
	}
}

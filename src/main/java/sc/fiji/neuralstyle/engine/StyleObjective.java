package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.net.FeatureNetwork;
import sc.fiji.neuralstyle.net.Preprocessing;

/**
 * The total loss α·L_content + β·L_style + γ·L_tv of an image and its gradient. Holds the content
 * features P and the style targets, computed once from the target images and detached.
 * The image it is evaluated at is in [0, 1] with 1 (gray) or 3 (RGB) channels; gray images are
 * broadcast to three channels inside the graph, so the gradient comes back gray.
 * <p>
 * Several style images: without masks, each style layer's target is the blend Σ b_s A_s/M_s of the
 * styles' Gram matrices per position (neural-style's {@code -style_blend_weights}); with masks (one
 * per style, Gatys et al. 2017 §3), each style is a {@link StyleRegion}: the generated features are
 * weighted by the style's mask, brought down to the layer's resolution, before their Gram matrix,
 * and compared with that style's own target; the regions' losses add up.
 */
final class StyleObjective implements AutoCloseable {

	private final Engine engine;
	private final FeatureNetwork network;
	private final Preprocessing preprocessing;
	private final LayerWeights contentLayers;
	private final LayerWeights styleLayers;
	private final double contentWeight;
	private final double styleWeight;
	private final double tvWeight;
	private final NDManager targets;
	private final Map<String, NDArray> contentTargets = new LinkedHashMap<>();
	private final List<StyleRegion> regions = new ArrayList<>();
	private final List<String> layers;

	/** One image's style, or one masked region's: its target per layer and, for a region, its mask. */
	private record StyleRegion(Map<String, NDArray> targetPerPosition, Map<String, NDArray> masks,
		Map<String, Double> maskWeights)
	{
		boolean masked() {
			return masks != null;
		}
	}

	/**
	 * Computes the targets.
	 *
	 * @param content the content image, (1, C, H, W) in [0, 1]
	 * @param styles the style images, each (1, 3, H', W') in [0, 1]
	 * @param masks empty, or one mask per style, the content's size, values in [0, 1]
	 * @param parent owns the targets until {@link #close()}
	 */
	StyleObjective(Engine engine, FeatureNetwork network, Preprocessing preprocessing, StyleSettings settings,
		LayerWeights contentLayers, LayerWeights styleLayers, NDArray content, List<NDArray> styles,
		List<FloatImage> masks, NDManager parent)
	{
		if (!masks.isEmpty() && masks.size() != styles.size()) {
			throw new IllegalArgumentException(masks.size() + " masks for " + styles.size() + " style images");
		}
		this.engine = engine;
		this.network = network;
		this.preprocessing = preprocessing;
		this.contentLayers = contentLayers;
		this.styleLayers = styleLayers;
		this.contentWeight = settings.contentWeight();
		this.styleWeight = settings.styleWeight();
		this.tvWeight = settings.tvWeight();
		this.targets = parent.newSubManager();
		Set<String> needed = new LinkedHashSet<>();
		if (contentWeight > 0) needed.addAll(contentLayers.names());
		if (styleWeight > 0) needed.addAll(styleLayers.names());
		this.layers = new ArrayList<>(needed);
		if (contentWeight > 0) {
			try (NDManager scope = parent.newSubManager()) {
				Map<String, NDArray> f = features(content, contentLayers.names(), scope);
				for (String layer : contentLayers.names()) keep(contentTargets, layer, f.get(layer));
			}
		}
		if (styleWeight > 0) {
			List<Map<String, NDArray>> perStyle = new ArrayList<>();
			for (NDArray style : styles) perStyle.add(gramsPerPosition(style));
			if (masks.isEmpty()) {
				regions.add(new StyleRegion(blend(perStyle, settings.blendWeights(styles.size())), null, null));
			}
			else {
				Map<String, long[]> sizes = layerSizes(content);
				for (int i = 0; i < styles.size(); i++) regions.add(region(perStyle.get(i), masks.get(i), sizes));
			}
		}
	}

	/** A style image's Gram matrix per position A/M_A at every style layer. */
	private Map<String, NDArray> gramsPerPosition(NDArray style) {
		Map<String, NDArray> grams = new LinkedHashMap<>();
		try (NDManager scope = targets.newSubManager()) {
			Map<String, NDArray> f = features(style, styleLayers.names(), scope);
			for (String layer : styleLayers.names()) {
				NDArray gram = Losses.gram(f.get(layer));
				keep(grams, layer, gram.div(Losses.constant(gram, Losses.positions(f.get(layer)))));
			}
		}
		return grams;
	}

	/** Σ b_s A_s/M_s per layer: one target for a blend of styles (the only one for a single style). */
	private Map<String, NDArray> blend(List<Map<String, NDArray>> perStyle, double[] weights) {
		if (perStyle.size() == 1) return perStyle.get(0);
		Map<String, NDArray> blended = new LinkedHashMap<>();
		for (String layer : styleLayers.names()) {
			NDArray sum = null;
			for (int i = 0; i < perStyle.size(); i++) {
				NDArray a = perStyle.get(i).get(layer);
				NDArray weighted = a.mul(Losses.constant(a, weights[i]));
				sum = sum == null ? weighted : sum.add(weighted);
			}
			sum.attach(targets);
			blended.put(layer, sum);
		}
		return blended;
	}

	/** The (height, width) of each style layer's features for an image of the content's size. */
	private Map<String, long[]> layerSizes(NDArray content) {
		Map<String, long[]> sizes = new LinkedHashMap<>();
		try (NDManager scope = targets.newSubManager()) {
			Map<String, NDArray> f = features(content, styleLayers.names(), scope);
			for (String layer : styleLayers.names()) {
				Shape s = f.get(layer).getShape();
				sizes.put(layer, new long[] { s.get(2), s.get(3) });
			}
		}
		return sizes;
	}

	/**
	 * A masked region: the mask brought down to each layer's resolution by area averaging (so a
	 * feature takes the share of its area that the mask covers), and the sum of its squares, the
	 * region's weight of positions.
	 */
	private StyleRegion region(Map<String, NDArray> target, FloatImage mask, Map<String, long[]> sizes) {
		Map<String, NDArray> masks = new LinkedHashMap<>();
		Map<String, Double> weights = new LinkedHashMap<>();
		for (String layer : styleLayers.names()) {
			long[] hw = sizes.get(layer);
			FloatImage m = Resampler.resize(mask, (int) hw[1], (int) hw[0]);
			double sumOfSquares = 0;
			for (float v : m.data()) sumOfSquares += (double) v * v;
			masks.put(layer, targets.create(m.data(), new Shape(1, 1, hw[0], hw[1])));
			weights.put(layer, Math.max(sumOfSquares, 1e-6));
		}
		return new StyleRegion(target, masks, weights);
	}

	private void keep(Map<String, NDArray> into, String layer, NDArray value) {
		NDArray copy = value.duplicate();
		copy.attach(targets);
		into.put(layer, copy);
	}

	/** Runs the network on an image in [0, 1], in {@code scope}. */
	private Map<String, NDArray> features(NDArray image, List<String> wanted, NDManager scope) {
		NDArray input = image.duplicate();
		input.attach(scope);
		return network.forward(preprocessing.apply(toRgb(input)), wanted);
	}

	private static NDArray toRgb(NDArray image) {
		Shape s = image.getShape();
		return s.get(1) == 3 ? image : image.broadcast(new Shape(s.get(0), 3, s.get(2), s.get(3)));
	}

	/**
	 * Loss terms and the gradient at x. A fresh leaf is made from x for every call, so the gradient
	 * never accumulates across evaluations (DJL's PyTorch collector does not zero it).
	 *
	 * @param x the image, (1, C, H, W) in [0, 1]-ish, not modified
	 * @param owner owns the returned gradient
	 */
	Terms evaluate(NDArray x, NDManager owner) {
		try (NDManager scope = owner.newSubManager()) {
			NDArray leaf = x.duplicate();
			leaf.attach(scope);
			leaf.setRequiresGradient(true);
			double content = 0, style = 0, tv = 0, total;
			try (GradientCollector collector = engine.newGradientCollector()) {
				NDArray loss = scope.zeros(new Shape(), leaf.getDataType());
				if (!layers.isEmpty()) {
					Map<String, NDArray> f = network.forward(preprocessing.apply(toRgb(leaf)), layers);
					if (contentWeight > 0) {
						NDArray c = weightedSum(contentLayers, layer -> Losses.content(f.get(layer), contentTargets.get(layer)));
						content = c.getFloat();
						loss = loss.add(c.mul(Losses.constant(c, contentWeight)));
					}
					if (styleWeight > 0) {
						NDArray s = weightedSum(styleLayers, layer -> styleTerm(f.get(layer), layer));
						style = s.getFloat();
						loss = loss.add(s.mul(Losses.constant(s, styleWeight)));
					}
				}
				if (tvWeight > 0) {
					NDArray t = Losses.totalVariation(leaf);
					tv = t.getFloat();
					loss = loss.add(t.mul(Losses.constant(t, tvWeight)));
				}
				total = loss.getFloat();
				collector.backward(loss);
			}
			NDArray gradient = leaf.getGradient().duplicate();
			gradient.attach(owner);
			return new Terms(total, content, style, tv, gradient);
		}
	}

	/** One layer's style loss: over the regions for masked styles, else against the (blended) target. */
	private NDArray styleTerm(NDArray features, String layer) {
		NDArray sum = null;
		for (StyleRegion r : regions) {
			NDArray term = r.masked()
				? Losses.styleLayer(Losses.gram(features.mul(r.masks().get(layer))), r.maskWeights().get(layer),
					r.targetPerPosition().get(layer))
				: Losses.styleLayer(Losses.gram(features), Losses.positions(features), r.targetPerPosition().get(layer));
			sum = sum == null ? term : sum.add(term);
		}
		return sum;
	}

	/**
	 * The style loss of a region of an image against one style image's target, unweighted, for
	 * checking which style a region took: Σ_l w_l E_l with the generated features weighted by the mask.
	 *
	 * @param image (1, C, H, W) in [0, 1], the content's size
	 * @param style the index of a style (its target)
	 * @param region the index of a masked style whose mask selects the region
	 */
	double regionStyleLoss(NDArray image, int style, int region) {
		try (NDManager scope = targets.newSubManager()) {
			Map<String, NDArray> f = features(image, styleLayers.names(), scope);
			StyleRegion where = regions.get(region);
			NDArray sum = weightedSum(styleLayers, layer -> Losses.styleLayer(
				Losses.gram(f.get(layer).mul(where.masks().get(layer))), where.maskWeights().get(layer),
				regions.get(style).targetPerPosition().get(layer)));
			return sum.getFloat();
		}
	}

	private static NDArray weightedSum(LayerWeights layers, java.util.function.Function<String, NDArray> term) {
		NDArray sum = null;
		for (String layer : layers.names()) {
			NDArray term0 = term.apply(layer);
			NDArray t = term0.mul(Losses.constant(term0, layers.weight(layer)));
			sum = sum == null ? t : sum.add(t);
		}
		return sum;
	}

	@Override
	public void close() {
		targets.close();
	}

	/** The loss terms (content, style, tv unweighted) and the gradient of the total. */
	record Terms(double total, double content, double style, double tv, NDArray gradient) {}
}

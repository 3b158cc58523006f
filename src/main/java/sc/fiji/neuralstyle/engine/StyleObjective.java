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
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.net.FeatureNetwork;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.text.Counts;

/**
 * The total loss α·L_content + β·L_style + γ·L_tv of an image and its gradient. Holds the content
 * features P and the style Gram matrices A, computed once from the target images and detached.
 * The image it is evaluated at is in [0, 1] with 1 (gray) or 3 (RGB) channels; gray images are
 * broadcast to three channels inside the graph, so the gradient comes back gray.
 * <p>
 * <b>Tiles.</b> With a {@link Tiling}, images larger than a tile are evaluated tile by tile, so that
 * the network's memory is that of one tile while loss and gradient stay the whole image's (the same
 * up to rounding, when the margin is the {@link FeatureGeometry#margin() receptive field's}):
 * <ol>
 * <li>pass 1, without gradient: each tile's crop (core plus margin) goes through the network; the
 * features of its core are added into each style layer's Gram matrix G (the whole image's Gram is
 * the sum of its parts) and its content and total-variation terms into the losses;</li>
 * <li>with G known, the style loss's derivative with respect to a feature is (G/M − Â) F / (M N²)
 * (Â the style's Gram per position): it needs the global difference D = G/M − Â and the feature
 * alone. So pass 2 runs each crop again with gradient and back-propagates the tile's share of the
 * loss, Σ_core ½(F − P)² for content, Σ D ⊙ F_core F_coreᵀ / (2 M N²) for style (whose derivative is
 * the style loss's), the tile's total-variation terms; the crop's gradient is added into the whole
 * image's. Crops overlap, and the sum over them is the whole image's gradient.</li>
 * </ol>
 * The tile grid moves from one evaluation to the next (by golden-ratio steps), so that any border
 * effect left (with a margin smaller than the receptive field) is spread, not stacked. Targets of
 * large images are computed tile by tile too.
 * <p>
 * <b>Several styles.</b> Without masks, each style layer's target is the blend Σ b_s A_s/M_s of the
 * styles' Gram matrices per position (neural-style's {@code -style_blend_weights}). With masks (one
 * per style, Gatys et al. 2017 §3), each style is a {@link StyleRegion}: the generated features are
 * weighted by the style's mask, brought down to the layer's resolution, before their Gram matrix,
 * which is divided by the mask's weight Σ m² and compared with that style's own target; the regions'
 * losses add up. Tiles take the mask's part under their core, so the same holds tile by tile.
 */
final class StyleObjective implements AutoCloseable {

	/**
	 * How to cut images into tiles.
	 *
	 * @param geometry where the layers' features sit
	 * @param tile the side of a tile's core, a multiple of the geometry's alignment
	 * @param margin the context around a core: the geometry's margin for exact results; smaller only
	 *          to measure what the margin buys
	 * @param shift move the grid at every evaluation
	 */
	record Tiling(FeatureGeometry geometry, int tile, int margin, boolean shift) {

		/** Exact tiles of the given side (rounded down to the alignment), moving grid. */
		static Tiling of(FeatureGeometry geometry, int tile) {
			int side = Math.max(geometry.alignment(), tile / geometry.alignment() * geometry.alignment());
			return new Tiling(geometry, side, geometry.margin(), true);
		}

		/** Whether an image of this size needs more than one tile. */
		boolean splits(long width, long height) {
			return width > tile || height > tile;
		}
	}

	private final Engine engine;
	private final FeatureNetwork network;
	private final Preprocessing preprocessing;
	private final LayerWeights contentLayers;
	private final LayerWeights styleLayers;
	private final double contentWeight;
	private final double styleWeight;
	private final double tvWeight;
	private final Tiling tiling;
	private final NDManager targets;
	private final Map<String, NDArray> contentTargets = new LinkedHashMap<>();
	private final List<StyleRegion> regions = new ArrayList<>();
	private final List<String> layers;
	private long evaluations;

	/**
	 * One style's target, or one masked region's.
	 *
	 * @param targetPerPosition A/M_A per style layer (a blend of styles' for an unmasked region)
	 * @param masks the mask per style layer at that layer's resolution over the whole image, (1, 1, h, w);
	 *          null for the whole image
	 * @param maskWeights Σ m² per style layer: the region's weight of positions; null without mask
	 */
	private record StyleRegion(Map<String, NDArray> targetPerPosition, Map<String, NDArray> masks,
		Map<String, Double> maskWeights)
	{
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
			return masked() ? maskWeights.get(layer) : positions;
		}
	}

	/** Computes the targets, each image in one pass. */
	StyleObjective(Engine engine, FeatureNetwork network, Preprocessing preprocessing, StyleSettings settings,
		LayerWeights contentLayers, LayerWeights styleLayers, NDArray content, List<NDArray> styles,
		List<FloatImage> masks, NDManager parent)
	{
		this(engine, network, preprocessing, settings, contentLayers, styleLayers, content, styles, masks, parent, null);
	}

	/**
	 * Computes the targets.
	 *
	 * @param content the content image, (1, C, H, W) in [0, 1]
	 * @param styles the style images, each (1, 3, H', W') in [0, 1]
	 * @param masks empty, or one mask per style, the content's size, values in [0, 1]
	 * @param parent owns the targets until {@link #close()}
	 * @param tiling how to cut images larger than a tile, or null for one pass over any image
	 */
	StyleObjective(Engine engine, FeatureNetwork network, Preprocessing preprocessing, StyleSettings settings,
		LayerWeights contentLayers, LayerWeights styleLayers, NDArray content, List<NDArray> styles,
		List<FloatImage> masks, NDManager parent, Tiling tiling)
	{
		this(engine, network, preprocessing, settings, contentLayers, styleLayers, content, styles, masks, parent, tiling,
			null);
	}

	/**
	 * Computes the targets, taking each style image's Gram matrices from {@code styleTargets} when it
	 * has them for the same image and layers (a later run with the same style), else keeping them there.
	 *
	 * @param styleTargets the style targets of earlier runs on this network, or null
	 */
	StyleObjective(Engine engine, FeatureNetwork network, Preprocessing preprocessing, StyleSettings settings,
		LayerWeights contentLayers, LayerWeights styleLayers, NDArray content, List<NDArray> styles,
		List<FloatImage> masks, NDManager parent, Tiling tiling, StyleTargets styleTargets)
	{
		if (!masks.isEmpty() && masks.size() != styles.size()) {
			throw new IllegalArgumentException(Counts.of(masks.size(), "mask") + " for " + Counts.of(styles.size(), "style image"));
		}
		this.engine = engine;
		this.network = network;
		this.preprocessing = preprocessing;
		this.contentLayers = contentLayers;
		this.styleLayers = styleLayers;
		this.contentWeight = settings.contentWeight();
		this.styleWeight = settings.styleWeight();
		this.tvWeight = settings.tvWeight();
		this.tiling = tiling;
		this.targets = parent.newSubManager();
		Set<String> needed = new LinkedHashSet<>();
		if (contentWeight > 0) needed.addAll(contentLayers.names());
		if (styleWeight > 0) needed.addAll(styleLayers.names());
		this.layers = new ArrayList<>(needed);
		if (contentWeight > 0) {
			try (NDManager scope = parent.newSubManager()) {
				if (tiled(content)) {
					contentTargetsByTile(content, scope);
				}
				else {
					Map<String, NDArray> f = features(content, contentLayers.names(), scope);
					for (String layer : contentLayers.names()) keep(contentTargets, layer, f.get(layer));
				}
			}
		}
		if (styleWeight > 0) {
			List<Map<String, NDArray>> perStyle = new ArrayList<>();
			for (NDArray style : styles) {
				perStyle.add(styleTargets == null ? gramsPerPosition(style)
					: styleTargets.grams(style, styleLayers.names(), tiling, targets, () -> gramsPerPosition(style)));
			}
			if (masks.isEmpty()) {
				regions.add(new StyleRegion(blend(perStyle, settings.blendWeights(styles.size())), null, null));
			}
			else {
				Map<String, long[]> sizes = layerSizes(content);
				for (int i = 0; i < styles.size(); i++) regions.add(region(perStyle.get(i), masks.get(i), sizes));
			}
		}
	}

	/** A style image's Gram matrix per position A/M_A at every style layer (tile by tile if it is large). */
	private Map<String, NDArray> gramsPerPosition(NDArray style) {
		Map<String, NDArray> grams = new LinkedHashMap<>();
		try (NDManager scope = targets.newSubManager()) {
			if (tiled(style)) {
				Accumulated sums = accumulate(style, styleLayers.names(), WHOLE, List.of(), false, grid(style, 0), scope);
				for (String layer : styleLayers.names()) {
					NDArray gram = sums.grams.get(0).get(layer);
					keep(grams, layer, gram.div(Losses.constant(gram, sums.positions.get(layer))));
				}
			}
			else {
				Map<String, NDArray> f = features(style, styleLayers.names(), scope);
				for (String layer : styleLayers.names()) {
					NDArray gram = Losses.gram(f.get(layer));
					keep(grams, layer, gram.div(Losses.constant(gram, Losses.positions(f.get(layer)))));
				}
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
			blended.put(layer, sum); // in the targets' manager, as the first operands are
		}
		return blended;
	}

	/** The (height, width) of each style layer's features for an image of the content's size. */
	private Map<String, long[]> layerSizes(NDArray content) {
		Map<String, long[]> sizes = new LinkedHashMap<>();
		Shape shape = content.getShape();
		if (tiled(content)) {
			for (String layer : styleLayers.names()) {
				LayerShape s = layerShape(layer, (int) shape.get(3), (int) shape.get(2));
				sizes.put(layer, new long[] { s.height(), s.width() });
			}
			return sizes;
		}
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

	private boolean tiled(NDArray image) {
		Shape s = image.getShape();
		return tiling != null && tiling.splits(s.get(3), s.get(2));
	}

	private List<TileGrid.Tile> grid(NDArray image, long evaluation) {
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

	/** The content features of a large image, assembled from its tiles' cores. */
	private void contentTargetsByTile(NDArray content, NDManager scope) {
		Shape s = content.getShape();
		int width = (int) s.get(3), height = (int) s.get(2);
		for (TileGrid.Tile tile : grid(content, 0)) {
			try (NDManager tileScope = scope.newSubManager()) {
				Map<String, NDArray> f = network.forward(preprocessing.apply(toRgb(crop(content, tile, tileScope))),
					contentLayers.names());
				for (String layer : contentLayers.names()) {
					NDArray features = f.get(layer);
					NDArray whole = contentTargets.get(layer);
					if (whole == null) {
						LayerShape all = layerShape(layer, width, height);
						whole = targets.zeros(new Shape(1, features.getShape().get(1), all.height, all.width),
							features.getDataType());
						contentTargets.put(layer, whole);
					}
					Core core = core(layer, tile, width, height);
					if (!core.isEmpty()) whole.set(core.whole(), core.of(features, tileScope));
				}
			}
		}
	}

	/**
	 * Loss terms and the gradient at x. A fresh leaf is made from x for every call, so the gradient
	 * never accumulates across evaluations (DJL's PyTorch collector does not zero it).
	 *
	 * @param x the image, (1, C, H, W) in [0, 1]-ish, not modified
	 * @param owner owns the returned gradient
	 */
	Terms evaluate(NDArray x, NDManager owner) {
		long evaluation = evaluations++;
		return tiled(x) ? evaluateByTiles(x, owner, evaluation) : evaluateWhole(x, owner);
	}

	private Terms evaluateWhole(NDArray x, NDManager owner) {
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
						NDArray s = weightedSum(styleLayers, layer -> styleTerm(f.get(layer), layer, scope));
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

	private Terms evaluateByTiles(NDArray x, NDManager owner, long evaluation) {
		Shape shape = x.getShape();
		int width = (int) shape.get(3), height = (int) shape.get(2);
		List<TileGrid.Tile> tiles = grid(x, evaluation);
		try (NDManager scope = owner.newSubManager()) {
			// Pass 1: the whole image's Gram matrices (per region) and loss terms, tile by tile, without gradient.
			Accumulated sums = accumulate(x, styleWeight > 0 ? styleLayers.names() : List.of(), regions,
				contentWeight > 0 ? contentLayers.names() : List.of(), tvWeight > 0, tiles, scope);
			double style = 0;
			List<Map<String, NDArray>> differences = new ArrayList<>();
			for (int r = 0; r < (styleWeight > 0 ? regions.size() : 0); r++) {
				StyleRegion region = regions.get(r);
				Map<String, NDArray> d = new LinkedHashMap<>();
				for (String layer : styleLayers.names()) {
					NDArray gram = sums.grams.get(r).get(layer);
					// D = G/W − A/M_A, as Losses.styleLayer forms it (the gram first keeps results in scope).
					NDArray difference = gram.div(Losses.constant(gram, region.weight(layer, sums.positions.get(layer))))
						.sub(region.targetPerPosition().get(layer));
					long n = gram.getShape().get(0);
					style += styleLayers.weight(layer) * difference.square().sum().getFloat() / (4.0 * n * n);
					d.put(layer, difference);
				}
				differences.add(d);
			}
			double content = sums.content, tv = sums.tv;
			double total = contentWeight * content + styleWeight * style + tvWeight * tv;

			// Pass 2: each tile's share of the loss, differentiated; crops' gradients add up.
			NDArray gradient = owner.zeros(shape, x.getDataType());
			for (TileGrid.Tile tile : tiles) {
				try (NDManager tileScope = scope.newSubManager()) {
					NDArray leaf = crop(x, tile, tileScope).duplicate();
					leaf.attach(tileScope);
					leaf.setRequiresGradient(true);
					boolean any;
					try (GradientCollector collector = engine.newGradientCollector()) {
						NDArray loss = tileShare(leaf, tile, width, height, differences, sums.positions, tileScope);
						any = loss != null;
						if (any) collector.backward(loss);
					}
					if (!any) continue;
					NDIndex region = cropIndex(tile);
					NDArray sum = gradient.get(region);
					sum.attach(tileScope);
					gradient.set(region, sum.add(leaf.getGradient()));
				}
			}
			return new Terms(total, content, style, tv, gradient);
		}
	}

	/**
	 * The tile's share of the loss as a function of its crop: content and total-variation terms of its
	 * core, and the style term whose derivative is the style loss's; null when its core holds no term.
	 */
	private NDArray tileShare(NDArray leaf, TileGrid.Tile tile, int width, int height,
		List<Map<String, NDArray>> differences, Map<String, Long> positions, NDManager scope)
	{
		NDArray loss = null;
		if (!layers.isEmpty()) {
			Map<String, NDArray> f = network.forward(preprocessing.apply(toRgb(leaf)), layers);
			if (contentWeight > 0) {
				for (String layer : contentLayers.names()) {
					Core core = core(layer, tile, width, height);
					if (core.isEmpty()) continue;
					NDArray target = contentTargets.get(layer).get(core.whole());
					target.attach(scope);
					NDArray term = Losses.content(core.of(f.get(layer), scope), target);
					loss = plus(loss, term.mul(Losses.constant(term, contentWeight * contentLayers.weight(layer))));
				}
			}
			if (styleWeight > 0) {
				for (String layer : styleLayers.names()) {
					Core core = core(layer, tile, width, height);
					if (core.isEmpty()) continue;
					NDArray features = core.of(f.get(layer), scope);
					for (int r = 0; r < regions.size(); r++) {
						StyleRegion region = regions.get(r);
						NDArray gram = Losses.gram(region.weigh(features, layer, core.whole(), scope));
						long n = gram.getShape().get(0);
						double w = region.weight(layer, positions.get(layer));
						NDArray term = gram.mul(differences.get(r).get(layer)).sum();
						loss = plus(loss, term.mul(Losses.constant(term,
							styleWeight * styleLayers.weight(layer) / (2.0 * w * n * n))));
					}
				}
			}
		}
		if (tvWeight > 0) {
			NDArray t = Losses.totalVariation(leaf, tile.x0() - tile.cropX0(), tile.y0() - tile.cropY0(),
				tile.x1() - tile.cropX0(), tile.y1() - tile.cropY0());
			if (t != null) loss = plus(loss, t.mul(Losses.constant(t, tvWeight)));
		}
		return loss;
	}

	private static NDArray plus(NDArray sum, NDArray term) {
		return sum == null ? term : sum.add(term);
	}

	/** The sums of pass 1. */
	private static final class Accumulated {
		/** Per region, per layer. */
		final List<Map<String, NDArray>> grams = new ArrayList<>();
		final Map<String, Long> positions = new LinkedHashMap<>();
		double content;
		double tv;
	}

	/** The one region of a style image's own target: the whole image. */
	private static final List<StyleRegion> WHOLE = java.util.Collections.singletonList(new StyleRegion(null, null, null));

	/**
	 * Without gradient, over the tiles of an image: the Gram matrices of {@code gramLayers} for each
	 * region (features weighted by its mask), with the layers' numbers of positions, the weighted
	 * content loss over {@code contentLayerNames}, and the total variation if asked for.
	 */
	private Accumulated accumulate(NDArray image, List<String> gramLayers, List<StyleRegion> gramRegions,
		List<String> contentLayerNames, boolean withTv, List<TileGrid.Tile> tiles, NDManager scope)
	{
		Shape shape = image.getShape();
		int width = (int) shape.get(3), height = (int) shape.get(2);
		Set<String> wanted = new LinkedHashSet<>(gramLayers);
		wanted.addAll(contentLayerNames);
		Accumulated sums = new Accumulated();
		for (int r = 0; r < gramRegions.size(); r++) sums.grams.add(new LinkedHashMap<>());
		for (String layer : gramLayers) {
			LayerShape s = layerShape(layer, width, height);
			sums.positions.put(layer, (long) s.width * s.height);
		}
		for (TileGrid.Tile tile : tiles) {
			try (NDManager tileScope = scope.newSubManager()) {
				NDArray crop = crop(image, tile, tileScope);
				if (!wanted.isEmpty()) {
					Map<String, NDArray> f = network.forward(preprocessing.apply(toRgb(crop)), new ArrayList<>(wanted));
					for (String layer : gramLayers) {
						Core core = core(layer, tile, width, height);
						if (core.isEmpty()) continue;
						NDArray features = core.of(f.get(layer), tileScope);
						for (int r = 0; r < gramRegions.size(); r++) {
							NDArray gram = Losses.gram(gramRegions.get(r).weigh(features, layer, core.whole(), tileScope));
							NDArray sum = sums.grams.get(r).get(layer);
							if (sum == null) {
								gram.attach(scope);
								sums.grams.get(r).put(layer, gram);
							}
							else {
								sum.addi(gram);
							}
						}
					}
					for (String layer : contentLayerNames) {
						Core core = core(layer, tile, width, height);
						if (core.isEmpty()) continue;
						NDArray target = contentTargets.get(layer).get(core.whole());
						target.attach(tileScope);
						sums.content += contentLayers.weight(layer)
							* Losses.content(core.of(f.get(layer), tileScope), target).getFloat();
					}
				}
				if (withTv) {
					NDArray t = Losses.totalVariation(crop, tile.x0() - tile.cropX0(), tile.y0() - tile.cropY0(),
						tile.x1() - tile.cropX0(), tile.y1() - tile.cropY0());
					if (t != null) sums.tv += t.getFloat();
				}
			}
		}
		for (String layer : gramLayers) {
			if (!sums.grams.get(0).containsKey(layer)) throw new IllegalStateException("No tile reached layer " + layer);
		}
		return sums;
	}

	/** A tile's crop of the image, as an array of {@code scope}. */
	private static NDArray crop(NDArray image, TileGrid.Tile tile, NDManager scope) {
		NDArray crop = image.get(cropIndex(tile));
		crop.attach(scope);
		return crop;
	}

	private static NDIndex cropIndex(TileGrid.Tile tile) {
		return new NDIndex(":, :, {}:{}, {}:{}", tile.cropY0(), tile.cropY1(), tile.cropX0(), tile.cropX1());
	}

	/** A layer's feature-map size for the whole image. */
	private record LayerShape(int width, int height) {}

	private LayerShape layerShape(String layer, int width, int height) {
		FeatureGeometry g = tiling.geometry();
		return new LayerShape(g.featureLength(layer, width), g.featureLength(layer, height));
	}

	/**
	 * The features of a tile's core at one layer: where they are in the whole image's feature map and
	 * in the crop's.
	 */
	private record Core(int x0, int y0, int x1, int y1, int cropX, int cropY) {

		boolean isEmpty() {
			return x1 <= x0 || y1 <= y0;
		}

		NDIndex whole() {
			return new NDIndex(":, :, {}:{}, {}:{}", y0, y1, x0, x1);
		}

		/** The core's part of the crop's feature map, as an array of {@code scope}. */
		NDArray of(NDArray cropFeatures, NDManager scope) {
			Shape s = cropFeatures.getShape();
			if (s.get(2) < y1 - cropY || s.get(3) < x1 - cropX) {
				throw new IllegalStateException("A tile's features " + s + " do not cover its core " + this);
			}
			NDArray core = cropFeatures.get(new NDIndex(":, :, {}:{}, {}:{}", y0 - cropY, y1 - cropY, x0 - cropX,
				x1 - cropX));
			core.attach(scope);
			return core;
		}
	}

	private Core core(String layer, TileGrid.Tile tile, int width, int height) {
		FeatureGeometry g = tiling.geometry();
		int[] xs = g.coreFeatures(layer, tile.x0(), tile.x1(), width);
		int[] ys = g.coreFeatures(layer, tile.y0(), tile.y1(), height);
		int jump = g.jump(layer);
		return new Core(xs[0], ys[0], xs[1], ys[1], tile.cropX0() / jump, tile.cropY0() / jump);
	}

	/** One layer's style loss over the whole image: over the regions for masked styles, else against the target. */
	private NDArray styleTerm(NDArray features, String layer, NDManager scope) {
		NDArray sum = null;
		for (StyleRegion r : regions) {
			NDArray term = Losses.styleLayer(Losses.gram(r.weigh(features, layer, null, scope)),
				r.weight(layer, Losses.positions(features)), r.targetPerPosition().get(layer));
			sum = sum == null ? term : sum.add(term);
		}
		return sum;
	}

	/**
	 * The style loss of a region of an image against one style's target, unweighted, for checking
	 * which style a region took: Σ_l w_l E_l with the generated features weighted by the region's mask.
	 *
	 * @param image (1, C, H, W) in [0, 1], the content's size (one pass)
	 * @param style the index of a style (its target)
	 * @param region the index of a masked style whose mask selects the region
	 */
	double regionStyleLoss(NDArray image, int style, int region) {
		try (NDManager scope = targets.newSubManager()) {
			Map<String, NDArray> f = features(image, styleLayers.names(), scope);
			StyleRegion where = regions.get(region);
			NDArray sum = weightedSum(styleLayers, layer -> Losses.styleLayer(
				Losses.gram(where.weigh(f.get(layer), layer, null, scope)), where.weight(layer, 0),
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

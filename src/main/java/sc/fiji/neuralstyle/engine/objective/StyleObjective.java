package sc.fiji.neuralstyle.engine.objective;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.TermValues;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.LayerTerm;
import sc.fiji.neuralstyle.engine.terms.LossSum;
import sc.fiji.neuralstyle.engine.terms.LossTerm;
import sc.fiji.neuralstyle.engine.terms.NormalizedGradients;
import sc.fiji.neuralstyle.engine.terms.StyleTargets;
import sc.fiji.neuralstyle.engine.terms.TemporalTargets;
import sc.fiji.neuralstyle.engine.terms.TermInputs;
import sc.fiji.neuralstyle.engine.tiles.FeatureGeometry;
import sc.fiji.neuralstyle.engine.tiles.Features;
import sc.fiji.neuralstyle.engine.tiles.TileGrid;
import sc.fiji.neuralstyle.engine.tiles.TileView;
import sc.fiji.neuralstyle.engine.tiles.Tiles;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.text.Counts;

/**
 * The total loss of an image, Σ weight · term over its {@link LossTerm}s (α·L_content + β·L_style +
 * γ·L_tv, {@link TermTable}), and its gradient. The terms hold their targets, computed once from the
 * target images and detached. The image it is evaluated at is in [0, 1] with 1 (gray) or 3 (RGB)
 * channels; gray images are broadcast to three channels inside the graph, so the gradient comes back
 * gray. The network runs once per evaluation for all the terms' layers.
 * <p>
 * <b>Tiles.</b> With a {@link Tiling}, images larger than a tile are evaluated tile by tile, so that
 * the network's memory is that of one tile while loss and gradient stay the whole image's (the same
 * up to rounding, when the margin is the {@link FeatureGeometry#margin() receptive field's}):
 * <ol>
 * <li>pass 1, without gradient: each tile's crop (core plus margin) goes through the network, and
 * each term adds its core's statistics into its sums (the style term the core's Gram matrices: the
 * whole image's Gram matrix is the sum of its parts; content and tv their parts of the loss); then
 * each term knows its value;</li>
 * <li>pass 2 runs each crop again with gradient and back-propagates the tile's share of each term,
 * whose gradient is the tile's part of the term's (the style term's needs the global G/M − Â from
 * pass 1); the crop's gradient is added into the whole image's. Crops overlap, and the sum over them
 * is the whole image's gradient.</li>
 * </ol>
 * The tile grid moves from one evaluation to the next (by golden-ratio steps), so that any border
 * effect left (with a margin smaller than the receptive field) is spread, not stacked. Targets of
 * large images are computed tile by tile too.
 */
public final class StyleObjective implements AutoCloseable {

	private final Engine engine;
	private final Features features;
	private final Tiles tiles;
	private final NDManager targets;
	/** One per loss-log column, in order; those of weight 0 compute nothing. */
	private final List<LossTerm> terms;
	private final List<String> names = new ArrayList<>();
	/** The layers the active terms read, for one forward pass. */
	private final List<String> layers;
	/** Whether layer terms' gradients are normalised per layer ({@link NormalizedGradients}). */
	private final boolean normalize;
	private long evaluations;

	/**
	 * The objective of the terms {@code terms} makes from the inputs (the usual ones:
	 * {@link TermTable#create}); it owns {@code inputs.targets()}.
	 */
	public StyleObjective(Engine engine, TermInputs inputs, Function<TermInputs, List<LossTerm>> terms) {
		this.engine = engine;
		this.normalize = inputs.settings().normalizeGradients();
		this.features = inputs.features();
		this.tiles = inputs.tiles();
		this.targets = inputs.targets();
		try {
			this.terms = List.copyOf(terms.apply(inputs));
		}
		catch (RuntimeException e) {
			targets.close();
			throw e;
		}
		Set<String> needed = new LinkedHashSet<>();
		for (LossTerm term : this.terms) {
			names.add(term.name());
			if (term.active()) needed.addAll(term.layers());
		}
		this.layers = new ArrayList<>(needed);
	}

	/** What the terms are made from; the targets' manager is a new one under {@code parent}. */
	public static TermInputs inputs(FeatureNetwork network, Preprocessing preprocessing, StyleSettings settings,
		LayerWeights contentLayers, LayerWeights styleLayers, NDArray content, List<NDArray> styles,
		List<FloatImage> masks, NDManager parent, Tiling tiling, StyleTargets styleTargets, TemporalTargets temporal)
	{
		if (!masks.isEmpty() && masks.size() != styles.size()) {
			throw new IllegalArgumentException(Counts.of(masks.size(), "mask") + " for " + Counts.of(styles.size(), "style image"));
		}
		Features features = new Features(network, preprocessing, settings.padding());
		return new TermInputs(settings, features, new Tiles(tiling, features), contentLayers, styleLayers, content,
			styles, masks, parent.newSubManager(), styleTargets, temporal);
	}

	/** The loss-log columns of its terms, in order. */
	public List<String> names() {
		return names;
	}

	/**
	 * Loss terms and the gradient at x. A fresh leaf is made from x for every call, so the gradient
	 * never accumulates across evaluations (DJL's PyTorch collector does not zero it).
	 *
	 * @param x the image, (1, C, H, W) in [0, 1]-ish, not modified
	 * @param owner owns the returned gradient
	 */
	public Terms evaluate(NDArray x, NDManager owner) {
		long evaluation = evaluations++;
		return tiles.splits(x) ? evaluateByTiles(x, owner, evaluation, true) : evaluateWhole(x, owner, true);
	}

	/**
	 * The loss terms at x without the gradient (a forward pass; with tiles pass 1 alone): for an image
	 * that is not the optimiser's, such as the average of the iterates. The result's gradient is null.
	 */
	public Terms loss(NDArray x, NDManager owner) {
		long evaluation = evaluations++;
		return tiles.splits(x) ? evaluateByTiles(x, owner, evaluation, false) : evaluateWhole(x, owner, false);
	}

	private Terms evaluateWhole(NDArray x, NDManager owner, boolean withGradient) {
		try (NDManager scope = owner.newSubManager()) {
			NDArray leaf = x.duplicate();
			leaf.attach(scope);
			if (!withGradient) return wholeValues(leaf, scope, null);
			leaf.setRequiresGradient(true);
			Terms terms;
			try (GradientCollector collector = engine.newGradientCollector()) {
				terms = wholeValues(leaf, scope, collector);
			}
			NDArray gradient = leaf.getGradient().duplicate();
			gradient.attach(owner);
			return new Terms(terms.total(), terms.values(), gradient);
		}
	}

	/** The terms over the whole image; with a collector, backward from their sum (gradient not taken). */
	private Terms wholeValues(NDArray leaf, NDManager scope, GradientCollector collector) {
		double[] values = new double[terms.size()];
		LossSum loss = new LossSum(scope.zeros(new Shape(), leaf.getDataType()));
		Map<String, NDArray> f = layers.isEmpty() ? Map.of() : features.of(leaf, layers);
		boolean normalized = false;
		for (int i = 0; i < terms.size(); i++) {
			LossTerm term = terms.get(i);
			if (!term.active()) continue;
			if (normalize && collector != null && term instanceof LayerTerm layerTerm) {
				values[i] = NormalizedGradients.addWhole(layerTerm, f, loss, scope, collector);
				normalized = true;
			}
			else {
				values[i] = term.addWhole(leaf, f, loss, scope);
			}
		}
		// Normalised parts are no loss: then the total is the terms' weighted sum.
		double total = normalized ? weighted(values) : loss.value().getFloat();
		if (collector != null) collector.backward(loss.value());
		return new Terms(total, TermValues.of(names, values), null);
	}

	private double weighted(double[] values) {
		double total = 0;
		for (int i = 0; i < terms.size(); i++) {
			if (terms.get(i).active()) total += terms.get(i).weight() * values[i];
		}
		return total;
	}

	private Terms evaluateByTiles(NDArray x, NDManager owner, long evaluation, boolean withGradient) {
		Shape shape = x.getShape();
		int width = (int) shape.get(3), height = (int) shape.get(2);
		List<TileGrid.Tile> grid = tiles.grid(x, evaluation);
		try (NDManager scope = owner.newSubManager()) {
			// Pass 1: each term's sums over the tiles, without gradient; then its value.
			List<LossTerm.Tiled> parts = new ArrayList<>();
			for (LossTerm term : terms) {
				if (!term.active()) parts.add(null);
				else if (normalize && withGradient && term instanceof LayerTerm t) {
					parts.add(new NormalizedGradients.Tiled(t, width, height, scope));
				}
				else parts.add(term.tiled(width, height, scope));
			}
			tiles.pass(x, grid, layers, scope, tile -> {
				for (LossTerm.Tiled part : parts) if (part != null) part.add(tile);
			});
			double[] values = new double[terms.size()];
			for (int i = 0; i < terms.size(); i++) {
				if (parts.get(i) != null) values[i] = parts.get(i).value();
			}
			double total = weighted(values);
			if (!withGradient) return new Terms(total, TermValues.of(names, values), null);
			List<NormalizedGradients.Tiled> normalized = NormalizedGradients.Tiled.among(parts);
			if (!normalized.isEmpty()) {
				tiles.pass(x, grid, layers, scope, tile -> {
					try (GradientCollector collector = engine.newGradientCollector()) {
						for (NormalizedGradients.Tiled part : normalized) part.measure(tile, collector);
					}
				});
			}

			// Pass 2: each tile's share of the loss, differentiated; crops' gradients add up.
			NDArray gradient = owner.zeros(shape, x.getDataType());
			for (TileGrid.Tile tile : grid) {
				try (NDManager tileScope = scope.newSubManager()) {
					NDArray leaf = Tiles.crop(x, tile, tileScope).duplicate();
					leaf.attach(tileScope);
					leaf.setRequiresGradient(true);
					boolean any;
					try (GradientCollector collector = engine.newGradientCollector()) {
						Map<String, NDArray> f = layers.isEmpty() ? Map.of() : features.of(leaf, layers);
						TileView view = tiles.view(tile, leaf, f, width, height, tileScope);
						LossSum loss = new LossSum(null);
						for (LossTerm.Tiled part : parts) if (part != null) part.addShare(view, loss);
						any = loss.value() != null;
						if (any) collector.backward(loss.value());
					}
					if (!any) continue;
					NDIndex region = Tiles.cropIndex(tile);
					NDArray sum = gradient.get(region);
					sum.attach(tileScope);
					gradient.set(region, sum.add(leaf.getGradient()));
				}
			}
			return new Terms(total, TermValues.of(names, values), gradient);
		}
	}

	@Override
	public void close() {
		targets.close();
	}

	/**
	 * The loss terms' values (unweighted) and the gradient of the total.
	 *
	 * @param total the weighted sum of the terms
	 * @param values each term's value, by loss-log column
	 * @param gradient d total / d x
	 */
	public record Terms(double total, TermValues values, NDArray gradient) {

		public double content() {
			return values.get("content");
		}

		public double style() {
			return values.get("style");
		}

		public double tv() {
			return values.get("tv");
		}
	}
}

package sc.fiji.neuralstyle.engine.terms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.tiles.TileView;

/**
 * {@code normalize_gradients} (jcjohnson/neural-style's {@code -normalize_gradients}): the gradient a
 * layer term sends into each of its layers, ∂E_l/∂F_l, is divided by its L1 norm (plus 10⁻⁸) before
 * the term's and the layer's weights multiply it, so each layer's weight says how much it pulls,
 * whatever its loss's scale. The loss values stay the losses; only the gradient changes, so the
 * optimiser sees a gradient that is not the loss's (a line search judging steps by the loss is
 * refused with it, params.Preflight). Terms of the pixels (tv) are not normalised.
 * <p>
 * Each layer's ∂E_l/∂F_l is measured first, on a detached copy of the features, then the layer
 * gets ⟨F_l, c_l ∂E_l/∂F_l⟩ with c_l = weight·w_l / (‖∂E_l/∂F_l‖₁ + 10⁻⁸) held fixed, whose gradient
 * is the normalised one. In tiles the norm is the sum over the cores, measured in a pass of its own
 * between pass 1 and pass 2 (one more forward pass per tile).
 */
public final class NormalizedGradients {

	/** Added to each norm, as neural-style does. */
	static final double EPSILON = 1e-8;

	private NormalizedGradients() {}

	/**
	 * Over the whole image, under the evaluation's collector: adds the term's layers with their
	 * gradients normalised; returns the term's value Σ_l w_l E_l.
	 */
	public static double addWhole(LayerTerm term, Map<String, NDArray> features, LossSum loss, NDManager scope,
		GradientCollector collector)
	{
		LayerWeights layers = term.layerWeights();
		Map<String, NDArray> copies = new LinkedHashMap<>();
		NDArray measured = null;
		double value = 0;
		for (String layer : layers.names()) {
			NDArray copy = features.get(layer).stopGradient();
			copy.setRequiresGradient(true);
			copies.put(layer, copy);
			NDArray e = term.layerLoss(layer, copy, scope);
			value += layers.weight(layer) * e.getFloat();
			measured = measured == null ? e : measured.add(e);
		}
		collector.backward(measured);
		for (String layer : layers.names()) {
			NDArray g = copies.get(layer).getGradient().duplicate();
			double factor = term.weight() * layers.weight(layer) / (g.abs().sum().getFloat() + EPSILON);
			NDArray part = features.get(layer).mul(g).sum();
			loss.add(part.mul(LossFormulas.constant(part, factor)));
		}
		return value;
	}

	/** A layer term's part of a tiled evaluation with its layers' gradients normalised. */
	public static final class Tiled implements LossTerm.Tiled {

		private final LayerTerm term;
		private final LayerTerm.LayerTiled parts;
		private final Map<String, Double> norms = new LinkedHashMap<>();

		public Tiled(LayerTerm term, int width, int height, NDManager scope) {
			this.term = term;
			this.parts = term.tiledLayers(width, height, scope);
			for (String layer : term.layers()) norms.put(layer, 0.0);
		}

		@Override
		public void add(TileView tile) {
			parts.add(tile);
		}

		@Override
		public double value() {
			return parts.value();
		}

		/**
		 * Between pass 1 and pass 2, on a tile's crop features (no gradient): adds the L1 norm of each
		 * layer's ∂E_l/∂F over the core, measured on detached copies under {@code collector}.
		 */
		public void measure(TileView tile, GradientCollector collector) {
			for (String layer : term.layers()) {
				NDArray copy = tile.features().get(layer).stopGradient();
				copy.setRequiresGradient(true);
				TileView alone = new TileView(tile.tile(), tile.crop(), Map.of(layer, copy), tile.width(), tile.height(),
					tile.geometry(), tile.scope());
				LossSum share = new LossSum(null);
				parts.addShare(alone, layer, 1, share);
				if (share.value() == null) continue;
				collector.backward(share.value());
				norms.merge(layer, (double) copy.getGradient().abs().sum().getFloat(), Double::sum);
			}
		}

		@Override
		public void addShare(TileView tile, LossSum loss) {
			LayerWeights layers = term.layerWeights();
			for (String layer : layers.names()) {
				parts.addShare(tile, layer, term.weight() * layers.weight(layer) / (norms.get(layer) + EPSILON), loss);
			}
		}

		/** The normalised terms among a tiled evaluation's parts. */
		public static List<Tiled> among(List<LossTerm.Tiled> parts) {
			return parts.stream().filter(p -> p instanceof Tiled).map(p -> (Tiled) p).toList();
		}
	}
}

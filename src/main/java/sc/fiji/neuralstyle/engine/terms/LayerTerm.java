package sc.fiji.neuralstyle.engine.terms;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.tiles.TileView;

/**
 * A term that is a weighted sum over feature layers, weight · Σ_l w_l E_l(F_l): the content term and
 * the style terms. A subclass gives each layer's E_l over the whole image and, for tiles, each
 * layer's share; this class applies the weights, so that the gradient reaching a layer can be
 * rescaled per layer ({@code normalize_gradients}, {@link NormalizedGradients}).
 */
public abstract class LayerTerm implements LossTerm {

	private final double weight;
	protected final LayerWeights layers;

	protected LayerTerm(double weight, LayerWeights layers) {
		this.weight = weight;
		this.layers = layers;
	}

	@Override
	public final double weight() {
		return weight;
	}

	@Override
	public final List<String> layers() {
		return layers.names();
	}

	/** The layers with their weights w_l. */
	public final LayerWeights layerWeights() {
		return layers;
	}

	/**
	 * E_l over the whole image, unweighted, differentiable with respect to the layer's features.
	 *
	 * @param features the layer's (1, N, h, w) features
	 */
	protected abstract NDArray layerLoss(String layer, NDArray features, NDManager scope);

	/** Its part of one tiled evaluation, layer by layer. */
	protected abstract LayerTiled tiledLayers(int width, int height, NDManager scope);

	/** A layer term's part of one tiled evaluation. */
	public interface LayerTiled {

		/** Pass 1, without gradient: adds the tile's statistics. */
		void add(TileView tile);

		/** After pass 1: Σ_l w_l E_l, unweighted by the term's weight. */
		double value();

		/**
		 * Pass 2: adds the tile's share of one layer times {@code factor} (the term's weight times the
		 * layer's, times a normalisation if there is one), folded into the share's own constant.
		 */
		void addShare(TileView tile, String layer, double factor, LossSum loss);
	}

	@Override
	public final double addWhole(NDArray image, Map<String, NDArray> features, LossSum loss, NDManager scope) {
		NDArray s = sum(layers, layer -> layerLoss(layer, features.get(layer), scope));
		loss.add(s.mul(LossFormulas.constant(s, weight)));
		return s.getFloat();
	}

	/** Σ_l w_l · term(l) over the layers, in order. */
	protected static NDArray sum(LayerWeights layers, Function<String, NDArray> term) {
		NDArray sum = null;
		for (String layer : layers.names()) {
			NDArray value = term.apply(layer);
			NDArray weighted = value.mul(LossFormulas.constant(value, layers.weight(layer)));
			sum = sum == null ? weighted : sum.add(weighted);
		}
		return sum;
	}

	@Override
	public final Tiled tiled(int width, int height, NDManager scope) {
		LayerTiled parts = tiledLayers(width, height, scope);
		return new Tiled() {
			@Override
			public void add(TileView tile) {
				parts.add(tile);
			}

			@Override
			public double value() {
				return parts.value();
			}

			@Override
			public void addShare(TileView tile, LossSum loss) {
				for (String layer : layers.names()) parts.addShare(tile, layer, weight * layers.weight(layer), loss);
			}
		};
	}
}

package sc.fiji.neuralstyle.engine.terms.style;

import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.terms.LayerTerm;
import sc.fiji.neuralstyle.engine.terms.LossFormulas;
import sc.fiji.neuralstyle.engine.terms.LossTerm;
import sc.fiji.neuralstyle.engine.tiles.Features;

/** The style loss of a masked region of an image against one style's target, to check which style a region took. */
public final class RegionStyleLoss {

	private RegionStyleLoss() {}

	/**
	 * Σ_l w_l E_l, unweighted, of the generated features weighted by the mask of style {@code region},
	 * against the target of style {@code style}.
	 *
	 * @param terms an objective's terms, among them its style term (Gram or Wasserstein, with masks)
	 * @param features the objective's network
	 * @param image (1, C, H, W) in [0, 1], the content's size (one pass)
	 */
	public static double of(List<LossTerm> terms, Features features, NDArray image, int style, int region,
		NDManager manager)
	{
		LayerTerm term = (LayerTerm) terms.stream().filter(t -> t instanceof StyleTerm).findFirst().orElseThrow();
		LayerWeights layers = term.layerWeights();
		try (NDManager scope = manager.newSubManager()) {
			Map<String, NDArray> f = features.copyOf(image, layers.names(), scope);
			double loss = 0;
			for (String layer : layers.names()) {
				if (term instanceof GramStyleTerm gram) {
					StyleMask where = gram.regions.get(region).mask();
					loss += layers.weight(layer) * LossFormulas.styleLayer(LossFormulas.gram(where.weigh(f.get(layer), layer, null, scope)),
						where.weight(layer, 0), gram.regions.get(style).target().get(layer)).getFloat();
				}
				else if (term instanceof WassersteinStyleTerm w) {
					StyleMask where = w.regions.get(region).mask();
					WassersteinStyleTerm.Statistics s = WassersteinStyleTerm.Statistics.of(where, f.get(layer), layer, null, scope);
					loss += layers.weight(layer) * WassersteinStyleTerm.distance(s.gram(), s.sum(),
						where.weight(layer, LossFormulas.positions(f.get(layer))), w.regions.get(style).target().get(layer)).value();
				}
				else {
					throw new UnsupportedOperationException(term.getClass().getSimpleName() + " has no masked regions");
				}
			}
			return loss;
		}
	}
}

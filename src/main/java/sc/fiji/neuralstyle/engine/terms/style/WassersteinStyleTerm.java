package sc.fiji.neuralstyle.engine.terms.style;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.terms.LayerTerm;
import sc.fiji.neuralstyle.engine.terms.LossFormulas;
import sc.fiji.neuralstyle.engine.terms.LossSum;
import sc.fiji.neuralstyle.engine.terms.StyleMoments;
import sc.fiji.neuralstyle.engine.terms.TermInputs;
import sc.fiji.neuralstyle.engine.tiles.TileCore;
import sc.fiji.neuralstyle.engine.tiles.TileView;
import sc.fiji.neuralstyle.engine.tiles.Tiles;

/**
 * The Wasserstein-2 style loss ({@code style_loss=wasserstein}): L_style = Σ_l w_l E_l, E_l the
 * distance between Gaussian fits of the generated image's and the style's features at layer l
 * ({@link GaussianW2}).
 * <p>
 * Several styles: the Gaussian of their blend has the blended raw moments Σ b_s E_s[F] and
 * Σ b_s E_s[F Fᵀ] (the moments of the mixture; crowsonkb blends the same way). Masks: each region's
 * statistics weigh each position by m², as the guided Gram matrix does: mean Σ m² F / Σ m², second
 * moment (mF)(mF)ᵀ / Σ m², compared with that style's own Gaussian.
 * <p>
 * The loss is a function of additive statistics (Σ m² F and the Gram matrix), so with tiles pass 1
 * sums them, then the distance and its derivatives with respect to them are known, and a tile's
 * share in pass 2 is ⟨∂E/∂R, G_tile⟩/W + ⟨∂E/∂μ, Σ_tile m² F⟩/W. Over the whole image the same
 * share carries the gradient, added to the value as share − share (detached) so that the value is
 * the distance.
 */
public final class WassersteinStyleTerm extends LayerTerm implements StyleTerm {

	private final Tiles tiles;
	/** Per region, each style layer's Gaussian. */
	final List<StyleRegion<Map<String, GaussianW2.Target>>> regions;

	public WassersteinStyleTerm(TermInputs in) {
		super(in.settings().styleWeight(), in.styleLayers());
		this.tiles = in.tiles();
		this.regions = active() ? StyleRegion.of(in, layers, true, this::gaussians) : List.of();
	}

	private Map<String, GaussianW2.Target> gaussians(StyleMoments moments) {
		Map<String, GaussianW2.Target> gaussians = new LinkedHashMap<>();
		for (String layer : layers.names()) {
			gaussians.put(layer, GaussianW2.target(moments.first().get(layer), moments.second().get(layer)));
		}
		return gaussians;
	}

	/** The weighted statistics of a region: its Gram matrix and Σ m² F, in the features' graph. */
	record Statistics(NDArray gram, NDArray sum) {

		static Statistics of(StyleMask mask, NDArray features, String layer, TileCore core, NDManager scope) {
			ai.djl.ndarray.index.NDIndex where = core == null ? null : core.whole();
			NDArray weighted = mask.weigh(features, layer, where, scope);
			return new Statistics(LossFormulas.gram(weighted), GramSums.firstMoment(mask.weigh(weighted, layer, where, scope)));
		}

		/** ⟨∂E/∂R, G⟩ + ⟨∂E/∂μ, Σ m² F⟩, whose gradient is W times E's. */
		NDArray share(GaussianW2.Distance d) {
			return gram.mul(d.dSecondMoment()).sum().add(sum.mul(d.dMean()).sum());
		}
	}

	static GaussianW2.Distance distance(NDArray gram, NDArray sum, double weight, GaussianW2.Target target) {
		NDArray mean = sum.stopGradient().div(weight);
		NDArray second = gram.stopGradient().div(weight);
		return GaussianW2.of(mean, second, target);
	}

	@Override
	protected NDArray layerLoss(String layer, NDArray f, NDManager scope) {
		NDArray total = null;
		for (StyleRegion<Map<String, GaussianW2.Target>> r : regions) {
			Statistics s = Statistics.of(r.mask(), f, layer, null, scope);
			double w = r.mask().weight(layer, LossFormulas.positions(f));
			GaussianW2.Distance d = distance(s.gram(), s.sum(), w, r.target().get(layer));
			NDArray share = s.share(d);
			share = share.mul(LossFormulas.constant(share, 1 / w));
			// The distance's value, and the share's gradient (share − share is 0).
			NDArray term = LossFormulas.constant(share, d.value()).add(share.sub(share.stopGradient()));
			total = total == null ? term : total.add(term);
		}
		return total;
	}

	@Override
	protected LayerTiled tiledLayers(int width, int height, NDManager scope) {
		List<StyleMask> masks = regions.stream().map(StyleRegion::mask).toList();
		GramSums sums = new GramSums(masks, layers.names(), tiles, width, height, scope, true);
		return new LayerTiled() {
			/** Per region, per layer. */
			private final List<Map<String, GaussianW2.Distance>> distances = new ArrayList<>();

			@Override
			public void add(TileView tile) {
				sums.add(tile);
			}

			@Override
			public double value() {
				sums.complete();
				double value = 0;
				for (int r = 0; r < regions.size(); r++) {
					Map<String, GaussianW2.Distance> d = new LinkedHashMap<>();
					for (String layer : layers.names()) {
						double w = regions.get(r).mask().weight(layer, sums.positions(layer));
						GaussianW2.Distance distance = distance(sums.gram(r, layer), sums.firstMoment(r, layer), w,
							regions.get(r).target().get(layer));
						value += layers.weight(layer) * distance.value();
						d.put(layer, distance);
					}
					distances.add(d);
				}
				return value;
			}

			@Override
			public void addShare(TileView tile, String layer, double factor, LossSum loss) {
				TileCore core = tile.core(layer);
				if (core.isEmpty()) return;
				NDArray f = tile.coreFeatures(core, layer);
				for (int r = 0; r < regions.size(); r++) {
					StyleMask mask = regions.get(r).mask();
					NDArray share = Statistics.of(mask, f, layer, core, tile.scope()).share(distances.get(r).get(layer));
					loss.add(share.mul(LossFormulas.constant(share, factor / mask.weight(layer, sums.positions(layer)))));
				}
			}
		};
	}
}

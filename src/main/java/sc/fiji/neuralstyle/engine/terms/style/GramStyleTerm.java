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
 * The style loss of Gatys et al.: L_style = Σ_l w_l Σ (G_l/M_l − A_l/M_A)² / (4 N_l²), A the style's
 * Gram matrix ({@link LossFormulas#styleLayer}).
 * <p>
 * Several styles: without masks each layer's target is the blend Σ b_s A_s/M_s of the styles' Gram
 * matrices per position (neural-style's {@code -style_blend_weights}); with masks (one per style) the
 * generated features are weighted by each style's {@link StyleMask} before their Gram matrix, which is
 * divided by the mask's weight Σ m² and compared with that style's own target; the regions' losses
 * add up.
 * <p>
 * Tiled: pass 1 sums the cores' Gram matrices G (per region); with G known the loss's derivative
 * with respect to a feature is D F / (M N²), D = G/M − Â, so a tile's share in pass 2 is
 * Σ D ⊙ F_core F_coreᵀ / (2 M N²) (whose derivative that is), with D held fixed.
 */
public final class GramStyleTerm extends LayerTerm implements StyleTerm {

	private final Tiles tiles;
	/** Per region, each style layer's target per position, A/M. */
	final List<StyleRegion<Map<String, NDArray>>> regions;

	public GramStyleTerm(TermInputs in) {
		super(in.settings().styleWeight(), in.styleLayers());
		this.tiles = in.tiles();
		this.regions = active() ? StyleRegion.of(in, layers, false, StyleMoments::second) : List.of();
	}

	@Override
	protected NDArray layerLoss(String layer, NDArray f, NDManager scope) {
		NDArray sum = null;
		for (StyleRegion<Map<String, NDArray>> r : regions) {
			NDArray term = LossFormulas.styleLayer(LossFormulas.gram(r.mask().weigh(f, layer, null, scope)),
				r.mask().weight(layer, LossFormulas.positions(f)), r.target().get(layer));
			sum = sum == null ? term : sum.add(term);
		}
		return sum;
	}

	@Override
	protected LayerTiled tiledLayers(int width, int height, NDManager scope) {
		List<StyleMask> masks = regions.stream().map(StyleRegion::mask).toList();
		GramSums sums = new GramSums(masks, layers.names(), tiles, width, height, scope);
		return new LayerTiled() {
			/** Per region, per layer: D = G/W − A/M_A. */
			private final List<Map<String, NDArray>> differences = new ArrayList<>();

			@Override
			public void add(TileView tile) {
				sums.add(tile);
			}

			@Override
			public double value() {
				sums.complete();
				double style = 0;
				for (int r = 0; r < regions.size(); r++) {
					StyleRegion<Map<String, NDArray>> region = regions.get(r);
					Map<String, NDArray> d = new LinkedHashMap<>();
					for (String layer : layers.names()) {
						NDArray gram = sums.gram(r, layer);
						// D = G/W − A/M_A, as LossFormulas.styleLayer forms it (the gram first keeps results in scope).
						NDArray difference = gram.div(LossFormulas.constant(gram, region.mask().weight(layer, sums.positions(layer))))
							.sub(region.target().get(layer));
						long n = gram.getShape().get(0);
						style += layers.weight(layer) * difference.square().sum().getFloat() / (4.0 * n * n);
						d.put(layer, difference);
					}
					differences.add(d);
				}
				return style;
			}

			@Override
			public void addShare(TileView tile, String layer, double factor, LossSum loss) {
				TileCore core = tile.core(layer);
				if (core.isEmpty()) return;
				NDArray f = tile.coreFeatures(core, layer);
				for (int r = 0; r < regions.size(); r++) {
					StyleMask mask = regions.get(r).mask();
					NDArray gram = LossFormulas.gram(mask.weigh(f, layer, core.whole(), tile.scope()));
					long n = gram.getShape().get(0);
					double w = mask.weight(layer, sums.positions(layer));
					NDArray term = gram.mul(differences.get(r).get(layer)).sum();
					loss.add(term.mul(LossFormulas.constant(term, factor / (2.0 * w * n * n))));
				}
			}
		};
	}
}

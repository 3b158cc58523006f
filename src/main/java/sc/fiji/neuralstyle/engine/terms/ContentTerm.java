package sc.fiji.neuralstyle.engine.terms;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.tiles.TileCore;
import sc.fiji.neuralstyle.engine.tiles.TileView;

/**
 * The content loss L_content = Σ_l w_l · ½ Σ (F_l − P_l)² over the content layers, P the content
 * image's features (for a large image assembled from its tiles' cores). Tiled, each tile's core adds
 * its part of the sum; the part is its own share of the gradient.
 */
public final class ContentTerm extends LayerTerm {

	private final Map<String, NDArray> targets = new LinkedHashMap<>();

	public ContentTerm(TermInputs in) {
		super(in.settings().contentWeight(), in.contentLayers());
		if (!active()) return;
		try (NDManager scope = in.targets().newSubManager()) {
			if (in.tiles().splits(in.content())) {
				targetsByTile(in, scope);
			}
			else {
				Map<String, NDArray> f = in.features().copyOf(in.content(), layers.names(), scope);
				for (String layer : layers.names()) {
					NDArray copy = f.get(layer).duplicate();
					copy.attach(in.targets());
					targets.put(layer, copy);
				}
			}
		}
	}

	/** The content features of a large image, assembled from its tiles' cores. */
	private void targetsByTile(TermInputs in, NDManager scope) {
		NDArray content = in.content();
		in.tiles().pass(content, in.tiles().grid(content, 0), layers.names(), scope, tile -> {
			for (String layer : layers.names()) {
				NDArray features = tile.features().get(layer);
				NDArray whole = targets.get(layer);
				if (whole == null) {
					int[] all = in.tiles().layerSize(layer, tile.width(), tile.height());
					whole = in.targets().zeros(new Shape(1, features.getShape().get(1), all[1], all[0]), features.getDataType());
					targets.put(layer, whole);
				}
				TileCore core = tile.core(layer);
				if (!core.isEmpty()) whole.set(core.whole(), tile.coreFeatures(core, layer));
			}
		});
	}

	@Override
	public String name() {
		return "content";
	}

	@Override
	protected NDArray layerLoss(String layer, NDArray features, NDManager scope) {
		return LossFormulas.content(features, targets.get(layer));
	}

	@Override
	protected LayerTiled tiledLayers(int width, int height, NDManager scope) {
		return new LayerTiled() {
			private double sum;

			@Override
			public void add(TileView tile) {
				for (String layer : layers.names()) {
					TileCore core = tile.core(layer);
					if (core.isEmpty()) continue;
					sum += layers.weight(layer) * LossFormulas.content(tile.coreFeatures(core, layer),
						tile.under(core, targets.get(layer))).getFloat();
				}
			}

			@Override
			public double value() {
				return sum;
			}

			@Override
			public void addShare(TileView tile, String layer, double factor, LossSum loss) {
				TileCore core = tile.core(layer);
				if (core.isEmpty()) return;
				NDArray target = tile.under(core, targets.get(layer));
				NDArray term = LossFormulas.content(tile.coreFeatures(core, layer), target);
				loss.add(term.mul(LossFormulas.constant(term, factor)));
			}
		};
	}
}

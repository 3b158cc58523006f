package sc.fiji.neuralstyle.engine.terms;

import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.tiles.TileGrid;
import sc.fiji.neuralstyle.engine.tiles.TileView;

/**
 * Total variation L_tv = Σ (x[i+1,j] − x[i,j])² + (x[i,j+1] − x[i,j])², a term of the pixels. Tiled,
 * each tile takes the pairs whose first pixel is in its core (its crop has the row and column beyond).
 */
public final class TvTerm implements LossTerm {

	private final double weight;

	public TvTerm(TermInputs in) {
		this.weight = in.settings().tvWeight();
	}

	@Override
	public String name() {
		return "tv";
	}

	@Override
	public double weight() {
		return weight;
	}

	@Override
	public List<String> layers() {
		return List.of();
	}

	@Override
	public double addWhole(NDArray image, Map<String, NDArray> features, LossSum loss, NDManager scope) {
		NDArray t = LossFormulas.totalVariation(image);
		loss.add(t.mul(LossFormulas.constant(t, weight)));
		return t.getFloat();
	}

	@Override
	public Tiled tiled(int width, int height, NDManager scope) {
		return new Tiled() {
			private double sum;

			@Override
			public void add(TileView tile) {
				NDArray t = core(tile);
				if (t != null) sum += t.getFloat();
			}

			@Override
			public double value() {
				return sum;
			}

			@Override
			public void addShare(TileView tile, LossSum loss) {
				NDArray t = core(tile);
				if (t != null) loss.add(t.mul(LossFormulas.constant(t, weight)));
			}
		};
	}

	/** The total-variation terms whose first pixel is in the tile's core; null if there is none. */
	private static NDArray core(TileView view) {
		TileGrid.Tile tile = view.tile();
		return LossFormulas.totalVariation(view.crop(), tile.x0() - tile.cropX0(), tile.y0() - tile.cropY0(),
			tile.x1() - tile.cropX0(), tile.y1() - tile.cropY0());
	}
}

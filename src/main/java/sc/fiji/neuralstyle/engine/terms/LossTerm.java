package sc.fiji.neuralstyle.engine.terms;

import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.tiles.TileView;

/**
 * One term of the objective (content, style, total variation, …): it holds its targets, computes its
 * value and gradient over the whole image, and its part of a tiled evaluation. A term applies its
 * own weight (and its layers' weights) to what it adds to the loss; the values it returns are
 * unweighted, as the loss log records them. {@code StyleObjective} sums the terms it is given.
 * <p>
 * A tiled evaluation runs two passes over the tiles (see {@code StyleObjective}): in the first,
 * without gradient, each term adds the tile's statistics into its sums ({@link Tiled#add}); then it
 * knows its value ({@link Tiled#value}); in the second, each term adds the tile's share
 * ({@link Tiled#addShare}), a function of the tile's crop whose gradient is the tile's part of the
 * term's gradient. A term that is a function of additive statistics (Gram matrices, means) can take
 * ∂L/∂statistic from pass 1 and give Σ ⟨∂L/∂statistic, statistic of the tile⟩ in pass 2.
 */
public interface LossTerm {

	/** Its column in the loss log, e.g. {@code style}. */
	String name();

	/** Its weight in the total; 0: not part of the loss, logged as 0, nothing computed. */
	double weight();

	/** Whether it is part of the loss. */
	default boolean active() {
		return weight() > 0;
	}

	/** The layers whose features it reads; empty for a term of the pixels alone. */
	List<String> layers();

	/**
	 * Over the whole image, under the evaluation's gradient collector: adds its weighted part to the
	 * loss and returns its unweighted value.
	 *
	 * @param image the image differentiated, (1, C, H, W)
	 * @param features its features at every layer of the objective's terms
	 * @param scope the evaluation's scope
	 */
	double addWhole(NDArray image, Map<String, NDArray> features, LossSum loss, NDManager scope);

	/**
	 * Its part of one tiled evaluation of an image.
	 *
	 * @param scope the evaluation's scope: pass 1's sums live there until pass 2 is done
	 */
	Tiled tiled(int width, int height, NDManager scope);

	/** A term's part of one tiled evaluation. */
	interface Tiled {

		/** Pass 1, without gradient: adds the tile's statistics. */
		void add(TileView tile);

		/** After pass 1: the term's unweighted value over the whole image. */
		double value();

		/** Pass 2, under a gradient collector: adds the tile's weighted share, if it has one. */
		void addShare(TileView tile, LossSum loss);
	}
}

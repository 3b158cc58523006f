package sc.fiji.neuralstyle.engine.objective;

import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.LossTerm;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.Preprocessing;

/** Objectives of the usual terms ({@link TermTable#create}) made from images, as the tests need them. */
public final class Objectives {

	private Objectives() {}

	/** Computes the targets, each image in one pass. */
	public static StyleObjective of(Engine engine, FeatureNetwork network, Preprocessing preprocessing,
		StyleSettings settings, LayerWeights contentLayers, LayerWeights styleLayers, NDArray content, List<NDArray> styles,
		List<FloatImage> masks, NDManager parent)
	{
		return of(engine, network, preprocessing, settings, contentLayers, styleLayers, content, styles, masks, parent,
			(Tiling) null);
	}

	/**
	 * Computes the targets.
	 *
	 * @param content the content image, (1, C, H, W) in [0, 1]
	 * @param styles the style images, each (1, 3, H', W') in [0, 1]
	 * @param masks empty, or one mask per style, the content's size, values in [0, 1]
	 * @param parent owns the targets until the objective is closed
	 * @param tiling how to cut images larger than a tile, or null for one pass over any image
	 */
	public static StyleObjective of(Engine engine, FeatureNetwork network, Preprocessing preprocessing,
		StyleSettings settings, LayerWeights contentLayers, LayerWeights styleLayers, NDArray content, List<NDArray> styles,
		List<FloatImage> masks, NDManager parent, Tiling tiling)
	{
		return new StyleObjective(engine, StyleObjective.inputs(network, preprocessing, settings, contentLayers, styleLayers,
			content, styles, masks, parent, tiling, null, null), TermTable::create);
	}

	/** An objective of one pass over any image, whose terms are also added to {@code terms} (to look into them). */
	public static StyleObjective of(Engine engine, FeatureNetwork network, Preprocessing preprocessing,
		StyleSettings settings, LayerWeights contentLayers, LayerWeights styleLayers, NDArray content, List<NDArray> styles,
		List<FloatImage> masks, NDManager parent, List<LossTerm> terms)
	{
		return new StyleObjective(engine, StyleObjective.inputs(network, preprocessing, settings, contentLayers, styleLayers,
			content, styles, masks, parent, null, null, null), in -> {
				List<LossTerm> made = TermTable.create(in);
				terms.addAll(made);
				return made;
			});
	}
}

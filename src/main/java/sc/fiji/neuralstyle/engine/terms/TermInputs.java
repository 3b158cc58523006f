package sc.fiji.neuralstyle.engine.terms;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.tiles.Features;
import sc.fiji.neuralstyle.engine.tiles.Tiles;

/**
 * What the terms of one stage's objective are made from.
 *
 * @param settings the run's settings (weights, style loss, …)
 * @param features the network, for targets
 * @param tiles how large images are cut (targets of images larger than a tile are computed by tiles)
 * @param contentLayers the content layers, defaults resolved
 * @param styleLayers the style layers, defaults resolved
 * @param content the content image, (1, C, H, W) in [0, 1]
 * @param styles the style images, each (1, 3, H', W') in [0, 1]
 * @param masks empty, or one mask per style, the content's size, values in [0, 1]
 * @param targets owns the targets until the objective is closed
 * @param styleTargets style moments of earlier runs on this network, reused and added to; or null
 * @param temporal the earlier planes a plane of a sequence is held to ({@link TemporalTargets#NONE}
 *          for the first, and at coarser scales); null for a run that is not a plane of a sequence
 */
public record TermInputs(StyleSettings settings, Features features, Tiles tiles, LayerWeights contentLayers,
	LayerWeights styleLayers, NDArray content, List<NDArray> styles, List<FloatImage> masks, NDManager targets,
	StyleTargets styleTargets, TemporalTargets temporal)
{}

package sc.fiji.neuralstyle.fast.training;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.terms.LossFormulas;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.Preprocessing;

/**
 * The training loss of a batch (Johnson et al.'s perceptual loss, with this project's pinned
 * formulas): the styled images y and the batch x they came from, both RGB in 0–255, are seen by the
 * feature network in [0, 1] as the pixel optimisation sees its image, and each image's terms are
 * those of {@code engine.terms.LossFormulas}:
 * <ul>
 * <li>content ½ Σ (F(y) − F(x))² per content layer, with its layer weight;</li>
 * <li>style Σ_l w_l Σ (G_l/M_l − A_l/M_A)² / (4 N_l²), A/M_A the {@link GramTargets};</li>
 * <li>total variation Σ of squared neighbour differences of y / 255;</li>
 * </ul>
 * each averaged over the batch, so the learning rate does not depend on the batch size, and weighted
 * by content_weight, style_weight and tv_weight into the total. All of it is differentiable: run it
 * under a gradient collector with the transformer's parameters as leaves.
 * <p>
 * (The pixel optimisation's term classes cannot be used here: they are built from a run's settings,
 * tiles and masks for one image of batch 1, and {@code LossFormulas.gram} reads a (1, N, H, W) map. The
 * formulas are the same functions, applied to each image of the batch.)
 */
final class PerceptualLoss {

	/** A batch's loss: the total to differentiate and the unweighted terms. */
	record Values(NDArray total, double content, double style, double tv) {
	}

	private final FeatureNetwork network;
	private final Preprocessing preprocessing;
	private final LayerWeights contentLayers;
	private final LayerWeights styleLayers;
	private final GramTargets targets;
	private final double contentWeight, styleWeight, tvWeight;
	private final List<String> layers;

	PerceptualLoss(FeatureNetwork network, Preprocessing preprocessing, LayerWeights contentLayers, LayerWeights styleLayers,
		GramTargets targets, double contentWeight, double styleWeight, double tvWeight)
	{
		this.network = network;
		this.preprocessing = preprocessing;
		this.contentLayers = contentLayers;
		this.styleLayers = styleLayers;
		this.targets = targets;
		this.contentWeight = contentWeight;
		this.styleWeight = styleWeight;
		this.tvWeight = tvWeight;
		Set<String> all = new LinkedHashSet<>();
		if (contentWeight > 0) all.addAll(contentLayers.names());
		if (styleWeight > 0) all.addAll(styleLayers.names());
		this.layers = List.copyOf(all);
	}

	/**
	 * The loss of a batch; its arrays belong to {@code y}'s manager.
	 *
	 * @param y the transformer's output, (B, 3, H, W) in 0–255
	 * @param x the batch it styled, likewise
	 */
	Values of(NDArray y, NDArray x) {
		long batch = y.getShape().get(0);
		NDArray y01 = y.mul(LossFormulas.constant(y, 1 / 255.0));
		NDArray total = null;
		double content = 0, style = 0, tv = 0;
		if (!layers.isEmpty()) {
			Map<String, NDArray> fy = network.forward(preprocessing.apply(y01), layers);
			if (contentWeight > 0) {
				NDArray x01 = x.mul(LossFormulas.constant(x, 1 / 255.0));
				Map<String, NDArray> fx = network.forward(preprocessing.apply(x01), contentLayers.names());
				NDArray sum = null;
				for (String layer : contentLayers.names()) {
					sum = add(sum, weighted(LossFormulas.content(fy.get(layer), fx.get(layer)), contentLayers.weight(layer)));
				}
				NDArray mean = weighted(sum, 1.0 / batch);
				content = mean.getFloat();
				total = add(total, weighted(mean, contentWeight));
			}
			if (styleWeight > 0) {
				NDArray sum = null;
				for (String layer : styleLayers.names()) {
					NDArray f = fy.get(layer);
					for (long b = 0; b < batch; b++) {
						NDArray one = f.get(new NDIndex("{}:{}", b, b + 1));
						NDArray e = LossFormulas.styleLayer(LossFormulas.gram(one), LossFormulas.positions(one), targets.get(layer));
						sum = add(sum, weighted(e, styleLayers.weight(layer)));
					}
				}
				NDArray mean = weighted(sum, 1.0 / batch);
				style = mean.getFloat();
				total = add(total, weighted(mean, styleWeight));
			}
		}
		if (tvWeight > 0) {
			NDArray mean = weighted(LossFormulas.totalVariation(y01), 1.0 / batch);
			tv = mean.getFloat();
			total = add(total, weighted(mean, tvWeight));
		}
		if (total == null) total = y.getManager().zeros(new Shape());
		return new Values(total, content, style, tv);
	}

	/** {@code value · weight}, the weight a constant of the graph (never {@code mul(Number)}: see LossFormulas). */
	static NDArray weighted(NDArray value, double weight) {
		return value.mul(LossFormulas.constant(value, weight));
	}

	static NDArray add(NDArray sum, NDArray term) {
		return sum == null ? term : sum.add(term);
	}
}

package sc.fiji.neuralstyle.engine.terms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;

/**
 * A style image's raw moments at the style layers: the second, E[F Fᵀ] = G/M (the Gram matrix per
 * position, the Gram loss's target A/M_A), and where asked for the first, E[F] = Σ F / M. Raw
 * moments blend linearly: a blend of styles is Σ b_s of each (a mixture's moments).
 *
 * @param second per layer, (N, N)
 * @param first per layer, (N); null where not asked for
 */
public record StyleMoments(Map<String, NDArray> second, Map<String, NDArray> first) {

	/** Σ b_s of each moment: one target for a blend of styles (the only one for a single style). */
	public static StyleMoments blend(List<StyleMoments> styles, double[] weights, LayerWeights layers) {
		if (styles.size() == 1) return styles.get(0);
		boolean withFirst = styles.get(0).first() != null;
		return new StyleMoments(blend(styles, weights, layers, true),
			withFirst ? blend(styles, weights, layers, false) : null);
	}

	private static Map<String, NDArray> blend(List<StyleMoments> styles, double[] weights, LayerWeights layers,
		boolean second)
	{
		Map<String, NDArray> blended = new LinkedHashMap<>();
		for (String layer : layers.names()) {
			NDArray sum = null;
			for (int i = 0; i < styles.size(); i++) {
				NDArray a = (second ? styles.get(i).second() : styles.get(i).first()).get(layer);
				NDArray weighted = a.mul(LossFormulas.constant(a, weights[i]));
				sum = sum == null ? weighted : sum.add(weighted);
			}
			blended.put(layer, sum); // in the targets' manager, as the first operands are
		}
		return blended;
	}
}

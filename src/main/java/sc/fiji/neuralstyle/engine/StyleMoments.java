package sc.fiji.neuralstyle.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A style image's raw moments at the style layers: the second, E[F Fᵀ] = G/M (the Gram matrix per
 * position, the Gram loss's target A/M_A), and where asked for the first, E[F] = Σ F / M. Raw
 * moments blend linearly: a blend of styles is Σ b_s of each (a mixture's moments).
 *
 * @param second per layer, (N, N)
 * @param first per layer, (N); null where not asked for
 */
record StyleMoments(Map<String, NDArray> second, Map<String, NDArray> first) {

	/**
	 * The moments of a style image, computed in one pass or tile by tile if it is large (or taken from
	 * the network's {@link StyleTargets}), kept in {@code targets}.
	 */
	static StyleMoments of(TermInputs in, LayerWeights layers, NDArray style, boolean withFirst) {
		if (in.styleTargets() == null) return compute(in, layers, style, withFirst);
		// Kept across runs on the network: the planes of a stack, the images of a folder, one style.
		return in.styleTargets().moments(style, layers.names(), in.settings().padding(), withFirst, in.tiles().tiling(),
			in.targets(), () -> compute(in, layers, style, withFirst));
	}

	private static StyleMoments compute(TermInputs in, LayerWeights layers, NDArray style, boolean withFirst) {
		Map<String, NDArray> second = new LinkedHashMap<>();
		Map<String, NDArray> first = withFirst ? new LinkedHashMap<>() : null;
		NDManager targets = in.targets();
		try (NDManager scope = targets.newSubManager()) {
			if (in.tiles().splits(style)) {
				Shape s = style.getShape();
				GramSums sums = new GramSums(List.of(StyleMask.WHOLE), layers.names(), in.tiles(), (int) s.get(3),
					(int) s.get(2), scope, withFirst);
				in.tiles().pass(style, in.tiles().grid(style, 0), layers.names(), scope, sums::add);
				sums.complete();
				for (String layer : layers.names()) {
					NDArray gram = sums.gram(0, layer);
					keep(second, layer, gram.div(Losses.constant(gram, sums.positions(layer))), targets);
					if (withFirst) {
						NDArray sum = sums.firstMoment(0, layer);
						keep(first, layer, sum.div(Losses.constant(sum, sums.positions(layer))), targets);
					}
				}
			}
			else {
				Map<String, NDArray> f = in.features().copyOf(style, layers.names(), scope);
				for (String layer : layers.names()) {
					NDArray gram = Losses.gram(f.get(layer));
					keep(second, layer, gram.div(Losses.constant(gram, Losses.positions(f.get(layer)))), targets);
					if (withFirst) {
						NDArray sum = GramSums.firstMoment(f.get(layer));
						keep(first, layer, sum.div(Losses.constant(sum, Losses.positions(f.get(layer)))), targets);
					}
				}
			}
		}
		return new StyleMoments(second, first);
	}

	/** Σ b_s of each moment: one target for a blend of styles (the only one for a single style). */
	static StyleMoments blend(List<StyleMoments> styles, double[] weights, LayerWeights layers) {
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
				NDArray weighted = a.mul(Losses.constant(a, weights[i]));
				sum = sum == null ? weighted : sum.add(weighted);
			}
			blended.put(layer, sum); // in the targets' manager, as the first operands are
		}
		return blended;
	}

	private static void keep(Map<String, NDArray> into, String layer, NDArray value, NDManager targets) {
		NDArray copy = value.duplicate();
		copy.attach(targets);
		into.put(layer, copy);
	}
}

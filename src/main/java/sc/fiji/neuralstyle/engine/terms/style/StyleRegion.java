package sc.fiji.neuralstyle.engine.terms.style;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.terms.LossFormulas;
import sc.fiji.neuralstyle.engine.terms.StyleMoments;
import sc.fiji.neuralstyle.engine.terms.StyleTargets;
import sc.fiji.neuralstyle.engine.terms.TermInputs;

/**
 * One region of a style term: a target made from style moments, and where it applies. Without masks
 * one region, the whole image, whose target is made from the styles' blended moments; with masks one
 * region per style, each its own style's target under its mask. The Gram and Wasserstein terms differ
 * only in the target they make from the moments.
 *
 * @param target the region's target (per layer)
 * @param mask where it applies
 */
record StyleRegion<T>(T target, StyleMask mask) {

	/**
	 * The regions of a stage's style term.
	 *
	 * @param withFirst whether the target needs the first moments (means) too
	 * @param target makes a region's target from its moments
	 */
	static <T> List<StyleRegion<T>> of(TermInputs in, LayerWeights layers, boolean withFirst,
		Function<StyleMoments, T> target)
	{
		List<StyleMoments> perStyle = new ArrayList<>();
		for (NDArray style : in.styles()) perStyle.add(moments(in, layers, style, withFirst));
		List<StyleRegion<T>> regions = new ArrayList<>();
		if (in.masks().isEmpty()) {
			StyleMoments blend = StyleMoments.blend(perStyle, in.settings().blendWeights(perStyle.size()), layers);
			regions.add(new StyleRegion<>(target.apply(blend), StyleMask.WHOLE));
		}
		else {
			List<StyleMask> masks = StyleMask.of(in, layers);
			for (int i = 0; i < perStyle.size(); i++) {
				regions.add(new StyleRegion<>(target.apply(perStyle.get(i)), masks.get(i)));
			}
		}
		return regions;
	}

	/**
	 * The moments of a style image, computed in one pass or tile by tile if it is large (or taken from
	 * the network's {@link StyleTargets}), kept in {@code targets}.
	 */
	private static StyleMoments moments(TermInputs in, LayerWeights layers, NDArray style, boolean withFirst) {
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
					keep(second, layer, gram.div(LossFormulas.constant(gram, sums.positions(layer))), targets);
					if (withFirst) {
						NDArray sum = sums.firstMoment(0, layer);
						keep(first, layer, sum.div(LossFormulas.constant(sum, sums.positions(layer))), targets);
					}
				}
			}
			else {
				Map<String, NDArray> f = in.features().copyOf(style, layers.names(), scope);
				for (String layer : layers.names()) {
					NDArray gram = LossFormulas.gram(f.get(layer));
					keep(second, layer, gram.div(LossFormulas.constant(gram, LossFormulas.positions(f.get(layer)))), targets);
					if (withFirst) {
						NDArray sum = GramSums.firstMoment(f.get(layer));
						keep(first, layer, sum.div(LossFormulas.constant(sum, LossFormulas.positions(f.get(layer)))), targets);
					}
				}
			}
		}
		return new StyleMoments(second, first);
	}

	private static void keep(Map<String, NDArray> into, String layer, NDArray value, NDManager targets) {
		NDArray copy = value.duplicate();
		copy.attach(targets);
		into.put(layer, copy);
	}
}

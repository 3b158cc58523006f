package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import ai.djl.ndarray.NDArray;

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
		for (NDArray style : in.styles()) perStyle.add(StyleMoments.of(in, layers, style, withFirst));
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
}

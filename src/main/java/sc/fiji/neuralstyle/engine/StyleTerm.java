package sc.fiji.neuralstyle.engine;

/** The style term, whichever style loss it uses; with masks, one region per style. */
interface StyleTerm extends LossTerm {

	@Override
	default String name() {
		return "style";
	}

	/**
	 * The style loss of a region of an image against one style's target, unweighted, for checking
	 * which style a region took: Σ_l w_l E_l with the generated features weighted by the region's mask.
	 *
	 * @param image (1, C, H, W) in [0, 1], the content's size (one pass)
	 * @param style the index of a style (its target)
	 * @param region the index of a masked style whose mask selects the region
	 */
	double regionLoss(ai.djl.ndarray.NDArray image, int style, int region);
}

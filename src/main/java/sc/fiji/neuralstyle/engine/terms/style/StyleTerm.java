package sc.fiji.neuralstyle.engine.terms.style;

import sc.fiji.neuralstyle.engine.terms.LossTerm;

/** The style term, whichever style loss it uses; with masks, one region per style. */
interface StyleTerm extends LossTerm {

	@Override
	default String name() {
		return "style";
	}
}

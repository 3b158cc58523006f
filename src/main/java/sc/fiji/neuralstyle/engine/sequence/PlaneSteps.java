package sc.fiji.neuralstyle.engine.sequence;

import java.util.List;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;

/** The ways a plane of a sequence is styled ({@link PlaneSequence.Step}), and which one a run's settings ask for. */
public final class PlaneSteps {

	private PlaneSteps() {}

	/**
	 * The step of a run: {@link TemporalStep} where its planes are held together (temporal_weight above
	 * 0 and several planes: {@code StyleSettings.holdsPlanesTogether}, decided by the checks), else
	 * {@link #fromPrevious} (a single plane: as any single image).
	 *
	 * @param temporal whether temporal coherence holds the planes together
	 * @param init the start image init names (a file), or null: what the settings' init says
	 */
	public static PlaneSequence.Step of(StyleTransfer transfer, boolean temporal, List<FloatImage> styles,
		List<FloatImage> masks, FloatImage init)
	{
		return temporal ? new TemporalStep(transfer, styles, masks, init) : fromPrevious(transfer, styles, masks, init);
	}

	/**
	 * Planes styled as stills, chained: the first plane of a sequence starts from {@code init} (null:
	 * what the settings' init says), each later one from the previous plane's result as it is (what
	 * temporal_weight=0 asks for).
	 */
	public static PlaneSequence.Step fromPrevious(StyleTransfer transfer, List<FloatImage> styles,
		List<FloatImage> masks, FloatImage init)
	{
		List<FloatImage> s = List.copyOf(styles), m = List.copyOf(masks);
		return (index, content, earlier, listener) -> transfer.run(content, s, m,
			earlier.size() > 0 ? earlier.result(1) : init, listener);
	}
}

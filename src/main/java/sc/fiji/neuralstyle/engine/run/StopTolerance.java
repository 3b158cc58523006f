package sc.fiji.neuralstyle.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code stop_tolerance}'s rule: a stage stops when its best loss fell by less than the tolerance
 * (relative) over the last {@code stop_window} evaluations.
 */
final class StopTolerance {

	/** The current stage's best loss after each of its evaluations. */
	private final List<Double> stageBest = new ArrayList<>();
	/** The current stage's lowest loss (whichever image is kept). */
	private double lowest = Double.POSITIVE_INFINITY;

	/** A new stage. */
	void startStage() {
		stageBest.clear();
		lowest = Double.POSITIVE_INFINITY;
	}

	/** An evaluation's loss. */
	void add(double total) {
		lowest = Math.min(lowest, total);
		stageBest.add(lowest);
	}

	/**
	 * Whether the stage's best loss has levelled off: it fell by less than {@code tolerance} (relative)
	 * over the last {@code window} evaluations.
	 *
	 * @return why the stage should stop (no comma in it), or null to go on
	 */
	String levelledOff(int window, double tolerance) {
		int n = stageBest.size();
		if (n <= window) return null;
		double before = stageBest.get(n - 1 - window), now = stageBest.get(n - 1);
		double improvement = (before - now) / Math.abs(before);
		if (!(improvement < tolerance)) return null;
		return String.format(Locale.ROOT, "the best loss fell by %.3g (relative) over the last %d iterations; "
			+ "stop_tolerance is %s", improvement, window, tolerance);
	}
}

package sc.fiji.neuralstyle.engine.plan;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.neuralstyle.engine.pixels.Resampler;

/**
 * The resolutions of a coarse-to-fine run ({@code scales}) and how its {@code iterations} are
 * shared among them.
 * <p>
 * Stage k of N (k = 0 the coarsest) has the longest side {@code size / 2^(N−1−k)}, so the last is
 * at {@code size} and each is twice the previous. Each finer stage gets {@link #GROWTH} times the
 * iterations of the previous one: 300 iterations over 3 scales are 43, 86 and 171. Measured
 * (docs/benchmarks.md, "Large images"): the full-resolution loss after the jump to a finer scale is far above
 * what the coarse stage reached (an enlarged image lacks the fine detail the style's lower layers
 * measure), so the fine stage needs real work; the coarse stages only give it a better start. With
 * this split a run ends below the loss of a single-scale run of the same iterations, in less time;
 * splits that give most iterations to the coarse stages end far above it. Every stage gets at
 * least one iteration; iterations are loss evaluations, the first of each stage being its start image.
 */
public final class Stages {

	/** Each finer stage gets this many times the iterations of the previous one. */
	static final double GROWTH = 2;

	/**
	 * One stage.
	 *
	 * @param index 0 for the coarsest
	 * @param width the image's width at this stage
	 * @param height its height
	 * @param side its longest side, the {@code scale} column of the loss log
	 * @param iterations the loss evaluations of this stage
	 */
	public record Stage(int index, int width, int height, int side, int iterations) {

		long pixels() {
			return (long) width * height;
		}
	}

	private Stages() {}

	/**
	 * The stages of a run.
	 *
	 * @param contentWidth the content image's width (any size: only its aspect ratio counts)
	 * @param contentHeight its height
	 * @param size the longest side of the result
	 * @param scales the number of stages, at least 1
	 * @param iterations all stages' evaluations together, at least {@code scales}
	 */
	public static List<Stage> plan(int contentWidth, int contentHeight, int size, int scales, int iterations) {
		int[] counts = split(iterations, scales);
		List<Stage> stages = new ArrayList<>();
		for (int k = 0; k < scales; k++) {
			int side = side(size, scales, k);
			int[] wh = Resampler.fitLongestSide(contentWidth, contentHeight, side);
			stages.add(new Stage(k, wh[0], wh[1], side, counts[k]));
		}
		return stages;
	}

	/** The longest side of the coarsest stage, where the images are smallest. */
	public static int coarsestSide(int size, int scales) {
		return side(size, scales, 0);
	}

	/** The longest side of stage k of {@code scales}: {@code size / 2^(scales − 1 − k)}, rounded. */
	static int side(int size, int scales, int k) {
		return (int) Math.max(1, Math.round(size / Math.pow(2, scales - 1 - k)));
	}

	/**
	 * Iterations per stage, coarsest first: shares proportional to {@code GROWTH^k}, rounded so that
	 * they add up to {@code iterations}, each at least 1.
	 */
	public static int[] split(int iterations, int scales) {
		if (scales < 1) throw new IllegalArgumentException("scales must be at least 1, got " + scales);
		if (iterations < scales) {
			throw new IllegalArgumentException("iterations: " + scales + " scales need at least " + scales
				+ " iterations (one per resolution), got " + iterations + "; raise iterations or lower scales");
		}
		double sum = 0;
		for (int k = 0; k < scales; k++) sum += Math.pow(GROWTH, k);
		int[] counts = new int[scales];
		int left = iterations;
		// From the coarsest stage down, so rounding leftovers land on the finest stage, whose result is returned.
		for (int k = 0; k < scales - 1; k++) {
			int stagesAfter = scales - 1 - k;
			counts[k] = (int) Math.max(1, Math.min(left - stagesAfter, Math.round(iterations * Math.pow(GROWTH, k) / sum)));
			left -= counts[k];
		}
		counts[scales - 1] = left;
		return counts;
	}
}

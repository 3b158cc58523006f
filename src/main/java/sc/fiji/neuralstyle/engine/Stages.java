package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The resolutions of a coarse-to-fine run ({@code scales}) and how its {@code iterations} are
 * shared among them.
 * <p>
 * Stage k of N (k = 0 the coarsest) has the longest side {@code size / 2^(N−1−k)}, so the last is
 * at {@code size} and each is twice the previous. An iteration at stage k costs about 4^(N−1−k)
 * times less than one at full size, so the iterations go mostly to the coarse stages: stage k gets
 * a share proportional to {@code 1 / RATIO^k}. With {@link #RATIO} = {@value #RATIO} and 300
 * iterations over 3 scales that is 229, 57 and 14, and each stage takes about the same time
 * (README, "Large images", has what it was measured to give). Every stage gets at least one
 * iteration; iterations are loss evaluations, the first of each stage being its start image.
 */
public final class Stages {

	/** Each finer stage gets this many times fewer iterations than the previous. */
	static final double RATIO = 4;

	/**
	 * One stage.
	 *
	 * @param index 0 for the coarsest
	 * @param width the image's width at this stage
	 * @param height its height
	 * @param side its longest side, the {@code scale} column of the loss log
	 * @param iterations the loss evaluations of this stage
	 */
	record Stage(int index, int width, int height, int side, int iterations) {

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
	static List<Stage> plan(int contentWidth, int contentHeight, int size, int scales, int iterations) {
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
	 * Iterations per stage, coarsest first: shares proportional to {@code RATIO^−k}, rounded so that
	 * they add up to {@code iterations}, each at least 1.
	 */
	static int[] split(int iterations, int scales) {
		if (scales < 1) throw new IllegalArgumentException("scales must be at least 1, got " + scales);
		if (iterations < scales) {
			throw new IllegalArgumentException("iterations: " + scales + " scales need at least " + scales
				+ " iterations (one per resolution), got " + iterations + "; raise iterations or lower scales");
		}
		double[] weights = new double[scales];
		double sum = 0;
		for (int k = 0; k < scales; k++) {
			weights[k] = Math.pow(RATIO, -k);
			sum += weights[k];
		}
		int[] counts = new int[scales];
		int left = iterations;
		// From the finest stage up, so rounding leftovers land on the cheap coarse stage.
		for (int k = scales - 1; k > 0; k--) {
			int stagesBefore = k;
			counts[k] = (int) Math.max(1, Math.min(left - stagesBefore, Math.round(iterations * weights[k] / sum)));
			left -= counts[k];
		}
		counts[0] = left;
		return counts;
	}
}

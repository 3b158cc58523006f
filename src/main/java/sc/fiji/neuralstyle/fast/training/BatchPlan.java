package sc.fiji.neuralstyle.fast.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which images make each step's batch, and where each is cropped, from the seed alone: every
 * epoch (a pass over the candidates) takes them in an order shuffled by the seed and the epoch's
 * number, and each sample's crop comes from the seed, the step and its place in the batch. So a run
 * that continues from a checkpoint at step k takes the batches an uninterrupted run would.
 */
final class BatchPlan {

	/** One sample: an image (for pairs, the later frame) and the seed of its crop. */
	record Sample(int image, long cropSeed) {
	}

	private final long seed;
	private final int[] candidates;
	private final int batchSize;
	private long cachedEpoch = -1;
	private int[] order;

	/**
	 * @param candidates the images to draw from (for pairs, the frames that follow another)
	 */
	BatchPlan(long seed, int[] candidates, int batchSize) {
		if (candidates.length == 0) throw new IllegalArgumentException("No images to train on");
		if (batchSize < 1 || batchSize > candidates.length) {
			throw new IllegalArgumentException("A batch of " + batchSize + " from " + candidates.length + " images");
		}
		this.seed = seed;
		this.candidates = candidates.clone();
		this.batchSize = batchSize;
	}

	/** The batch of step {@code step} (0-based). */
	List<Sample> batch(long step) {
		List<Sample> batch = new ArrayList<>(batchSize);
		for (int k = 0; k < batchSize; k++) {
			long drawn = step * batchSize + k;
			long epoch = drawn / candidates.length;
			int[] epochOrder = order(epoch);
			batch.add(new Sample(epochOrder[(int) (drawn % candidates.length)], mix(seed, 2 * step + 1, k)));
		}
		return batch;
	}

	private int[] order(long epoch) {
		if (epoch != cachedEpoch) {
			int[] o = candidates.clone();
			SplittableRandom random = new SplittableRandom(mix(seed, 2 * epoch, 0));
			for (int i = o.length - 1; i > 0; i--) {
				int j = random.nextInt(i + 1);
				int t = o[i];
				o[i] = o[j];
				o[j] = t;
			}
			order = o;
			cachedEpoch = epoch;
		}
		return order;
	}

	/** A well-mixed seed of three numbers (SplitMix64's finaliser over their combination). */
	static long mix(long seed, long a, long b) {
		long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}

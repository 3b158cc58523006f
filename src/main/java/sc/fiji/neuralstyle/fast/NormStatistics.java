package sc.fiji.neuralstyle.fast;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.fast.TransformerLayout.Norm;

/**
 * The instance normalisations' per-channel means and variances over a whole image, gathered tile by
 * tile: each tile's core adds its count, mean and sum of squared deviations, merged in double
 * precision (Chan et al.'s pairwise update, which stays exact where a large mean would make
 * E[x²] − E[x]² cancel). Once a normalisation's statistics are complete, {@link #fixed} applies them
 * as the whole pass would its own.
 */
final class NormStatistics {

	private final long[] counts = new long[TransformerLayout.NORMS.size()];
	private final double[][] means = new double[TransformerLayout.NORMS.size()][];
	private final double[][] squares = new double[TransformerLayout.NORMS.size()][];

	/** Adds the features of a tile's core at normalisation {@code norm}: a (1, C, h, w) array. */
	void add(int norm, NDArray core) {
		Shape s = core.getShape();
		int channels = (int) s.get(1);
		long n = s.get(2) * s.get(3);
		if (n == 0) return;
		float[] mean;
		float[] deviations;
		try (NDArray rows = core.reshape(channels, n); NDArray m = rows.mean(new int[] { 1 }, true);
			NDArray centered = rows.sub(m); NDArray sq = centered.square(); NDArray sum = sq.sum(new int[] { 1 }))
		{
			mean = m.toFloatArray();
			deviations = sum.toFloatArray();
		}
		if (means[norm] == null) {
			means[norm] = new double[channels];
			squares[norm] = new double[channels];
		}
		long before = counts[norm];
		long total = before + n;
		for (int c = 0; c < channels; c++) {
			double delta = mean[c] - means[norm][c];
			means[norm][c] += delta * n / total;
			squares[norm][c] += deviations[c] + delta * delta * before * n / total;
		}
		counts[norm] = total;
	}

	/** The (biased) variance of normalisation {@code norm}'s channel {@code c}. */
	double variance(int norm, int c) {
		return squares[norm][c] / counts[norm];
	}

	/** The mean of normalisation {@code norm}'s channel {@code c}. */
	double mean(int norm, int c) {
		return means[norm][c];
	}

	/**
	 * The normalisations with these statistics: x · s + t per channel with s = γ / √(σ² + ε) and
	 * t = β − μ s, computed in double. Only the normalisations before {@code upTo} are asked for.
	 */
	TransformerNet.Statistics fixed(int upTo) {
		return (Norm norm, NDArray x, NDArray weight, NDArray bias) -> {
			if (norm.index() >= upTo) throw new IllegalStateException("statistics of " + norm.name() + " are not complete");
			float[] gamma = weight.toFloatArray();
			float[] beta = bias.toFloatArray();
			int channels = gamma.length;
			float[] scale = new float[channels];
			float[] shift = new float[channels];
			for (int c = 0; c < channels; c++) {
				double s = gamma[c] / Math.sqrt(variance(norm.index(), c) + TransformerNet.EPSILON);
				scale[c] = (float) s;
				shift[c] = (float) (beta[c] - mean(norm.index(), c) * s);
			}
			// Both stay in the input's manager (Java buffers on the CPU), as the whole pass's ε does.
			NDManager manager = x.getManager();
			Shape perChannel = new Shape(1, channels, 1, 1);
			NDArray s = manager.create(scale, perChannel).toDevice(x.getDevice(), false);
			NDArray t = manager.create(shift, perChannel).toDevice(x.getDevice(), false);
			try (NDArray scaled = x.mul(s)) {
				return scaled.add(t);
			}
		};
	}
}

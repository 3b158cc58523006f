package sc.fiji.neuralstyle.engine.terms.style;

/**
 * The seeded random directions of the sliced Wasserstein loss, the same on every machine: each
 * entry is the sum of four uniform values in (−1, 1) (nearly Gaussian, so directions spread over the
 * sphere), each column scaled to unit length. The uniform values are the SplitMix64 formula of the
 * test fixtures (scripts/make_style_loss_fixtures.py reproduces them bit for bit): for a stream
 * s = 64·seed + 7000 + layer (wrapping 64-bit arithmetic) and an index i,
 * z = s·2³² + i + 0x9E3779B97F4A7C15, z = (z ⊕ z≫30)·0xBF58476D1CE4E5B9, z = (z ⊕ z≫27)·0x94D049BB133111EB,
 * z = z ⊕ z≫31, unit = ((z≫40) − 2²³ + ½)/2²³; entry (c, k) sums the units of indices 4(cK + k) … +3.
 */
final class SlicedDirections {

	private SlicedDirections() {}

	/**
	 * The directions of one layer, as a row-major (channels × count) matrix: column k is direction k.
	 *
	 * @param seed the run's seed
	 * @param layer the layer's position among the style layers
	 */
	static float[] of(long seed, int layer, int channels, int count) {
		long stream = seed * 64 + 7000 + layer;
		double[] g = new double[channels * count];
		for (int c = 0; c < channels; c++) {
			for (int k = 0; k < count; k++) {
				long index = 4L * ((long) c * count + k);
				double sum = 0;
				for (int t = 0; t < 4; t++) sum += unit(stream, index + t);
				g[c * count + k] = sum;
			}
		}
		float[] directions = new float[g.length];
		for (int k = 0; k < count; k++) {
			double norm = 0;
			for (int c = 0; c < channels; c++) norm += g[c * count + k] * g[c * count + k];
			norm = Math.sqrt(norm);
			for (int c = 0; c < channels; c++) directions[c * count + k] = (float) (g[c * count + k] / norm);
		}
		return directions;
	}

	static double unit(long stream, long index) {
		long z = (stream << 32) + index + 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		z = z ^ (z >>> 31);
		long u = z >>> 40;
		return (u - 8388608 + 0.5) / 8388608;
	}
}

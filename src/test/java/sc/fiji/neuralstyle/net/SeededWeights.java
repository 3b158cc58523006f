package sc.fiji.neuralstyle.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sc.fiji.neuralstyle.net.pth.TensorData;

/**
 * Deterministic stand-ins for pretrained weights, identical bit for bit to those that
 * {@code scripts/make_feature_fixtures.py} loads into torchvision, so Java results can be compared
 * with the fixtures under {@code src/test/resources/fixtures/}.
 * <p>
 * Value {@code index} (row-major) of stream {@code stream} is
 * </p>
 *
 * <pre>
 * z = stream * 2^32 + index + 0x9E3779B97F4A7C15          (64-bit, wrapping)
 * z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
 * z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
 * z =  z ^ (z >>> 31)                                     (SplitMix64's finaliser)
 * u = z >>> 40                                            (top 24 bits)
 * value = (float) (((u - 2^23 + 0.5) / 2^23) * bound)     (double arithmetic, one rounding to float)
 * </pre>
 * <p>
 * The stream of a weight tensor is its key's position in {@link Architecture#weightKeys()} (=
 * torchvision's state-dict order of those keys); convolution weights use
 * {@code bound = sqrt(6 / fanIn)} (He-uniform, fanIn = in channels × kernel²), biases
 * {@code bound = 0.1}. Batch normalisations (GoogLeNet) get γ = 1 ± 0.25, β ± 0.1, running mean ± 0.1
 * and running variance 1 ± 0.5: {@code (float) (offset + unit * bound)}. Only correctly rounded IEEE
 * operations are used, so numpy gives the same floats.
 * </p>
 */
public final class SeededWeights {

	/** Bound of the seeded biases. */
	public static final double BIAS_BOUND = 0.1;

	private SeededWeights() {}

	/** Made once per architecture: VGG-19's 20 million values take a moment. */
	private static final Map<Architecture, Map<String, TensorData>> CACHE = new ConcurrentHashMap<>();

	/**
	 * A seeded state dict with every key of {@link Architecture#weightKeys()}, in torchvision's order,
	 * as torchvision would hold it after {@code make_feature_fixtures.py} filled it. The map is shared
	 * and unmodifiable: copy it to change entries, and do not write into the value arrays.
	 */
	public static Map<String, TensorData> forArchitecture(Architecture architecture) {
		return CACHE.computeIfAbsent(architecture, SeededWeights::make);
	}

	private static Map<String, TensorData> make(Architecture architecture) {
		Map<String, double[]> boundAndOffset = new LinkedHashMap<>();
		for (LayerSpec.Conv conv : architecture.convolutions()) {
			double fanIn = (double) conv.inChannels() * conv.kernel() * conv.kernel();
			boundAndOffset.put(conv.weightKey(), new double[] { Math.sqrt(6.0 / fanIn), 0 });
			if (conv.batchNorm() == null) {
				boundAndOffset.put(conv.biasKey(), new double[] { BIAS_BOUND, 0 });
				continue;
			}
			List<String> bn = conv.batchNorm().keys();
			boundAndOffset.put(bn.get(0), new double[] { 0.25, 1 });
			boundAndOffset.put(bn.get(1), new double[] { BIAS_BOUND, 0 });
			boundAndOffset.put(bn.get(2), new double[] { 0.1, 0 });
			boundAndOffset.put(bn.get(3), new double[] { 0.5, 1 });
		}
		List<String> keys = architecture.weightKeys();
		if (!keys.equals(List.copyOf(boundAndOffset.keySet()))) {
			throw new IllegalStateException("Stream numbering no longer follows weightKeys(): " + keys);
		}
		Map<String, TensorData> stateDict = new LinkedHashMap<>();
		int stream = 0;
		for (Map.Entry<String, long[]> e : architecture.weightShapes().entrySet()) {
			double[] bo = boundAndOffset.get(e.getKey());
			stateDict.put(e.getKey(), new TensorData(e.getKey(), e.getValue(), values(stream++, count(e.getValue()),
				bo[0], bo[1])));
		}
		return Collections.unmodifiableMap(stateDict);
	}

	/** {@code n} seeded values of a stream, in (-bound, bound). */
	public static float[] values(long stream, int n, double bound) {
		return values(stream, n, bound, 0);
	}

	/** {@code n} seeded values of a stream, in (offset - bound, offset + bound). */
	public static float[] values(long stream, int n, double bound, double offset) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = offset == 0 ? value(stream, i, bound) : (float) (offset + unit(stream, i) * bound);
		return v;
	}

	/** Seeded value {@code index} of a stream, in (-bound, bound). */
	public static float value(long stream, long index, double bound) {
		return (float) (unit(stream, index) * bound);
	}

	/** The seeded number of a stream's element in (-1, 1), exact in double. */
	private static double unit(long stream, long index) {
		long z = (stream << 32) + index + 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		z = z ^ (z >>> 31);
		long u = z >>> 40;
		return (u - 8388608.0 + 0.5) / 8388608.0;
	}

	private static int count(long[] shape) {
		long n = 1;
		for (long d : shape)
			n *= d;
		return Math.toIntExact(n);
	}
}

package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.pth.PthReader;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.net.pth.TensorData;

/**
 * What the fast-style tests share: the seeded TransformerNet of {@code scripts/make_fast_style_fixtures.py}
 * (the key at position i uses stream 3000 + i; convolution weights ±√(6 / fan_in), their biases ±0.1,
 * normalisation weights 1 ± 0.25, biases ±0.1), the fixtures' files, and comparisons.
 */
public final class FastFixtures {

	public static final String FORWARD = "/fixtures/fast/forward.npz";
	public static final String TRAINING = "/fixtures/fast/training.npz";
	public static final String ADAM = "/fixtures/fast/adam.npz";

	private static Map<String, TensorData> seeded;

	private FastFixtures() {}

	static {
		System.setProperty("OPT_OUT_TRACKING", "true");
		System.setProperty("ai.djl.offline", "true");
	}

	/** The script's seeded state dict, in {@code state_dict()} order (shared: do not write into it). */
	public static synchronized Map<String, TensorData> seededStateDict() {
		if (seeded == null) {
			Map<String, TensorData> state = new LinkedHashMap<>();
			int stream = 3000;
			for (Map.Entry<String, long[]> e : TransformerLayout.SHAPES.entrySet()) {
				String key = e.getKey();
				long[] shape = e.getValue();
				int n = count(shape);
				double bound, offset = 0;
				if (key.endsWith("conv2d.weight")) bound = Math.sqrt(6.0 / (n / shape[0]));
				else if (key.endsWith("conv2d.bias")) bound = 0.1;
				else if (key.endsWith(".weight")) {
					bound = 0.25;
					offset = 1;
				}
				else bound = 0.1;
				state.put(key, new TensorData(key, shape, SeededWeights.values(stream++, n, bound, offset)));
			}
			seeded = Collections.unmodifiableMap(state);
		}
		return seeded;
	}

	/** The tests' seeded AlexNet (src/test/resources/fixtures/models/alexnet-seeded-f16.pth), max pooling. */
	public static FeatureNetwork alexnet(NDManager manager) {
		try {
			Path weights = Path.of(FastFixtures.class.getResource("/fixtures/models/alexnet-seeded-f16.pth").toURI());
			return FeatureNetwork.create(Architecture.ALEXNET, Pooling.MAX, PthReader.read(weights, Architecture.ALEXNET
				.weightKeys()), "alexnet-seeded-f16.pth", manager);
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	public static int count(long[] shape) {
		long n = 1;
		for (long d : shape) n *= d;
		return Math.toIntExact(n);
	}

	/** A test resource as a file: gunzipped into {@code folder} when its name ends with .gz. */
	public static Path resource(String name, Path folder) {
		try (InputStream in = FastFixtures.class.getResourceAsStream("/fixtures/fast/" + name)) {
			if (in == null) throw new IllegalArgumentException("No test resource " + name);
			Path file = folder.resolve(name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name);
			Files.copy(name.endsWith(".gz") ? new GZIPInputStream(in) : in, file);
			return file;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Every element within {@code relative} of the reference's largest magnitude (float32 arithmetic
	 * against a float64 reference accumulates rounding relative to the values' scale, not each value's).
	 */
	public static void assertClose(NDArray expected, NDArray actual, double relative, String what) {
		assertArrayEquals(expected.getShape().getShape(), actual.getShape().getShape(), what + ": shape");
		assertClose(expected.toFloatArray(), actual.toFloatArray(), relative, what);
	}

	public static void assertClose(float[] expected, float[] actual, double relative, String what) {
		double scale = 0;
		for (float v : expected) scale = Math.max(scale, Math.abs(v));
		double worst = 0;
		int at = -1;
		for (int i = 0; i < expected.length; i++) {
			double d = Math.abs(expected[i] - actual[i]);
			if (!(d <= worst)) {
				worst = d;
				at = i;
			}
		}
		assertTrue(worst <= relative * scale, what + ": element " + at + " differs by " + worst + " (" + worst / scale
			+ " of the largest value " + scale + ", allowed " + relative + ")");
	}
}

package sc.fiji.neuralstyle.net.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.net.Npz;
import sc.fiji.neuralstyle.net.pth.TensorData;

public class FeatureNetworkTest {

	private static NDManager manager;

	@BeforeAll
	static void setUp() {
		System.setProperty("OPT_OUT_TRACKING", "true");
		System.setProperty("ai.djl.offline", "true");
		manager = NDManager.newBaseManager();
	}

	@AfterAll
	static void tearDown() {
		manager.close();
	}

	/** The Java twin of the script's seeded weights gives the very same floats. */
	@Test
	void seededWeightsMatchNumpyBitForBit() {
		try (NDManager m = manager.newSubManager()) {
			Map<String, NDArray> samples = Npz.load(m, "/fixtures/features/seeded_samples.npz");
			for (Architecture architecture : Architecture.values()) {
				float[] expected = samples.get(architecture.id()).toFloatArray();
				List<Float> actual = new ArrayList<>();
				for (TensorData t : SeededWeights.forArchitecture(architecture).values()) {
					float[] v = t.values();
					for (int i : new int[] { 0, 1, v.length / 2, v.length - 1 })
						actual.add(v[i]);
				}
				assertEquals(expected.length, actual.size(), architecture.id());
				for (int i = 0; i < expected.length; i++) {
					assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual.get(i)),
						architecture.id() + " sample " + i);
				}
			}
		}
	}

	/**
	 * Every named layer equals torchvision's for the same seeded weights and input. The fixtures hold
	 * the convolution and pooling outputs; a ReLU's reference is max(0, its convolution's reference),
	 * which is exactly what torch's ReLU computes.
	 */
	@ParameterizedTest
	@CsvSource({ "VGG19, MAX, vgg19_max", "VGG19, AVG, vgg19_avg", "VGG16, MAX, vgg16_max",
		"ALEXNET, MAX, alexnet_max" })
	void layersMatchTorchvision(Architecture architecture, Pooling pooling, String fixture) {
		try (NDManager m = manager.newSubManager(); FeatureNetwork net = FeatureNetwork.create(
			architecture, pooling, SeededWeights.forArchitecture(architecture), "seeded weights", m))
		{
			Map<String, NDArray> expected = Npz.load(m, "/fixtures/features/" + fixture + ".npz");
			NDArray input = expected.remove("input");
			Set<String> stored = new TreeSet<>();
			for (String name : architecture.layerNames())
				if (!name.startsWith("relu")) stored.add(name);
			assertEquals(stored, new TreeSet<>(expected.keySet()), "layer names of the fixture");

			Map<String, NDArray> actual = net.forward(input, architecture.layerNames());
			assertEquals(architecture.layerNames(), List.copyOf(actual.keySet()));
			String previous = null;
			for (String name : architecture.layerNames()) {
				NDArray reference = name.startsWith("relu") ? Activation.relu(expected.get(previous))
					: expected.get(name);
				assertEquals(reference.getShape(), actual.get(name).getShape(), name);
				double error = relativeError(actual.get(name), reference);
				assertTrue(error < 1e-4, fixture + " " + name + ": relative error " + error);
				previous = name;
			}
		}
	}

	/**
	 * The networks with branches: every named layer equals torchvision's module output for the same
	 * seeded weights (GoogLeNet's batch normalisations folded into its convolutions here, applied by
	 * torchvision there), from the same RGB image preprocessed by the model descriptor. The reference
	 * ran the whole torchvision model on the ImageNet-normalised image, so GoogLeNet's transform_input
	 * is in it: the descriptor's preprocessing must reproduce what the pretrained model sees.
	 */
	@ParameterizedTest
	@CsvSource({ "SQUEEZENET1_1, MAX, squeezenet1_1_max, squeezenet1_1",
		"SQUEEZENET1_1, AVG, squeezenet1_1_avg, squeezenet1_1", "GOOGLENET, MAX, googlenet_max, googlenet",
		"GOOGLENET, AVG, googlenet_avg, googlenet" })
	void branchingNetworksMatchTorchvision(Architecture architecture, Pooling pooling, String fixture,
		String descriptor)
	{
		try (NDManager m = manager.newSubManager(); FeatureNetwork net = FeatureNetwork.create(
			architecture, pooling, SeededWeights.forArchitecture(architecture), "seeded weights", m))
		{
			Map<String, NDArray> expected = Npz.load(m, "/fixtures/features/" + fixture + ".npz");
			NDArray rgb = expected.remove("rgb");
			assertEquals(architecture.layerNames(), List.copyOf(expected.keySet()),
				"named layers are torchvision's modules, in order");
			NDArray input = ModelDescriptor.load(descriptor).preprocessing().apply(rgb);

			Map<String, NDArray> actual = net.forward(input, architecture.layerNames());
			for (String name : architecture.layerNames()) {
				assertEquals(expected.get(name).getShape(), actual.get(name).getShape(), name);
				double error = relativeError(actual.get(name), expected.get(name));
				assertTrue(error < 1e-4, fixture + " " + name + ": relative error " + error);
			}
		}
	}

	/** Only the branches a layer depends on run: GoogLeNet's first module needs 22 of 136 steps. */
	@Test
	void runsOnlyWhatTheRequestedLayersNeed() {
		try (NDManager m = manager.newSubManager(); FeatureNetwork net = FeatureNetwork.create(
			Architecture.GOOGLENET, Pooling.AVG, SeededWeights.forArchitecture(Architecture.GOOGLENET), "seeded", m))
		{
			NDArray input = m.randomUniform(-1, 1, new Shape(1, 3, 16, 16));
			assertEquals(Set.of("maxpool1"), net.forward(input, List.of("maxpool1")).keySet());
			assertEquals(3, net.layersRunInLastForward, "conv1's convolution and ReLU, then the pool");
			// conv1 (2 steps), maxpool1, conv2 (2), conv3 (2), maxpool2, then inception3a: four branches of
			// 2 + 4 + 4 + 3 steps and their concatenation.
			Map<String, NDArray> out = net.forward(input, List.of("inception3a", "conv1"));
			assertEquals(List.of("conv1", "inception3a"), List.copyOf(out.keySet()));
			assertEquals(22, net.layersRunInLastForward);
			assertEquals(new Shape(1, 256, 2, 2), out.get("inception3a").getShape());
		}
	}

	/** The tensors the networks ask for are torchvision's state-dict keys, with their shapes, in its order. */
	@ParameterizedTest
	@EnumSource(Architecture.class)
	void weightKeysAreTorchvisions(Architecture architecture) throws IOException {
		JsonObject all;
		try (Reader r = new InputStreamReader(FeatureNetworkTest.class.getResourceAsStream(
			"/fixtures/features/torchvision_state_dicts.json"), StandardCharsets.UTF_8))
		{
			all = JsonParser.parseReader(r).getAsJsonObject();
		}
		JsonObject torchvision = all.getAsJsonObject(architecture.id());
		List<String> inTorchvisionOrder = new ArrayList<>();
		for (String key : torchvision.keySet())
			if (architecture.weightShapes().containsKey(key)) inTorchvisionOrder.add(key);
		assertEquals(architecture.weightKeys(), inTorchvisionOrder);
		architecture.weightShapes().forEach((key, shape) -> {
			long[] expected = new long[torchvision.getAsJsonArray(key).size()];
			for (int i = 0; i < expected.length; i++)
				expected[i] = torchvision.getAsJsonArray(key).get(i).getAsLong();
			assertArrayEquals(expected, shape, key);
		});
	}

	/** The weights are kept as float32 on the parent manager's device, in the network's own manager. */
	@Test
	void weightsLiveInOwnSubManagerOnParentsDevice() {
		try (NDManager m = manager.newSubManager()) {
			FeatureNetwork net = FeatureNetwork.create(Architecture.ALEXNET, Pooling.AVG, SeededWeights
				.forArchitecture(Architecture.ALEXNET), "seeded", m);
			assertEquals(m.getDevice(), net.device());
			assertEquals(Architecture.ALEXNET, net.architecture());
			assertEquals(Pooling.AVG, net.pooling());
			NDArray input = m.randomUniform(-1, 1, new Shape(1, 3, 67, 67));
			NDArray out = net.forward(input, List.of("relu1")).get("relu1");
			assertSame(input.getManager(), out.getManager(), "outputs belong to the input's manager");
			net.close();
			assertFalse(input.isReleased(), "closing the network keeps the caller's arrays");
			assertTrue(out.getShape().equals(new Shape(1, 64, 16, 16)));
		}
	}

	/** Only as deep as needed: relu1_1 is layer 2 of 37, pool2 layer 10. */
	@Test
	void runsOnlyAsDeepAsTheDeepestRequestedLayer() {
		try (NDManager m = manager.newSubManager(); FeatureNetwork net = FeatureNetwork.create(
			Architecture.VGG19, Pooling.MAX, SeededWeights.forArchitecture(Architecture.VGG19), "seeded",
			m))
		{
			NDArray input = m.randomUniform(-1, 1, new Shape(1, 3, 8, 8));
			Map<String, NDArray> out = net.forward(input, List.of("relu1_1"));
			assertEquals(Set.of("relu1_1"), out.keySet());
			assertEquals(2, net.layersRunInLastForward);

			out = net.forward(input, Set.of("pool2", "conv1_1"));
			assertEquals(List.of("conv1_1", "pool2"), List.copyOf(out.keySet()), "network order");
			assertEquals(10, net.layersRunInLastForward);
			assertEquals(new Shape(1, 128, 2, 2), out.get("pool2").getShape());

			assertTrue(net.forward(input, List.of()).isEmpty());
			assertEquals(0, net.layersRunInLastForward);
		}
	}

	@Test
	void missingKeysAreNamedWithTheSourceAndPresentKeys() {
		Map<String, TensorData> weights = new HashMap<>(SeededWeights.forArchitecture(
			Architecture.VGG19));
		weights.remove("features.34.weight");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureNetwork
			.create(Architecture.VGG19, Pooling.MAX, weights, "truncated.pth", manager));
		String message = e.getMessage();
		assertTrue(message.contains("truncated.pth") && message.contains("features.34.weight") &&
			message.contains("features.0.bias"), message);

		// Another layout altogether, e.g. named Caffe layers: the message shows what is there instead.
		Map<String, TensorData> caffe = new LinkedHashMap<>();
		for (int i = 1; i <= 20; i++) {
			String key = "conv" + i + ".weight";
			caffe.put(key, new TensorData(key, new long[] { 1 }, new float[1]));
		}
		e = assertThrows(IllegalArgumentException.class, () -> FeatureNetwork.create(
			Architecture.ALEXNET, Pooling.MAX, caffe, "caffe.pth", manager));
		message = e.getMessage();
		assertTrue(message.contains("caffe.pth") && message.contains("features.0.weight") && message
			.contains("conv1.weight") && message.contains("(20 keys)"), message);
	}

	@Test
	void wrongShapeIsNamedWithExpectedAndActualShape() {
		Map<String, TensorData> weights = new HashMap<>(SeededWeights.forArchitecture(
			Architecture.VGG16));
		weights.put("features.2.weight", new TensorData("features.2.weight", new long[] { 64, 32, 3, 3 },
			new float[64 * 32 * 9]));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureNetwork
			.create(Architecture.VGG16, Pooling.MAX, weights, "odd.pth", manager));
		String message = e.getMessage();
		assertTrue(message.contains("odd.pth") && message.contains("features.2.weight") && message
			.contains("[64, 32, 3, 3]") && message.contains("[64, 64, 3, 3]"), message);
	}

	@Test
	void extraKeysAreIgnored() {
		Map<String, TensorData> weights = new HashMap<>(SeededWeights.forArchitecture(
			Architecture.ALEXNET));
		weights.put("classifier.1.weight", new TensorData("classifier.1.weight", new long[] { 2, 3 },
			new float[6]));
		FeatureNetwork.create(Architecture.ALEXNET, Pooling.MAX, weights, "full.pth", manager).close();
	}

	@Test
	void badRequestsAreExplained() {
		try (NDManager m = manager.newSubManager(); FeatureNetwork net = FeatureNetwork.create(
			Architecture.VGG19, Pooling.MAX, SeededWeights.forArchitecture(Architecture.VGG19), "seeded",
			m))
		{
			NDArray small = m.zeros(new Shape(1, 3, 20, 24));
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(
				small, List.of("relu1_1", "relu9_1")));
			assertTrue(e.getMessage().contains("relu9_1") && e.getMessage().contains("relu4_2"), e
				.getMessage());

			e = assertThrows(IllegalArgumentException.class, () -> net.forward(small, List.of("pool5")));
			assertTrue(e.getMessage().contains("pool5") && e.getMessage().contains("32 px"), e
				.getMessage());
			net.forward(small, List.of("relu5_1")); // 16 px are enough there

			NDArray gray = m.zeros(new Shape(1, 1, 32, 32));
			e = assertThrows(IllegalArgumentException.class, () -> net.forward(gray, List.of("relu1_1")));
			assertTrue(e.getMessage().contains("(N, 3, H, W)"), e.getMessage());
		}
	}

	/**
	 * The gradient with respect to the input flows through every kind of layer (and survives the
	 * eager freeing of intermediate outputs): for a loss linear in the features, L(x) = Σ r·F(x), of a
	 * piecewise linear network, a central difference along the gradient matches its norm.
	 */
	@ParameterizedTest
	@CsvSource({ "VGG19, MAX, relu1_1 relu3_1 relu5_1", "VGG19, AVG, relu1_1 relu3_1 relu5_1",
		"GOOGLENET, MAX, conv1 inception3a inception5b", "GOOGLENET, AVG, conv1 inception3a inception5b",
		"SQUEEZENET1_1, AVG, features.1 features.4 features.12" })
	void gradientFlowsToTheInput(Architecture architecture, Pooling pooling, String layerList) {
		try (NDManager m = manager.newSubManager(); FeatureNetwork net = FeatureNetwork.create(
			architecture, pooling, SeededWeights.forArchitecture(architecture), "seeded", m))
		{
			m.getEngine().setRandomSeed(7);
			NDArray x = m.randomUniform(-1, 1, new Shape(1, 3, 20, 20));
			List<String> layers = List.of(layerList.split(" "));
			Map<String, NDArray> r = new HashMap<>();
			for (Map.Entry<String, NDArray> e : net.forward(x, layers).entrySet())
				r.put(e.getKey(), m.randomUniform(-1, 1, e.getValue().getShape()));

			x.setRequiresGradient(true);
			NDArray grad;
			try (GradientCollector collector = m.getEngine().newGradientCollector()) {
				collector.backward(linearLoss(net, x, layers, r));
				grad = x.getGradient().duplicate();
			}
			float[] g = grad.toFloatArray();
			double norm = 0;
			for (float v : g)
				norm += (double) v * v;
			norm = Math.sqrt(norm);
			assertTrue(norm > 0 && Double.isFinite(norm), "gradient norm " + norm);

			double eps = 1e-3;
			NDArray step = grad.div(norm).mul(eps);
			double plus = linearLoss(net, x.stopGradient().add(step), layers, r).getFloat();
			double minus = linearLoss(net, x.stopGradient().sub(step), layers, r).getFloat();
			double slope = (plus - minus) / (2 * eps);
			assertEquals(norm, slope, 0.01 * norm, "directional derivative along the gradient");
		}
	}

	private static NDArray linearLoss(FeatureNetwork net, NDArray x, List<String> layers,
		Map<String, NDArray> r)
	{
		NDArray loss = null;
		for (Map.Entry<String, NDArray> e : net.forward(x, layers).entrySet()) {
			NDArray term = e.getValue().mul(r.get(e.getKey())).sum();
			loss = loss == null ? term : loss.add(term);
		}
		return loss;
	}

	/** ||a − b|| / ||b||, accumulated in double. */
	public static double relativeError(NDArray actual, NDArray expected) {
		float[] a = actual.toFloatArray();
		float[] b = expected.toFloatArray();
		assertArrayEquals(expected.getShape().getShape(), actual.getShape().getShape());
		double diff = 0, ref = 0;
		for (int i = 0; i < a.length; i++) {
			diff += (a[i] - (double) b[i]) * (a[i] - (double) b[i]);
			ref += (double) b[i] * b[i];
		}
		return Math.sqrt(diff / ref);
	}
}

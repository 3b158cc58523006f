package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.net.Npz;

/** The network against pytorch/examples' TransformerNet run by PyTorch (make_fast_style_fixtures.py). */
class TransformerNetTest {

	private static NDManager manager;
	private static TransformerNet net;

	@BeforeAll
	static void setUp() {
		manager = NDManager.newBaseManager();
		net = TransformerNet.of(FastFixtures.seededStateDict(), manager);
	}

	@AfterAll
	static void tearDown() {
		net.close();
		manager.close();
	}

	@Test
	void keysAreTheReferenceStateDictsInItsOrder() {
		List<String> keys = TransformerLayout.keys();
		assertEquals(62, keys.size());
		assertEquals(List.of("conv1.conv2d.weight", "conv1.conv2d.bias", "in1.weight", "in1.bias", "conv2.conv2d.weight"),
			keys.subList(0, 5));
		assertEquals("res1.conv1.conv2d.weight", keys.get(12));
		assertEquals("res1.in2.bias", keys.get(19));
		assertEquals(List.of("in5.weight", "in5.bias", "deconv3.conv2d.weight", "deconv3.conv2d.bias"), keys.subList(58, 62));
		long parameters = TransformerLayout.SHAPES.values().stream().mapToLong(s -> FastFixtures.count(s)).sum();
		assertEquals(1679235, parameters, "torch's sum(p.numel() for p in TransformerNet().parameters())");
	}

	/**
	 * Sizes that are multiples of 4 come back as PyTorch gives them; others at the input's size, which
	 * is PyTorch's output (4 ⌈H/4⌉ × 4 ⌈W/4⌉) without its last rows and columns.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "32x32", "30x37", "batch_21x18" })
	void forwardEqualsPyTorch(String name) {
		try (NDManager m = manager.newSubManager()) {
			Map<String, NDArray> fixture = Npz.load(m, FastFixtures.FORWARD);
			NDArray in = fixture.get("in_" + name);
			NDArray expected = fixture.get("out_" + name);
			Shape s = in.getShape();
			NDArray out = net.forward(in);
			assertEquals(s, out.getShape(), "the content's size");
			NDArray cropped = expected.get(new NDIndex(":, :, :{}, :{}", s.get(2), s.get(3)));
			FastFixtures.assertClose(cropped, out, 2e-5, name);
		}
	}

	@Test
	void tooSmallAnImageIsRefusedWithItsSize() {
		assertEquals(5, TransformerNet.minSide());
		try (NDManager m = manager.newSubManager()) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(m.zeros(new Shape(1, 3,
				4, 9))));
			assertTrue(e.getMessage().contains("9×4 px") && e.getMessage().contains("at least 5 px"), e.getMessage());
			assertEquals(new Shape(1, 3, 5, 5), net.forward(m.zeros(new Shape(1, 3, 5, 5))).getShape());
		}
	}

	@Test
	void initialWeightsFollowPyTorchsRules() {
		try (TransformerNet fresh = TransformerNet.initial(7, manager)) {
			Map<String, NDArray> p = fresh.parameters();
			float bound = (float) (1 / Math.sqrt(3 * 81));
			float[] w = p.get("conv1.conv2d.weight").toFloatArray();
			float max = 0;
			for (float v : w) max = Math.max(max, Math.abs(v));
			assertTrue(max <= bound && max > 0.95 * bound, "uniform in ±1/√fan_in: " + max);
			assertEquals(32f, p.get("in1.weight").sum().getFloat());
			assertEquals(0f, p.get("in1.bias").abs().sum().getFloat());
			try (TransformerNet again = TransformerNet.initial(7, manager)) {
				assertEquals(p.get("res2.conv1.conv2d.weight"), again.parameters().get("res2.conv1.conv2d.weight"), "same seed");
			}
		}
	}
}

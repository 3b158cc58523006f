package sc.fiji.neuralstyle.engine.terms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.tiles.FeatureGeometry;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.Padding;

/**
 * The style targets a network keeps: a style image's moments are computed once for the same pixels,
 * layers, padding, moments and tiles, and again when any of them differs or the image was dropped
 * for newer ones.
 */
class StyleTargetsTest {

	private static final List<String> LAYERS = List.of("relu1_1");

	@BeforeAll
	static void engine() {
		DjlSetup.pytorch();
	}

	@Test
	void aStyleImagesMomentsAreComputedOncePerKey() {
		try (NDManager manager = NDManager.newBaseManager(); StyleTargets targets = new StyleTargets(manager.newSubManager())) {
			AtomicInteger computed = new AtomicInteger();
			Supplier<StyleMoments> compute = () -> {
				computed.incrementAndGet();
				return new StyleMoments(Map.of("relu1_1", manager.create(new float[] { computed.get() }, new Shape(1, 1))), null);
			};
			NDArray style = image(manager, 1);
			StyleMoments first = targets.moments(style, LAYERS, Padding.ZEROS, false, null, manager, compute);
			StyleMoments again = targets.moments(image(manager, 1), LAYERS, Padding.ZEROS, false, null, manager, compute);
			assertEquals(1, computed.get(), "the same pixels: kept");
			assertArrayEquals(first.second().get("relu1_1").toFloatArray(), again.second().get("relu1_1").toFloatArray());

			targets.moments(image(manager, 2), LAYERS, Padding.ZEROS, false, null, manager, compute);
			assertEquals(2, computed.get(), "another image");
			targets.moments(style, List.of("relu1_1", "relu2_1"), Padding.ZEROS, false, null, manager, compute);
			assertEquals(3, computed.get(), "other layers");
			targets.moments(style, LAYERS, Padding.REPLICATE, false, null, manager, compute);
			assertEquals(4, computed.get(), "other padding");
			targets.moments(style, LAYERS, Padding.ZEROS, true, null, manager, compute);
			assertEquals(5, computed.get(), "the first moments too");
			FeatureGeometry geometry = FeatureGeometry.of(Architecture.VGG19, LAYERS);
			targets.moments(style, LAYERS, Padding.ZEROS, false, Tiling.of(geometry, 64), manager, compute);
			assertEquals(6, computed.get(), "computed in tiles");
			targets.moments(style, LAYERS, Padding.ZEROS, false, null, manager, compute);
			assertEquals(6, computed.get(), "the first key is still kept");
		}
	}

	@Test
	void theOldestOfMoreThanItsCapacityIsDropped() {
		try (NDManager manager = NDManager.newBaseManager(); StyleTargets targets = new StyleTargets(manager.newSubManager())) {
			AtomicInteger computed = new AtomicInteger();
			Supplier<StyleMoments> compute = () -> {
				computed.incrementAndGet();
				return new StyleMoments(Map.of("relu1_1", manager.zeros(new Shape(1, 1))), null);
			};
			for (int i = 0; i <= StyleTargets.CAPACITY; i++) {
				targets.moments(image(manager, i), LAYERS, Padding.ZEROS, false, null, manager, compute);
			}
			targets.moments(image(manager, StyleTargets.CAPACITY), LAYERS, Padding.ZEROS, false, null, manager, compute);
			assertEquals(StyleTargets.CAPACITY + 1, computed.get(), "the newest is kept");
			targets.moments(image(manager, 0), LAYERS, Padding.ZEROS, false, null, manager, compute);
			assertEquals(StyleTargets.CAPACITY + 2, computed.get(), "the oldest was dropped");
		}
	}

	private static NDArray image(NDManager manager, int seed) {
		float[] pixels = new float[3 * 4 * 4];
		for (int i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + seed * 17) % 101 / 100f;
		return manager.create(pixels, new Shape(1, 3, 4, 4));
	}
}

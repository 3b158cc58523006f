package sc.fiji.neuralstyle.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * {@link StyleTransfer#withSettings}: one loaded network serves runs with other settings (the Spark
 * application keeps one per executor), with the results of an engine opened for those settings.
 */
class StyleTransferViewTest {

	private static final FloatImage CONTENT = StyleTransferTest.random(40, 32, 3, 1);
	private static final FloatImage STYLE = StyleTransferTest.random(36, 36, 3, 2);

	@BeforeAll
	static void engine() {
		DjlSetup.pytorch();
	}

	@Test
	void aViewRunsOtherSettingsOnTheLoadedNetworkAsAFreshEngineWould() {
		StyleSettings first = StyleTransferTest.small().iterations(3).device("cpu").build();
		StyleSettings other = first.toBuilder().iterations(5).size(32).optimizer(OptimizerKind.ADAM).styleWeight(50)
			.contentLayers("relu2_2").styleLayers("relu1_1:0.5,relu2_1").build();
		AtomicInteger loads = new AtomicInteger();
		WeightsLoader counting = (model, override, keys, progress) -> {
			loads.incrementAndGet();
			return SeededLoader.INSTANCE.load(model, override, keys, progress);
		};
		StyleResult viewed;
		try (StyleTransfer base = StyleTransfer.open(first, counting, ProgressListener.NONE)) {
			base.run(CONTENT, STYLE, null, ProgressListener.NONE);
			try (StyleTransfer view = base.withSettings(other)) {
				assertEquals("relu2_2", view.contentLayers().toString());
				viewed = view.run(CONTENT, STYLE, null, ProgressListener.NONE);
			}
			// Closing the view left the network to its owner.
			assertEquals(3, base.run(CONTENT, STYLE, null, ProgressListener.NONE).losses().size());
		}
		assertEquals(1, loads.get(), "the network was loaded once");
		StyleResult fresh = StyleTransferTest.run(other, CONTENT, ProgressListener.NONE);
		assertEquals(5, viewed.losses().size());
		assertEquals(32, viewed.image().width());
		for (int i = 0; i < 5; i++) {
			assertEquals(fresh.losses().get(i).total(), viewed.losses().get(i).total(), 1e-6 * fresh.losses().get(i).total(),
				"loss " + i + " as with an engine opened for these settings");
		}
		assertArrayEquals(fresh.image().data(), viewed.image().data(), 1e-6f);
	}

	@Test
	void anotherNetworkNeedsAnotherEngine() {
		StyleSettings settings = StyleTransferTest.small().iterations(1).device("cpu").build();
		try (StyleTransfer base = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> base.withSettings(settings.toBuilder().pooling(Pooling.MAX).build()));
			assertTrue(e.getMessage().contains("pooling max"), e.getMessage());
			assertThrows(IllegalArgumentException.class, () -> base.withSettings(settings.toBuilder().network("vgg19").build()));
		}
	}
}

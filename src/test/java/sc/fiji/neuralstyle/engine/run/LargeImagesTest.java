package sc.fiji.neuralstyle.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.objective.TiledObjectiveTest;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.plan.FixedMemory;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.plan.Stages;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.settings.TileSize;
import sc.fiji.neuralstyle.params.Params;

/** Coarse-to-fine runs ({@code scales}) and tiles ({@code tile_size}) through the engine's API. */
class LargeImagesTest {

	private static final FloatImage STYLE = StyleTransferTest.random(48, 40, 3, 2);
	/** The memory of a run in these tests, whatever this machine has free. */
	private static final MemoryProbe MEMORY = FixedMemory.of(24L << 30);

	@BeforeAll
	static void engine() {
		DjlSetup.pytorch();
	}

	/** VGG16 to relu2_1: a 4 px margin, so that tiles of 64 px are cheap. */
	private static StyleSettings.Builder shallow() {
		return Params.defaultSettings().toBuilder().network("vgg16").init(Init.CONTENT).contentLayers("relu2_1")
			.styleLayers("relu1_1,relu2_1").styleWeight(1e5);
	}

	private static StyleResult run(StyleSettings settings, FloatImage content, ProgressListener listener) {
		return run(settings, content, listener, MEMORY);
	}

	private static StyleResult run(StyleSettings settings, FloatImage content, ProgressListener listener,
		MemoryProbe memory)
	{
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, memory, ProgressListener.NONE)) {
			return transfer.run(content, STYLE, null, listener);
		}
	}

	/** What a listener heard. */
	private static final class Heard implements ProgressListener {
		final List<LossRecord> records = new ArrayList<>();
		final List<Double> work = new ArrayList<>();
		final List<Integer> totals = new ArrayList<>();
		final List<String> status = new ArrayList<>();
		final List<int[]> previewSizes = new ArrayList<>();
		int cancelAfter = Integer.MAX_VALUE;

		@Override
		public void status(String message) {
			status.add(message);
		}

		@Override
		public void iteration(LossRecord record, int iterations, double workDone, Supplier<FloatImage> preview) {
			records.add(record);
			work.add(workDone);
			totals.add(iterations);
			FloatImage p = preview.get();
			previewSizes.add(new int[] { p.width(), p.height() });
		}

		@Override
		public boolean isCancelled() {
			return records.size() >= cancelAfter;
		}
	}

	@Test
	void scalesRunCoarseToFineAndTheLogShowsThem() {
		Heard heard = new Heard();
		StyleResult result = run(shallow().size(64).scales(3).iterations(21).build(), StyleTransferTest.random(40, 32, 3, 1),
			heard);
		assertEquals(64, result.image().width());
		assertEquals(51, result.image().height(), "40x32 fitted to 64");
		assertEquals(3, result.image().channels());
		int[] expected = Stages.split(21, 3);
		assertArrayEquals(new int[] { 3, 6, 12 }, expected);
		List<Integer> scales = result.losses().stream().map(LossRecord::scale).toList();
		List<Integer> wanted = new ArrayList<>();
		for (int i = 0; i < 3; i++) wanted.add(16);
		for (int i = 0; i < 6; i++) wanted.add(32);
		for (int i = 0; i < 12; i++) wanted.add(64);
		assertEquals(wanted, scales, "the scale column: 16 px, then 32 px, then 64 px");
		for (int i = 0; i < 21; i++) assertEquals(i, result.losses().get(i).iteration(), "iterations count on over scales");
		assertTrue(heard.totals.stream().allMatch(t -> t == 21), "the listener hears one total for all scales");
		for (int i = 1; i < heard.work.size(); i++) assertTrue(heard.work.get(i) > heard.work.get(i - 1));
		assertEquals(1.0, heard.work.get(20), 1e-9);
		// Work counts pixels: the 9 iterations at 16 and 32 px are an eighth of it, not 9/21.
		assertTrue(heard.work.get(8) < 0.2, "9 iterations at 16 and 32 px are a small part of the work: " + heard.work.get(8));
		assertArrayEquals(new int[] { 32, 26 }, heard.previewSizes.get(3), "previews have their scale's size");
		assertTrue(heard.status.stream().anyMatch(s -> s.startsWith("Scale 2 of 3: 32×26 px, 6 iterations")), heard.status.toString());
		assertEquals(20, result.bestIteration(), "the result is the best image at full size");
	}

	@Test
	void grayImagesInTilesStayGray() {
		FloatImage gray = StyleTransferTest.random(64, 48, 1, 5);
		StyleResult result = run(shallow().size(160).scales(2).iterations(4).tileSize(TileSize.of(64)).build(), gray,
			ProgressListener.NONE);
		assertEquals(1, result.image().channels());
		assertEquals(160, result.image().width());
		assertEquals(120, result.image().height());
		assertEquals(StopReason.COMPLETED, result.reason());
	}

	/**
	 * Tiles change how the loss is evaluated, not what it is: a run in tiles (whose grid moves at
	 * every evaluation) follows the run over the whole image.
	 */
	@Test
	void aRunInTilesFollowsTheWholeImageRun() {
		FloatImage content = TiledObjectiveTest.smooth(130, 100, 3);
		StyleSettings whole = shallow().size(130).iterations(6).build();
		Heard tiles = new Heard();
		StyleResult a = run(whole, content, ProgressListener.NONE);
		StyleResult b = run(whole.toBuilder().tileSize(TileSize.of(64)).build(), content, tiles);
		for (int i = 0; i < 6; i++) {
			assertEquals(a.losses().get(i).total(), b.losses().get(i).total(), 1e-4 * a.losses().get(i).total(), "iteration " + i);
		}
		float[] x = a.image().data(), y = b.image().data();
		double max = 0;
		for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
		assertTrue(max < 1e-3, "largest difference " + max);
		assertTrue(a.losses().get(5).total() < a.losses().get(0).total(), "the image did change");
	}

	@Test
	void cancellingAtAFinerScaleReturnsAFullSizeImage() {
		Heard heard = new Heard();
		heard.cancelAfter = 4; // scale 1 has 3 evaluations; the 4th is scale 2's start image
		StyleResult result = run(shallow().size(64).scales(3).iterations(21).build(), StyleTransferTest.random(40, 32, 3, 1),
			heard);
		assertEquals(StopReason.CANCELLED, result.reason());
		assertEquals(4, result.losses().size());
		assertEquals(64, result.image().width());
		assertEquals(51, result.image().height());
		assertTrue(result.message().contains("enlarged from scale 32×26 px"), result.message());
	}

	@Test
	void tooManyScalesForTheLayersAreRefusedBeforeAnyWork() {
		// Preflight words this for the user (PreflightTest); the engine refuses on its own too.
		Heard heard = new Heard();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> run(shallow().size(32).scales(6).iterations(20).styleLayers("relu3_1").build(),
				StyleTransferTest.random(40, 32, 3, 1), heard));
		assertTrue(e.getMessage().contains("is too small for layer"), e.getMessage());
		assertTrue(heard.records.isEmpty());
	}

	@Test
	void anImageTooLargeForOnePassIsRefusedBeforeAnyWork() {
		// Adam: L-BFGS's history alone would not fit 24 GiB at this size.
		StyleSettings huge = shallow().size(8192).iterations(2).optimizer(sc.fiji.neuralstyle.optim.OptimizerKind.ADAM).build();
		Heard heard = new Heard();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> run(huge, StyleTransferTest.random(40, 32, 3, 1), heard));
		assertTrue(e.getMessage().startsWith("tile_size: one pass over the whole 8192×6554 px image needs about"),
			e.getMessage());
		assertTrue(e.getMessage().contains("but 24.0 GiB are available"), e.getMessage());
		assertTrue(heard.records.isEmpty());
	}

	/**
	 * The engine plans with the memory its probe reads (a container's limit, say), not the machine's:
	 * 16 MB refuse even a 64 px run; and memory held for later runs is freed, and the memory read
	 * again, before a run is refused.
	 */
	@Test
	void theEnginePlansWithItsProbeAndFreesHeldMemoryBeforeItRefuses() {
		StyleSettings small = shallow().size(64).iterations(2).build();
		FloatImage content = StyleTransferTest.random(40, 32, 3, 1);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> run(small, content, ProgressListener.NONE, FixedMemory.of(16L << 20)));
		assertTrue(e.getMessage().startsWith("size: at 64×51 px the image, its gradient and the optimiser's state alone"),
			e.getMessage());
		int[] releases = { 0 };
		MemoryProbe held = new MemoryProbe() {
			@Override
			public Reading available() {
				return new Reading(releases[0] == 0 ? 16L << 20 : 8L << 30, "test", Long.MAX_VALUE);
			}

			@Override
			public boolean release() {
				releases[0]++;
				return true;
			}
		};
		assertEquals(2, run(small, content, ProgressListener.NONE, held).losses().size());
		assertEquals(1, releases[0]);
	}
}

package sc.fiji.neuralstyle.fiji.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

import ij.ImagePlus;
import sc.fiji.neuralstyle.fiji.Fixtures;
import sc.fiji.neuralstyle.engine.NetworkCache;
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.engine.plan.FixedMemory;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.net.weights.WeightStore;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.ParamValues;

/**
 * Fiji's runs go through the SciJava context's engine, which keeps their network: the runs of one session (each image of
 * Style_Folder.ijm) load it once, and the context frees it. Esc while the network loads stops the
 * load.
 */
class StyleEngineServiceTest {

	@TempDir
	Path dir;
	private Context context;

	@BeforeAll
	static void headless() {
		Fixtures.headless();
	}

	@AfterEach
	void dispose() {
		if (context != null) context.dispose();
	}

	private static FijiRuns.Prepared request(ParamValues values) {
		ImagePlus content = Fixtures.rgb("content", 48, 40, 1);
		return FijiRuns.prepare(new FijiRuns.Request(values, content, List.of(Fixtures.rgb("style", 40, 40, 2))));
	}

	@Test
	void theRunsOfOneSessionLoadTheNetworkOnceAndTheContextFreesIt() {
		context = new Context(StyleEngineService.class);
		StyleEngine engine = context.service(StyleEngineService.class).engine();
		NetworkCache cache = engine.networks();
		assertSame(engine, FijiEngines.current(), "the ImageJ1 plugin's runs use the context's engine too");
		for (int i = 0; i < 3; i++) {
			FijiRuns.Outcome o = FijiRuns.run(request(Fixtures.tiny("iterations", Integer.toString(2 + i))), false,
				() -> false);
			assertEquals(StopReason.COMPLETED, o.reason(), o.message());
		}
		assertEquals(1, cache.loads(), "three runs, one load");
		assertEquals(1, cache.loaded().size());

		context.dispose();
		context = null;
		assertEquals(List.of(), cache.loaded(), "disposing the context freed the network");
		assertThrows(IllegalStateException.class, () -> cache.acquire(Fixtures.tiny().settings(),
			sc.fiji.neuralstyle.engine.progress.ProgressListener.NONE));
		StyleEngine own = FijiEngines.current();
		assertNotSame(engine, own, "without a context: the process's engine");
		assertSame(own, FijiEngines.current(), "one for the process");
	}

	/** Esc (or the caller's cancel) while the weights load: the run stops at once, nothing is run. */
	@Test
	void cancellingWhileTheNetworkLoadsStopsTheLoad() throws Exception {
		CountDownLatch loading = new CountDownLatch(1), never = new CountDownLatch(1);
		WeightsLoader slow = (model, override, keys, progress) -> {
			loading.countDown();
			try {
				// A large file on a slow disk or network: this load takes as long as it is left to.
				never.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new WeightsException("interrupted");
			}
			return WeightsLoader.fromFiles(new WeightStore(dir, false)).load(model, override, keys, progress);
		};
		try (NetworkCache cache = new NetworkCache(slow, FixedMemory.of(8L << 30)); StyleEngine engine = new StyleEngine(cache)) {
			AtomicBoolean cancel = new AtomicBoolean();
			Thread esc = new Thread(() -> {
				try {
					if (loading.await(60, TimeUnit.SECONDS)) cancel.set(true);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			});
			esc.start();
			// Not cancelled, the load would end after a minute and the run complete without an exception.
			assertThrows(LoadCancelledException.class, () -> FijiRuns.run(request(Fixtures.tiny()), engine, false, cancel::get));
			assertEquals(List.of(), cache.loaded());
			esc.join();
		}
		finally {
			never.countDown();
		}
	}
}

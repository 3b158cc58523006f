package sc.fiji.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.NetworkKey;
import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.plan.FixedMemory;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.run.StyleTransferTest;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/** The networks a process keeps across runs: one load per key, shared, evicted, freed; style targets reused. */
class NetworkCacheTest {

	private static final FloatImage CONTENT = StyleTransferTest.random(40, 32, 3, 1);
	private static final FloatImage STYLE = StyleTransferTest.random(36, 36, 3, 2);

	@TempDir
	Path dir;

	/** Counts loads; the first load may be held until the test lets it go. */
	private final AtomicInteger loads = new AtomicInteger();
	private final CountDownLatch letLoad = new CountDownLatch(1);
	private volatile boolean holdLoads;
	private volatile boolean failNext;
	private NetworkCache cache;

	@BeforeAll
	static void engine() {
		DjlSetup.pytorch();
	}

	@AfterEach
	void close() {
		letLoad.countDown();
		if (cache != null) cache.close();
	}

	private NetworkCache cache() {
		WeightsLoader counting = (model, override, keys, progress) -> {
			loads.incrementAndGet();
			if (holdLoads) {
				try {
					letLoad.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new WeightsException("interrupted");
				}
			}
			if (failNext) {
				failNext = false;
				throw new WeightsException("no weights today");
			}
			return SeededLoader.INSTANCE.load(model, override, keys, progress);
		};
		cache = new NetworkCache(counting, FixedMemory.of(8L << 30));
		return cache;
	}

	private static StyleSettings.Builder settings() {
		return StyleTransferTest.small().iterations(3).device("cpu");
	}

	@Test
	void runsWithOtherRunSettingsShareOneLoadedNetwork() {
		NetworkCache c = cache();
		StyleResult first;
		try (NetworkCache.Lease lease = c.acquire(settings().build(), ProgressListener.NONE)) {
			assertTrue(lease.loaded());
			first = lease.transfer().run(CONTENT, STYLE, null, ProgressListener.NONE);
		}
		StyleSettings other = settings().iterations(4).optimizer(OptimizerKind.ADAM).styleWeight(50).contentLayers("relu2_2")
			.build();
		try (NetworkCache.Lease lease = c.acquire(other, ProgressListener.NONE)) {
			assertFalse(lease.loaded(), "the network of the first run");
			assertEquals("relu2_2", lease.transfer().contentLayers().toString());
			assertEquals(4, lease.transfer().run(CONTENT, STYLE, null, ProgressListener.NONE).losses().size());
		}
		try (NetworkCache.Lease lease = c.acquire(settings().build(), ProgressListener.NONE)) {
			StyleResult again = lease.transfer().run(CONTENT, STYLE, null, ProgressListener.NONE);
			assertArrayEquals(first.image().data(), again.image().data(), "a cached network gives the same result");
		}
		assertEquals(1, loads.get());
	}

	@Test
	void concurrentRequestsForOneKeyLoadItOnce() throws Exception {
		NetworkCache c = cache();
		holdLoads = true;
		ExecutorService runs = Executors.newFixedThreadPool(3);
		try {
			CountDownLatch waiting = new CountDownLatch(3);
			List<Future<Boolean>> leases = new java.util.ArrayList<>();
			for (int i = 0; i < 3; i++) {
				// Each request hears the load's status once it waits for it (live, or told when it joins).
				java.util.concurrent.atomic.AtomicBoolean heard = new java.util.concurrent.atomic.AtomicBoolean();
				ProgressListener listener = new ProgressListener() {
					@Override
					public void status(String message) {
						if (message.startsWith("Loading") && heard.compareAndSet(false, true)) waiting.countDown();
					}
				};
				leases.add(runs.submit(() -> {
					try (NetworkCache.Lease lease = c.acquire(settings().build(), listener)) {
						return lease.loaded();
					}
				}));
			}
			// The load is held until all three wait for it.
			assertTrue(waiting.await(60, TimeUnit.SECONDS), "the requests did not all wait");
			letLoad.countDown();
			int loaders = 0;
			for (Future<Boolean> f : leases) loaders += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
			assertEquals(1, loaders, "one request loaded, the others waited for it");
			assertEquals(1, loads.get());
		}
		finally {
			runs.shutdownNow();
		}
	}

	@Test
	void anotherNetworkReplacesAnIdleOneButNotOneInUse() {
		NetworkCache c = cache();
		StyleSettings avg = settings().pooling(Pooling.AVG).build(), max = settings().pooling(Pooling.MAX).build();
		c.acquire(avg, ProgressListener.NONE).close();
		assertEquals(1, c.loaded().size());
		try (NetworkCache.Lease lease = c.acquire(max, ProgressListener.NONE)) {
			assertEquals(List.of(lease.transfer().key()), c.loaded(), "the idle avg network was freed first");
			try (NetworkCache.Lease inUse = c.acquire(avg, ProgressListener.NONE)) {
				assertEquals(2, c.loaded().size(), "max is in use: both are loaded");
				assertEquals(3, inUse.transfer().run(CONTENT, STYLE, null, ProgressListener.NONE).losses().size());
			}
		}
		assertEquals(3, loads.get());
	}

	@Test
	void theMemoryProbeFreesIdleNetworks() {
		NetworkCache c = cache();
		MemoryProbe memory = c.memory();
		assertFalse(memory.release(), "nothing to free");
		try (NetworkCache.Lease lease = c.acquire(settings().build(), ProgressListener.NONE)) {
			assertFalse(memory.release(), "a network in use is not freed");
			assertEquals(1, c.loaded().size());
		}
		assertTrue(memory.release());
		assertEquals(List.of(), c.loaded());
		c.acquire(settings().build(), ProgressListener.NONE).close();
		assertEquals(2, loads.get(), "loaded again after it was freed");
	}

	/** A weights file replaced under the same name is another network: its identity is path, size and time. */
	@Test
	void aChangedWeightsFileIsLoadedAgain() throws IOException {
		NetworkCache c = cache();
		Path weights = Files.writeString(dir.resolve("mine.pth"), "weights one");
		StyleSettings s = settings().weights(weights).build();
		c.acquire(s, ProgressListener.NONE).close();
		c.acquire(s, ProgressListener.NONE).close();
		assertEquals(1, loads.get());
		NetworkKey before = NetworkKey.of(s, ai.djl.Device.cpu());
		Files.writeString(weights, "weights, two");
		Files.setLastModifiedTime(weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis() + 5000));
		assertNotEquals(before, NetworkKey.of(s, ai.djl.Device.cpu()));
		c.acquire(s, ProgressListener.NONE).close();
		assertEquals(2, loads.get());
	}

	@Test
	void aFailedLoadIsNotKept() {
		NetworkCache c = cache();
		failNext = true;
		assertThrows(WeightsException.class, () -> c.acquire(settings().build(), ProgressListener.NONE));
		assertEquals(List.of(), c.loaded());
		c.acquire(settings().build(), ProgressListener.NONE).close();
		assertEquals(2, loads.get());
	}

	@Test
	void aClosedCacheFreesItsNetworksAndRefusesMore() {
		NetworkCache c = cache();
		NetworkCache.Lease lease = c.acquire(settings().build(), ProgressListener.NONE);
		c.close();
		// A run in progress finishes on its network; it is freed when the run gives it back.
		assertEquals(3, lease.transfer().run(CONTENT, STYLE, null, ProgressListener.NONE).losses().size());
		lease.close();
		assertThrows(IllegalStateException.class, () -> c.acquire(settings().build(), ProgressListener.NONE));
	}

	/**
	 * The second run with the same style and settings on a cached network gives the same result bit for
	 * bit: the style's Gram matrices it takes from the network's {@link StyleTargets} (which
	 * {@link StyleTargetsTest} holds to its key) are those it would compute.
	 */
	@Test
	void styleTargetsAreReusedForTheSameStyle() {
		NetworkCache c = cache();
		StyleSettings s = settings().build();
		StyleResult first, second;
		try (NetworkCache.Lease lease = c.acquire(s, ProgressListener.NONE)) {
			first = lease.transfer().run(CONTENT, STYLE, null, ProgressListener.NONE);
		}
		try (NetworkCache.Lease lease = c.acquire(s.toBuilder().iterations(3).build(), ProgressListener.NONE)) {
			second = lease.transfer().run(CONTENT, STYLE, null, ProgressListener.NONE);
		}
		assertArrayEquals(first.image().data(), second.image().data());
		for (int i = 0; i < first.losses().size(); i++) {
			assertEquals(first.losses().get(i).total(), second.losses().get(i).total());
		}
	}
}

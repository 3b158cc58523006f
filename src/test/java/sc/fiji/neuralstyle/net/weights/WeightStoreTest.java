package sc.fiji.neuralstyle.net.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.net.WeightsException;

/** Downloads from a JDK HTTP server on 127.0.0.1. */
class WeightStoreTest {

	private static final byte[] PAYLOAD = new byte[300_000];
	private static final String SHA256;
	static {
		new Random(11).nextBytes(PAYLOAD);
		try {
			SHA256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PAYLOAD));
		}
		catch (Exception e) {
			throw new ExceptionInInitializerError(e);
		}
	}

	@TempDir
	Path tmp;
	private Path cache;
	private TestServer server;

	@BeforeEach
	void startServer() throws IOException {
		cache = tmp.resolve("cache");
		server = new TestServer();
	}

	@AfterEach
	void stopServer() {
		server.close();
	}

	private String serve(String path, HttpHandler handler) {
		return server.serve(path, handler);
	}

	private static void send(HttpExchange exchange, byte[] body) throws IOException {
		TestServer.send(exchange, body);
	}

	private static ModelDescriptor descriptor(String url, String sha256, Long size) {
		return new ModelDescriptor("test", "test weights", "vgg19", url, "test-" + sha256.substring(0, 8) + ".pth",
			sha256, size, ModelDescriptor.PYTORCH_STATE_DICT, Preprocessing.TORCHVISION);
	}

	private ModelDescriptor okDescriptor() {
		return descriptor(serve("/ok.pth", e -> send(e, PAYLOAD)), SHA256, (long) PAYLOAD.length);
	}

	/** Records what a listener hears. */
	private static final class Recorder implements DownloadListener {

		final List<long[]> progress = new CopyOnWriteArrayList<>();
		final List<String> messages = new CopyOnWriteArrayList<>();

		@Override
		public void progress(long done, long total) {
			progress.add(new long[] { done, total });
		}

		@Override
		public void message(String text) {
			messages.add(text);
		}
	}

	/** After a failed download: no file at the final path, no temporary file, marker or lock file. */
	private void assertNoLeftovers(Path target) throws IOException {
		assertFalse(Files.exists(target), "no file at the final path");
		assertEquals(List.of(), filesIn(cache));
	}

	private static List<String> filesIn(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	private static void assertMentions(WeightsException e, String... parts) {
		for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
	}

	@Test
	void downloadsChecksAndCaches() throws IOException {
		ModelDescriptor d = okDescriptor();
		WeightStore store = new WeightStore(cache, true);
		Recorder recorder = new Recorder();
		Path file = store.resolve(d, null, recorder);
		assertEquals(cache.resolve(d.file()), file);
		assertArrayEquals(PAYLOAD, Files.readAllBytes(file));
		long[] last = recorder.progress.get(recorder.progress.size() - 1);
		assertArrayEquals(new long[] { PAYLOAD.length, PAYLOAD.length }, last);
		for (int i = 1; i < recorder.progress.size(); i++) {
			assertTrue(recorder.progress.get(i)[0] >= recorder.progress.get(i - 1)[0], "progress only grows");
		}
		assertTrue(recorder.messages.stream().anyMatch(m -> m.contains(d.url()) && m.contains(file.toString())), recorder.messages.toString());
		assertEquals(List.of(d.file(), d.file() + ".verified"), filesIn(cache), "no lock file left either");
		// Later uses trust the marker: no new request, no new hashing.
		Recorder again = new Recorder();
		assertEquals(file, store.resolve(d, null, again));
		assertEquals(1, server.requests());
		assertTrue(again.progress.isEmpty() && again.messages.isEmpty());
		// Even offline.
		assertEquals(file, new WeightStore(cache, false).resolve(d, null, null));
	}

	@Test
	void notFound() throws IOException {
		ModelDescriptor d = descriptor(serve("/missing.pth", e -> e.sendResponseHeaders(404, -1)), SHA256, null);
		WeightsException e = assertThrows(WeightsException.class, () -> new WeightStore(cache, true).resolve(d, null, null));
		assertMentions(e, "404", d.url(), cache.resolve(d.file()).toString());
		assertNoLeftovers(cache.resolve(d.file()));
	}

	@Test
	void connectionDroppedMidFile() throws IOException {
		ModelDescriptor d = descriptor(serve("/drop.pth", e -> {
			e.sendResponseHeaders(200, PAYLOAD.length);
			OutputStream out = e.getResponseBody();
			out.write(PAYLOAD, 0, PAYLOAD.length / 2);
			out.flush(); // then the exchange closes with half the promised bytes
		}), SHA256, (long) PAYLOAD.length);
		WeightsException e = assertThrows(WeightsException.class, () -> new WeightStore(cache, true).resolve(d, null, null));
		assertMentions(e, d.url(), cache.resolve(d.file()).toString());
		assertNoLeftovers(cache.resolve(d.file()));
	}

	@Test
	void wrongChecksum() throws IOException {
		byte[] other = PAYLOAD.clone();
		other[1000] ^= 1;
		ModelDescriptor d = descriptor(serve("/changed.pth", e -> send(e, other)), SHA256, (long) PAYLOAD.length);
		WeightsException e = assertThrows(WeightsException.class, () -> new WeightStore(cache, true).resolve(d, null, null));
		assertMentions(e, "SHA-256", SHA256, d.url(), cache.resolve(d.file()).toString());
		assertNoLeftovers(cache.resolve(d.file()));
	}

	@Test
	void concurrentRequestsDownloadOnce() throws Exception {
		CountDownLatch secondIsWaiting = new CountDownLatch(1);
		ModelDescriptor d = descriptor(serve("/shared.pth", e -> {
			try {
				// Hold the first download until the other request waits for it (or 10 s pass).
				secondIsWaiting.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ie) {
				Thread.currentThread().interrupt();
			}
			send(e, PAYLOAD);
		}), SHA256, (long) PAYLOAD.length);
		WeightStore store = new WeightStore(cache, true);
		WeightStore otherStore = new WeightStore(cache, true); // e.g. another plugin instance
		DownloadListener listener = new DownloadListener() {

			@Override
			public void progress(long done, long total) {}

			@Override
			public void message(String text) {
				if (text.startsWith("Waiting")) secondIsWaiting.countDown();
			}
		};
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<Path> a = pool.submit(() -> store.resolve(d, null, listener));
			Future<Path> b = pool.submit(() -> otherStore.resolve(d, null, listener));
			assertEquals(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
			assertEquals(0, secondIsWaiting.getCount(), "one request waited for the other");
			assertEquals(1, server.requests(), "one download");
			assertArrayEquals(PAYLOAD, Files.readAllBytes(a.get()));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void offlineWithoutFileSaysWhatToFetchAndWhere() {
		ModelDescriptor d = okDescriptor();
		WeightsException e = assertThrows(WeightsException.class, () -> new WeightStore(cache, false).resolve(d, null, null));
		assertMentions(e, "offline", d.url(), cache.resolve(d.file()).toString(), SHA256);
		assertEquals(0, server.requests());
	}

	@Test
	void offlineUsesFilePlacedByHand() throws IOException {
		ModelDescriptor d = okDescriptor();
		Files.createDirectories(cache);
		Path target = cache.resolve(d.file());
		Files.write(target, PAYLOAD);
		Recorder recorder = new Recorder();
		assertEquals(target, new WeightStore(cache, false).resolve(d, null, recorder));
		assertTrue(recorder.messages.stream().anyMatch(m -> m.startsWith("Checking")), "hashed once");
		assertTrue(Files.exists(cache.resolve(d.file() + ".verified")));
		assertEquals(0, server.requests());

		// A different file placed by hand is refused, and kept for the user to look at.
		byte[] other = PAYLOAD.clone();
		other[0] ^= 1;
		Files.write(target, other);
		Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
		WeightsException e = assertThrows(WeightsException.class, () -> new WeightStore(cache, true).resolve(d, null, null));
		assertMentions(e, target.toString(), "SHA-256", "Delete it", d.url());
		assertTrue(Files.exists(target));
		assertEquals(0, server.requests());
	}

	@Test
	void truncatedFilePlacedByHandIsRefusedBySize() throws IOException {
		ModelDescriptor d = okDescriptor();
		Files.createDirectories(cache);
		Path target = cache.resolve(d.file());
		Files.write(target, java.util.Arrays.copyOf(PAYLOAD, 1000));
		WeightsException e = assertThrows(WeightsException.class, () -> new WeightStore(cache, false).resolve(d, null, null));
		assertMentions(e, target.toString(), "1000 bytes instead of 300000");
	}

	@Test
	void overrideIsUsedAsGivenOrRefusedWhenMissing() throws IOException {
		ModelDescriptor d = okDescriptor();
		WeightStore store = new WeightStore(cache, true);
		Path mine = Files.write(tmp.resolve("my-weights.pth"), new byte[] { 1, 2, 3 });
		assertSame(mine, store.resolve(d, mine, null));
		Path missing = tmp.resolve("nope.pth");
		WeightsException e = assertThrows(WeightsException.class, () -> store.resolve(d, missing, null));
		assertMentions(e, missing.toString(), "does not exist");
		assertMentions(assertThrows(WeightsException.class, () -> store.resolve(d, tmp, null)), "folder");
		assertEquals(0, server.requests());
	}

	@Test
	void stalledDownloadIsGivenUp() throws IOException {
		ModelDescriptor d = descriptor(serve("/stall.pth", e -> {
			e.sendResponseHeaders(200, PAYLOAD.length);
			OutputStream out = e.getResponseBody();
			out.write(PAYLOAD, 0, 1000);
			out.flush();
			server.awaitEnd();
		}), SHA256, (long) PAYLOAD.length);
		WeightStore store = new WeightStore(cache, true, Duration.ofMillis(300));
		WeightsException e = assertThrows(WeightsException.class, () -> store.resolve(d, null, null));
		assertMentions(e, "stalled", d.url());
		assertNoLeftovers(cache.resolve(d.file()));
	}

	@Test
	void interruptedDownloadLeavesNothing() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		ModelDescriptor d = descriptor(serve("/slow.pth", e -> {
			e.sendResponseHeaders(200, PAYLOAD.length);
			OutputStream out = e.getResponseBody();
			out.write(PAYLOAD, 0, 1000);
			out.flush();
			server.awaitEnd();
		}), SHA256, (long) PAYLOAD.length);
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
		Thread t = new Thread(() -> {
			try {
				new WeightStore(cache, true).resolve(d, null, (done, total) -> {
					if (done > 0) started.countDown();
				});
			}
			catch (Throwable x) {
				thrown.set(x);
				stillInterrupted.set(Thread.currentThread().isInterrupted());
			}
		});
		t.start();
		assertTrue(started.await(10, TimeUnit.SECONDS));
		t.interrupt();
		t.join(10_000);
		assertFalse(t.isAlive());
		assertTrue(thrown.get() instanceof WeightsException, String.valueOf(thrown.get()));
		assertMentions((WeightsException) thrown.get(), "interrupted");
		assertTrue(stillInterrupted.get(), "the interrupt is kept for the caller");
		assertNoLeftovers(cache.resolve(d.file()));
	}
}

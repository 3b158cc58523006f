package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.net.weights.TestServer;
import sc.fiji.neuralstyle.net.weights.WeightStore;

/** Download Weights from a JDK HTTP server on 127.0.0.1: verified, cancelled, interrupted, corrupted. */
class DownloadWeightsTest {

	private static final byte[] FIRST = payload(1, 200_000);
	private static final byte[] SECOND = payload(2, 120_000);

	@TempDir
	Path models;
	private TestServer server;

	@BeforeEach
	void startServer() throws IOException {
		server = new TestServer();
	}

	@AfterEach
	void stopServer() {
		server.close();
	}

	private static byte[] payload(long seed, int size) {
		byte[] b = new byte[size];
		new Random(seed).nextBytes(b);
		return b;
	}

	private static String sha256(byte[] data) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private String serve(String path, HttpHandler handler) {
		return server.serve(path, handler);
	}

	private static void send(HttpExchange exchange, byte[] body) throws IOException {
		TestServer.send(exchange, body);
	}

	/** A network whose weights are {@code content} (its checksum and size), served as {@code served}. */
	private ModelDescriptor network(String name, byte[] content, HttpHandler served) {
		String url = serve("/" + name + ".pth", served);
		return new ModelDescriptor(name, name + " test weights", "alexnet", url, name + "-" + sha256(content).substring(0, 8)
			+ ".pth", sha256(content), (long) content.length, ModelDescriptor.PYTORCH_STATE_DICT, Preprocessing.TORCHVISION);
	}

	private ModelDescriptor good(String name, byte[] content) {
		return network(name, content, e -> send(e, content));
	}

	private List<String> files() throws IOException {
		try (Stream<Path> s = Files.list(models)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	/** Each network's file and its marker, nothing else: no temporary file, no lock file. */
	private void assertOnly(ModelDescriptor... present) throws IOException {
		List<String> expected = Stream.of(present).flatMap(d -> Stream.of(d.file(), d.file() + ".verified")).sorted().toList();
		assertEquals(expected, files());
	}

	@Test
	void downloadsEachNetworkChecksItAndKeepsItThere() throws IOException {
		ModelDescriptor a = good("first", FIRST), b = good("second", SECOND);
		WeightStore store = new WeightStore(models, true);
		List<Long> progress = new CopyOnWriteArrayList<>();
		List<DownloadWeights.Outcome> outcomes = DownloadWeights.run(List.of(a, b), store, new DownloadWeights.Listener() {
			@Override public void progress(ModelDescriptor d, long done, long total) { progress.add(done); }
		});
		assertEquals(List.of(DownloadWeights.Status.DOWNLOADED, DownloadWeights.Status.DOWNLOADED),
			outcomes.stream().map(DownloadWeights.Outcome::status).toList(), outcomes.toString());
		assertTrue(outcomes.get(0).message().startsWith("first: downloaded and checked: "), outcomes.get(0).message());
		assertEquals(sha256(FIRST), sha256(Files.readAllBytes(store.location(a))));
		assertEquals(sha256(SECOND), sha256(Files.readAllBytes(store.location(b))));
		assertTrue(progress.contains((long) FIRST.length), "progress reaches the whole file: " + progress);
		assertOnly(a, b);
		// Again: both are there and checked, nothing is downloaded.
		int before = server.requests();
		outcomes = DownloadWeights.run(List.of(a, b), store, new DownloadWeights.Listener() {});
		assertEquals(List.of(DownloadWeights.Status.PRESENT, DownloadWeights.Status.PRESENT),
			outcomes.stream().map(DownloadWeights.Outcome::status).toList());
		assertEquals(before, server.requests());
	}

	@Test
	void aDamagedFileIsDownloadedAgainAndReplaced() throws IOException {
		ModelDescriptor a = good("first", FIRST);
		WeightStore store = new WeightStore(models, true);
		byte[] damaged = FIRST.clone();
		damaged[1000] ^= 1;
		Files.write(store.location(a), damaged);
		List<DownloadWeights.Outcome> outcomes = DownloadWeights.run(List.of(a), store, new DownloadWeights.Listener() {});
		assertEquals(DownloadWeights.Status.DOWNLOADED, outcomes.get(0).status(), outcomes.toString());
		assertEquals(sha256(FIRST), sha256(Files.readAllBytes(store.location(a))));
		assertOnly(a);
	}

	@Test
	void aCorruptedDownloadIsRefusedAndNothingIsKept() throws IOException {
		byte[] corrupted = FIRST.clone();
		corrupted[5] ^= 1;
		ModelDescriptor bad = network("first", FIRST, e -> send(e, corrupted));
		ModelDescriptor b = good("second", SECOND);
		List<DownloadWeights.Outcome> outcomes = DownloadWeights.run(List.of(bad, b), new WeightStore(models, true),
			new DownloadWeights.Listener() {});
		assertEquals(DownloadWeights.Status.FAILED, outcomes.get(0).status());
		assertTrue(outcomes.get(0).message().contains("is not the expected file (its SHA-256 is " + sha256(corrupted)),
			outcomes.get(0).message());
		assertEquals(DownloadWeights.Status.DOWNLOADED, outcomes.get(1).status(), "a failure does not stop the others");
		assertOnly(b);
	}

	@Test
	void anInterruptedConnectionLeavesNothing() throws IOException {
		ModelDescriptor cut = network("first", FIRST, e -> {
			e.sendResponseHeaders(200, FIRST.length);
			OutputStream out = e.getResponseBody();
			out.write(FIRST, 0, FIRST.length / 3);
			out.flush();
			// The exchange is closed with the body incomplete: the connection drops mid-file.
		});
		List<DownloadWeights.Outcome> outcomes = DownloadWeights.run(List.of(cut), new WeightStore(models, true),
			new DownloadWeights.Listener() {});
		assertEquals(DownloadWeights.Status.FAILED, outcomes.get(0).status());
		assertTrue(outcomes.get(0).message().contains(cut.url()), outcomes.get(0).message());
		assertEquals(List.of(), files(), "no file, temporary file or lock left");
	}

	@Test
	void cancellingStopsTheDownloadSkipsTheRestAndLeavesNothing() throws IOException {
		CountDownLatch sending = new CountDownLatch(1);
		ModelDescriptor slow = network("first", FIRST, e -> {
			e.sendResponseHeaders(200, FIRST.length);
			OutputStream out = e.getResponseBody();
			out.write(FIRST, 0, 1000);
			out.flush();
			sending.countDown();
			server.awaitEnd(); // sends nothing more: only the cancel ends the download
		});
		ModelDescriptor next = good("second", SECOND);
		AtomicBoolean cancel = new AtomicBoolean();
		List<DownloadWeights.Outcome> outcomes = DownloadWeights.run(List.of(slow, next), new WeightStore(models, true),
			new DownloadWeights.Listener() {
				@Override
				public void progress(ModelDescriptor d, long done, long total) {
					if (done > 0) cancel.set(true); // as Esc pressed while the first bytes arrive
				}

				@Override
				public boolean isCancelled() {
					return cancel.get();
				}
			});
		assertEquals(0, sending.getCount(), "the download had started");
		assertEquals(List.of(DownloadWeights.Status.CANCELLED, DownloadWeights.Status.CANCELLED),
			outcomes.stream().map(DownloadWeights.Outcome::status).toList(), outcomes.toString());
		assertEquals(List.of(), files(), "no file, temporary file or lock left");
		assertFalse(Thread.currentThread().isInterrupted(), "the caller's thread is not left interrupted");
		assertEquals(1, server.requests(), "the second network was not asked for");
	}

	@Test
	void namesAreCheckedBeforeAnyDownload() {
		assertEquals(List.of("vgg19", "alexnet"), DownloadWeights.parse("vgg19, alexnet,vgg19").stream()
			.map(ModelDescriptor::name).toList());
		assertEquals(ModelDescriptor.available(), DownloadWeights.parse("all").stream().map(ModelDescriptor::name).toList());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DownloadWeights.parse("vgg19,resnet"));
		assertEquals("'resnet' is not a network; choose from " + String.join(", ", ModelDescriptor.available()) + ", or all",
			e.getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> DownloadWeights.parse(" , ")).getMessage()
			.startsWith("no network given"));
	}
}

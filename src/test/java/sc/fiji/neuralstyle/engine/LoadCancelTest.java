package sc.fiji.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.engine.plan.FixedMemory;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.weights.WeightStore;
import sc.fiji.neuralstyle.params.Params;

/**
 * Cancelling while the network loads: a first download of the weights, served slowly from a JDK
 * HTTP server on 127.0.0.1 (1 kB every 20 ms of a 50 MB file, so it would take over 15 minutes), is
 * cancelled through the listener or by interrupting the waiting thread. The wait must end within a
 * second or two (the bound below is a limit against hanging, not a speed measurement) and leave no
 * partial download in the weights folder.
 */
class LoadCancelTest {

	/** How long a cancelled load may take to return: "within a second", with room for a loaded machine. */
	private static final long RETURN_LIMIT_MS = 5000;
	private static final long FILE_SIZE = 50_000_000;

	@TempDir
	Path tmp;
	private Path weightsFolder;
	private HttpServer server;
	private final CountDownLatch release = new CountDownLatch(1);
	private final AtomicInteger requests = new AtomicInteger();
	private ModelDescriptor throttled;

	@BeforeAll
	static void engine() {
		DjlSetup.pytorch();
	}

	@BeforeEach
	void startServer() throws IOException {
		weightsFolder = tmp.resolve("models");
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/alexnet.pth", exchange -> {
			requests.incrementAndGet();
			try (exchange) {
				exchange.sendResponseHeaders(200, FILE_SIZE);
				OutputStream out = exchange.getResponseBody();
				byte[] chunk = new byte[1000];
				// Throttled: a chunk every 20 ms until the client goes away or the test ends.
				while (!release.await(20, TimeUnit.MILLISECONDS)) {
					out.write(chunk);
					out.flush();
				}
			}
			catch (IOException | InterruptedException e) {
				// the client closed the connection: the download was cancelled
			}
		});
		server.start();
		ModelDescriptor alexnet = ModelDescriptor.load("alexnet");
		throttled = new ModelDescriptor(alexnet.name(), alexnet.description(), alexnet.architecture(),
			"http://127.0.0.1:" + server.getAddress().getPort() + "/alexnet.pth", "alexnet-throttled.pth", "0123abcd",
			FILE_SIZE, alexnet.format(), alexnet.preprocessing());
	}

	@AfterEach
	void stopServer() {
		release.countDown();
		server.stop(0);
		((ExecutorService) server.getExecutor()).shutdownNow();
	}

	/** Weights from the throttled server, into a fresh weights folder. */
	private WeightsLoader slowDownload() {
		return (model, override, keys, progress) -> WeightsLoader.fromFiles(new WeightStore(weightsFolder, true))
			.load(throttled, override, keys, progress);
	}

	private static StyleSettings alexnet() {
		return Params.defaultSettings().toBuilder().network("alexnet").device("cpu").build();
	}

	/** Hears the download start; cancels when told. */
	private static final class Listener implements ProgressListener {

		final CountDownLatch downloading = new CountDownLatch(1);
		final AtomicLong bytes = new AtomicLong();
		final AtomicBoolean cancel = new AtomicBoolean();

		@Override
		public void download(long done, long total) {
			synchronized (this) {
				bytes.set(done);
				notifyAll();
			}
			if (done > 0) downloading.countDown();
		}

		/** Waits until the download has passed {@code n} bytes; false if it does not within the limit. */
		synchronized boolean awaitBytes(long n, long limitMs) throws InterruptedException {
			long end = System.nanoTime() + limitMs * 1_000_000;
			while (bytes.get() <= n) {
				long left = (end - System.nanoTime()) / 1_000_000;
				if (left <= 0) return false;
				wait(left);
			}
			return true;
		}

		@Override
		public boolean isCancelled() {
			return cancel.get();
		}
	}

	/** A thread that opens the network and keeps what it threw and whether it was still interrupted. */
	private static final class Opening extends Thread {

		final AtomicReference<Throwable> thrown = new AtomicReference<>();
		final AtomicBoolean interruptKept = new AtomicBoolean();
		private final Runnable open;

		Opening(Runnable open) {
			this.open = open;
			setDaemon(true);
		}

		@Override
		public void run() {
			try {
				open.run();
			}
			catch (Throwable t) {
				thrown.set(t);
				interruptKept.set(Thread.currentThread().isInterrupted());
			}
		}
	}

	private void assertNoPartialDownload() throws IOException {
		try (Stream<Path> files = Files.list(weightsFolder)) {
			assertEquals(List.of(), files.map(p -> p.getFileName().toString()).toList(),
				"nothing left in the weights folder");
		}
	}

	/** Ends within the limit, having thrown LoadCancelledException. */
	private static void assertCancelledPromptly(Opening opening, long cancelledAt) throws InterruptedException {
		opening.join(RETURN_LIMIT_MS);
		assertFalse(opening.isAlive(), "still loading " + RETURN_LIMIT_MS + " ms after the cancel");
		long took = (System.nanoTime() - cancelledAt) / 1_000_000;
		assertTrue(opening.thrown.get() instanceof LoadCancelledException, "thrown: " + opening.thrown.get()
			+ " after " + took + " ms");
	}

	@Test
	void theListenerCancelsADownloadWithinASecond() throws Exception {
		Listener listener = new Listener();
		Opening opening = new Opening(() -> StyleTransfer.open(alexnet(), slowDownload(), listener).close());
		opening.start();
		assertTrue(listener.downloading.await(60, TimeUnit.SECONDS), "the download did not start");
		listener.cancel.set(true);
		long cancelledAt = System.nanoTime();
		assertCancelledPromptly(opening, cancelledAt);
		assertTrue(listener.bytes.get() < FILE_SIZE);
		assertNoPartialDownload();
	}

	@Test
	void anInterruptCancelsADownloadWithinASecondAndIsKept() throws Exception {
		Listener listener = new Listener();
		Opening opening = new Opening(() -> StyleTransfer.open(alexnet(), slowDownload(), listener).close());
		opening.start();
		assertTrue(listener.downloading.await(60, TimeUnit.SECONDS), "the download did not start");
		opening.interrupt();
		long cancelledAt = System.nanoTime();
		assertCancelledPromptly(opening, cancelledAt);
		assertTrue(opening.interruptKept.get(), "the caller's interrupt is kept");
		assertNoPartialDownload();
	}

	/**
	 * Through the cache, two runs wait for one load: the first one's cancel leaves the load going for
	 * the other (which still hears the download); the last one's cancel stops it, and nothing is left.
	 */
	@Test
	void aSharedLoadStopsWhenItsLastWaiterCancels() throws Exception {
		NetworkCache cache = new NetworkCache(slowDownload(), FixedMemory.of(8L << 30));
		Listener first = new Listener(), second = new Listener();
		Opening a = new Opening(() -> cache.acquire(alexnet(), first).close());
		a.start();
		assertTrue(first.downloading.await(60, TimeUnit.SECONDS), "the download did not start");
		Opening b = new Opening(() -> cache.acquire(alexnet(), second).close());
		b.start();
		assertTrue(second.downloading.await(60, TimeUnit.SECONDS), "the second run hears the same download");
		first.cancel.set(true);
		assertCancelledPromptly(a, System.nanoTime());
		assertTrue(second.awaitBytes(second.bytes.get() + 10_000, 60_000), "the download goes on for the second run");
		assertTrue(b.isAlive());
		assertEquals(1, requests.get(), "one download for both");
		second.cancel.set(true);
		assertCancelledPromptly(b, System.nanoTime());
		assertNoPartialDownload();
		assertEquals(List.of(), cache.loaded());
		cache.close();
	}
}

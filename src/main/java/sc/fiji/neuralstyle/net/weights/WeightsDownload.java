package sc.fiji.neuralstyle.net.weights;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import sc.fiji.neuralstyle.text.Numbers;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * Downloads a descriptor's weights file into place: streamed through a SHA-256 digest into a
 * temporary file beside the target, synced, checked and then renamed in one step, so the target path
 * only ever holds a checked file. Whatever goes wrong (HTTP error, wrong size, stall, dropped
 * connection, interrupt, wrong checksum, full disk) deletes the temporary file.
 */
final class WeightsDownload {

	/** Room to leave on the disk beyond the file itself. */
	private static final long SPARE_BYTES = 16_000_000;
	/** How long to wait for the server's answer (its headers). */
	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
	private static final Duration REPORT_EVERY = Duration.ofMillis(200);

	/** One client for all downloads, made on first use (making one takes up to seconds). */
	private static final class Http {

		static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(30)).proxy(ProxySelector.getDefault()).build();
	}

	private final Duration stallTimeout;
	private final String folderAdvice;

	/**
	 * @param stallTimeout how long a download may receive nothing before it is given up
	 * @param folderAdvice how to choose another folder, a sentence without its full stop
	 */
	WeightsDownload(Duration stallTimeout, String folderAdvice) {
		this.stallTimeout = stallTimeout;
		this.folderAdvice = folderAdvice;
	}

	/** This download with another way to choose a folder in its messages. */
	WeightsDownload withFolderAdvice(String advice) {
		return new WeightsDownload(stallTimeout, advice);
	}

	/**
	 * Downloads {@code d}'s file to {@code target} and marks it verified.
	 *
	 * @throws WeightsException saying what failed and how to get the file by hand
	 * @throws InterruptedException if the thread was interrupted; nothing is left behind
	 */
	void fetch(ModelDescriptor d, Path target, DownloadListener l) throws IOException, InterruptedException {
		Path folder = target.getParent();
		if (d.size() != null) {
			long free = Files.getFileStore(folder).getUsableSpace();
			if (free < d.size() + SPARE_BYTES) {
				throw MissingWeights.exception(d, target, "and there is not enough free disk space in " + folder + " ("
					+ Numbers.megabytes(free) + " free). Free some space, or " + folderAdvice + " with room, or");
			}
		}
		l.message("Downloading the " + d.name() + " weights" + (d.size() == null ? "" : " ("
			+ Numbers.megabytes(d.size()) + ")") + " from " + d.url() + " to " + target);
		Path temp = Files.createTempFile(folder, d.file() + ".", ".part");
		try {
			String hash;
			try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				hash = stream(d, target, temp, out, l);
				out.force(true);
			}
			if (!d.matchesSha256(hash)) {
				throw MissingWeights.exception(d, target, "and the download from " + d.url()
					+ " is not the expected file (its SHA-256 is " + hash + "); the server may have sent an error page "
					+ "or a changed file. Try again later, or");
			}
			VerifiedFile.replace(temp, target);
			VerifiedFile.mark(target, hash);
			l.message("Downloaded and checked " + target);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	/**
	 * Streams the response body into {@code out}; returns its SHA-256. A worker thread copies while
	 * this thread reports progress and watches for a stall and for an interrupt: the JDK's body stream
	 * has no read timeout, and Java 17's ignores interrupts, but closing it ends a blocked read.
	 */
	private String stream(ModelDescriptor d, Path target, Path temp, FileChannel out, DownloadListener l)
		throws InterruptedException
	{
		HttpRequest request;
		try {
			request = HttpRequest.newBuilder(URI.create(d.url())).timeout(ANSWER_TIMEOUT)
				.header("User-Agent", "neural-style-fiji").GET().build();
		}
		catch (IllegalArgumentException e) {
			throw MissingWeights.exception(d, target, "and its URL is not valid (" + e.getMessage() + "). Instead,", e);
		}
		HttpResponse<InputStream> response;
		try {
			response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException e) {
			throw MissingWeights.exception(d, target, "and the download from " + d.url() + " failed (" + e
				+ "). Check your connection or try again later, or", e);
		}
		long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
		Copy copy = new Copy(response.body(), out, temp);
		try {
			if (response.statusCode() != 200) {
				throw MissingWeights.exception(d, target, "and the download failed: " + d.url() + " answered HTTP "
					+ response.statusCode() + reason(response.statusCode()) + ". Check your connection or try again later, or");
			}
			if (d.size() != null && length >= 0 && length != d.size()) {
				throw MissingWeights.exception(d, target, "and " + d.url() + " offers " + length + " bytes instead of "
					+ d.size() + ", so not the expected file. Try again later, or");
			}
			Future<String> copying = copy.start();
			long reported = -1;
			String sha256;
			while (true) {
				try {
					sha256 = copying.get(REPORT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
					break;
				}
				catch (TimeoutException e) {
					// still copying: report, and watch for a stall
				}
				catch (ExecutionException e) {
					if (e.getCause() instanceof WeightsException w) throw w;
					throw MissingWeights.exception(d, target, "and the download from " + d.url() + " failed after "
						+ copy.bytes() + " bytes (" + e.getCause() + "). Check your connection or try again later, or",
						e.getCause());
				}
				long done = copy.bytes();
				if (done != reported) {
					l.progress(done, length);
					reported = done;
				}
				if (System.nanoTime() - copy.lastData() > stallTimeout.toNanos()) {
					throw MissingWeights.exception(d, target, "and the download stalled: no data from " + d.url() + " for "
						+ stallTimeout.toSeconds() + " s after " + done + " bytes. Check your connection, or");
				}
			}
			long done = copy.bytes();
			l.progress(done, length);
			if (length >= 0 && done != length) {
				throw MissingWeights.exception(d, target, "and the download from " + d.url() + " ended after " + done
					+ " of " + length + " bytes. Try again, or");
			}
			return sha256;
		}
		finally {
			copy.stop(); // whatever happened (an interrupt too), the file is not written after this
		}
	}

	/**
	 * Copying threads, one per download at a time; daemons, so a JVM never waits for one. Shared by the
	 * JVM as the client is: a pool of idle threads holds nothing of a download.
	 */
	private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "neural-style-download");
		t.setDaemon(true);
		return t;
	});

	/** Copies a response body into the file through a SHA-256 digest, counting bytes. */
	private static final class Copy implements Callable<String> {

		private final InputStream body;
		private final FileChannel out;
		private final Path temp;
		private final CountDownLatch finished = new CountDownLatch(1);
		private volatile long bytes;
		private volatile long lastData = System.nanoTime();
		private boolean started;

		Copy(InputStream body, FileChannel out, Path temp) {
			this.body = body;
			this.out = out;
			this.temp = temp;
		}

		Future<String> start() {
			started = true;
			return WORKERS.submit(this);
		}

		@Override
		public String call() throws IOException {
			try (DigestInputStream in = new DigestInputStream(body, VerifiedFile.newDigest())) {
				byte[] buffer = new byte[1 << 16];
				for (int n; (n = in.read(buffer)) >= 0;) {
					ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
					try {
						while (b.hasRemaining()) out.write(b);
					}
					catch (IOException e) {
						throw new WeightsException("Cannot write the download to " + temp + " (" + e + "). Free some disk "
							+ "space, or " + CacheLocation.howToChoose() + ".", e);
					}
					bytes += n;
					lastData = System.nanoTime();
				}
				return VerifiedFile.hex(in.getMessageDigest());
			}
			finally {
				finished.countDown();
			}
		}

		long bytes() {
			return bytes;
		}

		long lastData() {
			return lastData;
		}

		/**
		 * Closes the body, which ends a blocked read, and waits until the copying has stopped, so the
		 * file is not written after this returns. Keeps this thread's interrupt.
		 */
		void stop() {
			try {
				body.close();
			}
			catch (IOException e) {
				// The copy fails on its next read either way.
			}
			if (!started) return;
			boolean interrupted = false;
			while (true) {
				try {
					finished.await();
					break;
				}
				catch (InterruptedException e) {
					interrupted = true;
				}
			}
			if (interrupted) Thread.currentThread().interrupt();
		}
	}

	private static String reason(int status) {
		return switch (status) {
			case 401, 403 -> " (access denied)";
			case 404, 410 -> " (not found: the file may have moved)";
			case 429 -> " (too many requests)";
			default -> status >= 500 ? " (server error)" : "";
		};
	}
}

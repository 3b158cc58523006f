package sc.fiji.neuralstyle.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Where pretrained weights live and how they arrive: a cache directory holding each descriptor's
 * {@link ModelDescriptor#file() file}, filled by downloading from the descriptor's URL on first use.
 * <p>
 * A file at its final path in the cache is always one whose SHA-256 was checked: downloads go to a
 * temporary file in the same directory, are checked, synced to disk and then renamed atomically; a
 * failed, interrupted or mismatching download deletes its temporary file. After a check, a small
 * marker {@code <file>.verified} records the hash with the file's size and modification time, so
 * later runs trust the file without hashing 548 MiB again (1-2 s) unless it changed; a file placed by
 * hand is checked once, on first use. Concurrent requests for the same file, from threads or other
 * processes, are serialised by a lock (a {@code <file>.lock} file plus an in-process lock): the second
 * waits and then uses the file the first checked.
 * <p>
 * Cache directory, first that applies: system property {@value #DIR_PROPERTY}; environment variable
 * {@value #DIR_ENV}; {@code <Fiji.app>/models/neural-style} when running in Fiji (system property
 * {@code ij.dir} or {@code imagej.dir}) and that is writable; {@code $XDG_CACHE_HOME/neural-style/models};
 * {@code ~/.cache/neural-style/models}. Downloads are switched off by system property
 * {@value #OFFLINE_PROPERTY}{@code =true} or environment variable {@value #OFFLINE_ENV}{@code =1}.
 */
public final class WeightStore {

	public static final String DIR_PROPERTY = "neuralstyle.models.dir";
	public static final String DIR_ENV = "NEURAL_STYLE_MODELS";
	public static final String OFFLINE_PROPERTY = "neuralstyle.offline";
	public static final String OFFLINE_ENV = "NEURAL_STYLE_OFFLINE";

	private static final Duration POLL = Duration.ofMillis(200);
	private static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);
	private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

	private final Path cacheDir;
	private final boolean downloadsAllowed;
	private final Duration stallTimeout;

	/** One client for all stores, made on first download (making the first one takes up to seconds). */
	private static final class Http {

		static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(30)).proxy(ProxySelector.getDefault()).build();
	}

	/**
	 * @param cacheDir where downloaded weights are kept
	 * @param downloadsAllowed false to work offline: only files already there (or placed by hand) are used
	 */
	public WeightStore(Path cacheDir, boolean downloadsAllowed) {
		this(cacheDir, downloadsAllowed, DEFAULT_STALL_TIMEOUT);
	}

	/** @param stallTimeout how long a download may receive nothing before it is given up */
	WeightStore(Path cacheDir, boolean downloadsAllowed, Duration stallTimeout) {
		this.cacheDir = cacheDir.toAbsolutePath().normalize();
		this.downloadsAllowed = downloadsAllowed;
		this.stallTimeout = stallTimeout;
	}

	/** A store configured by system properties and environment variables, see the class description. */
	public static WeightStore fromEnvironment() {
		String offline = System.getProperty(OFFLINE_PROPERTY, System.getenv(OFFLINE_ENV));
		boolean isOffline = offline != null && List.of("1", "true", "yes").contains(offline.strip().toLowerCase(Locale.ROOT));
		return new WeightStore(defaultCacheDir(), !isOffline);
	}

	/** The cache directory chosen from system properties and environment variables. */
	public static Path defaultCacheDir() {
		return defaultCacheDir(System::getProperty, System::getenv);
	}

	static Path defaultCacheDir(UnaryOperator<String> properties, UnaryOperator<String> environment) {
		String dir = properties.apply(DIR_PROPERTY);
		if (isSet(dir)) return Path.of(dir);
		dir = environment.apply(DIR_ENV);
		if (isSet(dir)) return Path.of(dir);
		for (String property : List.of("ij.dir", "imagej.dir")) {
			String fiji = properties.apply(property);
			if (isSet(fiji) && isFiji(Path.of(fiji))) {
				Path models = Path.of(fiji, "models", "neural-style");
				if (canCreateOrWrite(models)) return models;
			}
		}
		String xdg = environment.apply("XDG_CACHE_HOME");
		if (isSet(xdg) && Path.of(xdg).isAbsolute()) return Path.of(xdg, "neural-style", "models");
		return Path.of(properties.apply("user.home"), ".cache", "neural-style", "models");
	}

	private static boolean isSet(String s) {
		return s != null && !s.isBlank();
	}

	private static boolean isFiji(Path dir) {
		String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
		return Files.isDirectory(dir) && (name.equalsIgnoreCase("Fiji.app")
			|| Files.isDirectory(dir.resolve("jars")) && Files.isDirectory(dir.resolve("plugins")));
	}

	/** Whether {@code dir} exists and is writable, or its nearest existing ancestor is. */
	private static boolean canCreateOrWrite(Path dir) {
		Path p = dir.toAbsolutePath();
		while (p != null && !Files.exists(p)) p = p.getParent();
		return p != null && Files.isDirectory(p) && Files.isWritable(p);
	}

	public Path cacheDir() {
		return cacheDir;
	}

	public boolean downloadsAllowed() {
		return downloadsAllowed;
	}

	/** Where the weights of {@code d} are kept in the cache. */
	public Path location(ModelDescriptor d) {
		return cacheDir.resolve(d.file());
	}

	/**
	 * The weights file to use for {@code d}: {@code weightsOverride} if given, else the cached file,
	 * downloaded and checked first if need be.
	 *
	 * @param d the model
	 * @param weightsOverride a file the user chose, used as it is (not checked against the descriptor's
	 *          SHA-256, since it may be one's own weights); null for the standard weights
	 * @param listener hears progress; may be null
	 * @throws WeightsException if the override is missing or unreadable, the file is absent and cannot
	 *           be downloaded (offline, or the download failed), or the cached file is not the expected
	 *           one; the message says which file to fetch from where and where to put it
	 */
	public Path resolve(ModelDescriptor d, Path weightsOverride, DownloadListener listener) {
		DownloadListener l = listener == null ? DownloadListener.NONE : listener;
		if (weightsOverride != null) return checkOverride(d, weightsOverride);
		Path target = location(d);
		if (isMarkedVerified(d, target)) return target;
		try {
			Files.createDirectories(cacheDir);
		}
		catch (IOException e) {
			// Read-only place: a file put there by hand can still be used.
			if (Files.isRegularFile(target)) return verifyExisting(d, target, l, false);
			throw missing(d, target, "and its folder cannot be created (" + e + "). Set the system property "
				+ DIR_PROPERTY + " or the environment variable " + DIR_ENV + " to a writable folder, or");
		}
		if (!Files.isWritable(cacheDir)) {
			if (Files.isRegularFile(target)) return verifyExisting(d, target, l, false);
			throw missing(d, target, "and its folder " + cacheDir + " is not writable. Set the system property "
				+ DIR_PROPERTY + " or the environment variable " + DIR_ENV + " to a writable folder, or");
		}
		return withLock(target, l, () -> {
			if (Files.exists(target)) return verifyExisting(d, target, l, true);
			if (!downloadsAllowed) {
				throw missing(d, target, "and downloads are switched off (offline mode: unset " + OFFLINE_PROPERTY
					+ " / " + OFFLINE_ENV + " to allow them). To use it offline,");
			}
			download(d, target, l);
			return target;
		});
	}

	private static Path checkOverride(ModelDescriptor d, Path file) {
		String problem = !Files.exists(file) ? "does not exist" : Files.isDirectory(file) ? "is a folder, not a file"
			: !Files.isReadable(file) ? "cannot be read (check its permissions)" : null;
		if (problem == null) return file;
		throw new WeightsException("The weights file given, " + file.toAbsolutePath() + ", " + problem + ". Give the path "
			+ "of a .pth state dict for " + d.architecture() + ", or leave 'weights' empty to use the standard "
			+ d.name() + " weights (" + d.file() + ").");
	}

	/** The message for a file that is not there and cannot be fetched; {@code why} ends with "To ..., " or "or". */
	private WeightsException missing(ModelDescriptor d, Path target, String why) {
		return missing(d, target, why, null);
	}

	private static WeightsException missing(ModelDescriptor d, Path target, String why, Throwable cause) {
		String text = "The " + d.name() + " weights (" + d.file() + (d.size() == null ? "" : ", " + megabytes(d.size()))
			+ ") are not on this computer " + why + " download\n  " + d.url() + "\nand save it as\n  " + target
			+ "\n(or give its path as the 'weights' parameter). " + checksumNote(d);
		return new WeightsException(text, cause);
	}

	private static String checksumNote(ModelDescriptor d) {
		return d.hasFullSha256() ? "Its SHA-256 is " + d.sha256() + "."
			: "Its SHA-256 starts with " + d.sha256() + " (only that prefix is known).";
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
	}

	// -- locking --

	private interface Locked {
		Path run() throws IOException, InterruptedException;
	}

	/** Runs {@code body} holding the in-process and the cross-process lock for {@code target}. */
	private Path withLock(Path target, DownloadListener l, Locked body) {
		ReentrantLock jvmLock = LOCKS.computeIfAbsent(target, k -> new ReentrantLock());
		Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
		try {
			if (!jvmLock.tryLock()) {
				l.message("Waiting for another download of " + target.getFileName() + " to finish...");
				jvmLock.lockInterruptibly();
			}
			try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
				FileLock lock = channel.tryLock();
				if (lock == null) {
					l.message("Waiting for another program downloading " + target.getFileName() + " to finish...");
					lock = channel.lock();
				}
				try {
					return body.run();
				}
				finally {
					lock.release();
				}
			}
			finally {
				jvmLock.unlock();
			}
		}
		catch (InterruptedException | java.nio.channels.ClosedByInterruptException
			| java.nio.channels.FileLockInterruptionException e)
		{
			Thread.currentThread().interrupt();
			throw new WeightsException("Getting the weights file " + target + " was interrupted.", e);
		}
		catch (IOException e) {
			throw new WeightsException("Cannot use the weights folder " + cacheDir + ": " + e, e);
		}
	}

	// -- verification --

	private static Path markerOf(Path target) {
		return target.resolveSibling(target.getFileName() + ".verified");
	}

	/** Whether a marker says this very file (same size and time) was checked against {@code d}. */
	private static boolean isMarkedVerified(ModelDescriptor d, Path target) {
		Path marker = markerOf(target);
		if (!Files.isRegularFile(target) || !Files.isRegularFile(marker)) return false;
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(marker)) {
			p.load(in);
			return d.matchesSha256(p.getProperty("sha256"))
				&& String.valueOf(Files.size(target)).equals(p.getProperty("size"))
				&& String.valueOf(Files.getLastModifiedTime(target).toMillis()).equals(p.getProperty("modified"));
		}
		catch (IOException | IllegalArgumentException e) {
			return false; // an unreadable marker only costs a new check
		}
	}

	private static void writeMarker(Path target, String sha256) throws IOException {
		Properties p = new Properties();
		p.setProperty("sha256", sha256);
		p.setProperty("size", String.valueOf(Files.size(target)));
		p.setProperty("modified", String.valueOf(Files.getLastModifiedTime(target).toMillis()));
		Path marker = markerOf(target);
		Path tmp = Files.createTempFile(marker.getParent(), marker.getFileName().toString(), ".tmp");
		try {
			try (var out = Files.newOutputStream(tmp)) {
				p.store(out, "Written by Neural Style after checking " + target.getFileName() + "; delete to check again");
			}
			moveAtomically(tmp, marker);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Checks a file already in place (placed by hand, or its marker is stale). */
	private static Path verifyExisting(ModelDescriptor d, Path target, DownloadListener l, boolean mark) {
		try {
			if (!Files.isRegularFile(target)) {
				throw new WeightsException(target + " should be the " + d.name() + " weights file but is not a regular file. "
					+ "Remove it so the weights can be downloaded again.");
			}
			long size = Files.size(target);
			if (d.size() != null && size != d.size()) {
				throw wrongFile(d, target, "it is " + size + " bytes instead of " + d.size() + " (an incomplete or different file)");
			}
			l.message("Checking " + target + "...");
			String hash = sha256(target, l);
			if (!d.matchesSha256(hash)) throw wrongFile(d, target, "its SHA-256 is " + hash + ", not " + d.sha256());
			if (mark) writeMarker(target, hash);
			return target;
		}
		catch (IOException e) {
			throw new WeightsException("Cannot read the weights file " + target + ": " + e, e);
		}
	}

	private static WeightsException wrongFile(ModelDescriptor d, Path target, String what) {
		return new WeightsException("The file " + target + " is not the expected " + d.name() + " weights file: " + what
			+ ". It may be damaged or a different file. Delete it to download it again, or replace it with the file from "
			+ d.url() + ".");
	}

	private static String sha256(Path file, DownloadListener l) throws IOException {
		MessageDigest digest = newDigest();
		long total = Files.size(file);
		long done = 0;
		long reported = System.nanoTime();
		byte[] buffer = new byte[1 << 20];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n; (n = in.read(buffer)) > 0;) {
				digest.update(buffer, 0, n);
				done += n;
				if (System.nanoTime() - reported > POLL.toNanos()) {
					l.progress(done, total);
					reported = System.nanoTime();
				}
			}
		}
		l.progress(done, total);
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java has SHA-256", e);
		}
	}

	private static void moveAtomically(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	// -- download --

	private void download(ModelDescriptor d, Path target, DownloadListener l) throws IOException, InterruptedException {
		if (d.size() != null) {
			long free = Files.getFileStore(cacheDir).getUsableSpace();
			if (free < d.size() + 16_000_000) {
				throw missing(d, target, "and there is not enough free disk space in " + cacheDir + " (" + megabytes(free)
					+ " free). Free some space, set " + DIR_PROPERTY + " / " + DIR_ENV + " to another folder, or", null);
			}
		}
		l.message("Downloading the " + d.name() + " weights" + (d.size() == null ? "" : " (" + megabytes(d.size()) + ")")
			+ " from " + d.url() + " to " + target);
		Path temp = Files.createTempFile(cacheDir, d.file() + ".", ".part");
		try {
			String hash;
			try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				hash = fetch(d, target, out, l);
				out.force(true);
			}
			if (!d.matchesSha256(hash)) {
				throw missing(d, target, "and the download from " + d.url() + " is not the expected file (its SHA-256 is "
					+ hash + "); the server may have sent an error page or a changed file. Try again later, or", null);
			}
			moveAtomically(temp, target);
			writeMarker(target, hash);
			l.message("Downloaded and checked " + target);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	/** Streams the download into {@code out}; returns its SHA-256. */
	private String fetch(ModelDescriptor d, Path target, FileChannel out, DownloadListener l) throws InterruptedException {
		HttpRequest request;
		try {
			request = HttpRequest.newBuilder(URI.create(d.url())).timeout(Duration.ofSeconds(60))
				.header("User-Agent", "neural-style-fiji").GET().build();
		}
		catch (IllegalArgumentException e) {
			throw missing(d, target, "and its URL is not valid (" + e.getMessage() + "). Instead,", e);
		}
		Sink sink = new Sink(out);
		CompletableFuture<HttpResponse<Void>> response = Http.CLIENT.sendAsync(request, info -> sink.start(info.statusCode(),
			info.headers().firstValueAsLong("Content-Length").orElse(-1)));
		long reported = -1;
		try {
			while (true) {
				try {
					HttpResponse<Void> r = response.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
					if (r.statusCode() != 200) {
						throw missing(d, target, "and the download failed: " + d.url() + " answered HTTP " + r.statusCode()
							+ reason(r.statusCode()) + ". Check your connection or try again later, or", null);
					}
					break;
				}
				catch (TimeoutException e) {
					// still running: report, and watch for a stall or a wrong size
				}
				long done = sink.bytes();
				if (done != reported) {
					l.progress(done, sink.contentLength);
					reported = done;
				}
				if (d.size() != null && sink.contentLength >= 0 && sink.contentLength != d.size()) {
					sink.cancel();
					throw missing(d, target, "and " + d.url() + " offers " + sink.contentLength + " bytes instead of "
						+ d.size() + ", so not the expected file. Try again later, or", null);
				}
				if (System.nanoTime() - sink.lastData > stallTimeout.toNanos()) {
					sink.cancel();
					throw missing(d, target, "and the download stalled: no data from " + d.url() + " for "
						+ stallTimeout.toSeconds() + " s after " + sink.bytes() + " bytes. Check your connection, or", null);
				}
			}
		}
		catch (InterruptedException e) {
			sink.cancel();
			response.cancel(true);
			throw e;
		}
		catch (ExecutionException e) {
			Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
			throw missing(d, target, "and the download from " + d.url() + " failed after " + sink.bytes() + " bytes ("
				+ cause + "). Check your connection or try again later, or", cause);
		}
		catch (RuntimeException e) {
			sink.cancel();
			throw e;
		}
		long done = sink.bytes();
		l.progress(done, sink.contentLength);
		if (sink.contentLength >= 0 && done != sink.contentLength) {
			throw missing(d, target, "and the download from " + d.url() + " ended after " + done + " of " + sink.contentLength
				+ " bytes. Try again, or", null);
		}
		return HexFormat.of().formatHex(sink.digest.digest());
	}

	private static String reason(int status) {
		return switch (status) {
			case 401, 403 -> " (access denied)";
			case 404, 410 -> " (not found: the file may have moved)";
			case 429 -> " (too many requests)";
			default -> status >= 500 ? " (server error)" : "";
		};
	}

	/** Receives the response body on the HTTP client's threads: hashes it and writes it to the file. */
	private static final class Sink implements BodySubscriber<Void> {

		private final FileChannel out;
		private final CompletableFuture<Void> body = new CompletableFuture<>();
		final MessageDigest digest = newDigest();
		volatile long contentLength = -1;
		volatile long lastData = System.nanoTime();
		private volatile long bytes;
		private Flow.Subscription subscription;
		private boolean accept;
		private boolean cancelled;

		Sink(FileChannel out) {
			this.out = out;
		}

		/** The body handler: keep the body of a 200 response only. */
		BodySubscriber<Void> start(int status, long length) {
			accept = status == 200;
			contentLength = accept ? length : -1;
			return this;
		}

		long bytes() {
			return bytes;
		}

		@Override
		public synchronized void onSubscribe(Flow.Subscription s) {
			subscription = s;
			if (!accept || cancelled) {
				s.cancel(); // an error page or a cancelled download: don't read it
				body.complete(null);
			}
			else s.request(1);
		}

		@Override
		public synchronized void onNext(List<ByteBuffer> buffers) {
			if (cancelled) return;
			try {
				for (ByteBuffer b : buffers) {
					digest.update(b.duplicate());
					while (b.hasRemaining()) bytes += out.write(b);
				}
				lastData = System.nanoTime();
				subscription.request(1);
			}
			catch (IOException e) {
				cancelled = true;
				subscription.cancel();
				body.completeExceptionally(new UncheckedIOException("cannot write the download: " + e.getMessage(), e));
			}
		}

		@Override
		public void onError(Throwable t) {
			body.completeExceptionally(t);
		}

		@Override
		public void onComplete() {
			body.complete(null);
		}

		@Override
		public CompletionStage<Void> getBody() {
			return body;
		}

		/** Stops writing; after this returns the file is not touched again. */
		synchronized void cancel() {
			cancelled = true;
			if (subscription != null) subscription.cancel();
			body.completeExceptionally(new CancellationException());
		}
	}

	@Override
	public String toString() {
		return "weights in " + cacheDir + (downloadsAllowed ? "" : " (offline)");
	}
}

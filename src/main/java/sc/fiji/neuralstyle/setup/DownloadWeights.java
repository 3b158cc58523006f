package sc.fiji.neuralstyle.setup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import sc.fiji.neuralstyle.net.weights.DownloadListener;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.weights.WeightStore;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * Download Weights: fetches several networks' weights into a models folder ahead of time (a shared
 * folder for a cluster, a lab without internet), one after the other, each checked against its
 * SHA-256 before it takes its place ({@link WeightStore#download}). A file already there and checked
 * is kept; one that fails its check is downloaded again. Cancelling stops the current download (its
 * temporary file is deleted, nothing partial is left) and skips the rest.
 */
public final class DownloadWeights {

	/** How often the caller looks whether it should cancel. */
	private static final long POLL_MILLIS = 100;

	/** Hears how the downloads go; called on the caller's thread, except {@link #progress}. */
	public interface Listener {

		/** Work on a network starts. */
		default void started(ModelDescriptor d) {}

		/** Bytes of {@code d}'s file downloaded or checked so far (total -1 if unknown); on the downloading thread. */
		default void progress(ModelDescriptor d, long done, long total) {}

		/** A line for the user. */
		default void message(String text) {}

		/** Polled a few times a second; true stops the current download and skips the rest. */
		default boolean isCancelled() {
			return false;
		}
	}

	/**
	 * How one network's download ended.
	 *
	 * @param network the network's name
	 * @param status what happened
	 * @param file where its weights are (or would be)
	 * @param message a sentence for the user
	 */
	public record Outcome(String network, Status status, Path file, String message) {}

	/** How a download ended. */
	public enum Status {
		/** Downloaded now and checked. */
		DOWNLOADED,
		/** Already there and checked: nothing downloaded. */
		PRESENT,
		/** Not downloaded: the message says why and what to do. */
		FAILED,
		/** Cancelled (this one, or before it started). */
		CANCELLED;

		/** Whether the weights are there now. */
		public boolean done() {
			return this == DOWNLOADED || this == PRESENT;
		}
	}

	private DownloadWeights() {}

	/** The descriptors of names such as {@code vgg19,alexnet} ({@code all} for every network), checked before any download. */
	public static List<ModelDescriptor> parse(String names) {
		List<String> available = ModelDescriptor.available();
		List<String> wanted = new ArrayList<>();
		for (String name : names.split(",")) {
			String n = name.strip().toLowerCase(Locale.ROOT);
			if (n.isEmpty()) continue;
			if (n.equals("all")) wanted.addAll(available);
			else if (available.contains(n)) wanted.add(n);
			else throw new IllegalArgumentException("'" + name.strip() + "' is not a network; choose from "
				+ String.join(", ", available) + ", or all");
		}
		if (wanted.isEmpty()) throw new IllegalArgumentException("no network given; name one or more of "
			+ String.join(", ", available) + " (comma-separated), or all");
		return wanted.stream().distinct().map(ModelDescriptor::load).toList();
	}

	/**
	 * Downloads each network's weights into the store, in order.
	 *
	 * @return one outcome per network
	 */
	public static List<Outcome> run(List<ModelDescriptor> networks, WeightStore store, Listener listener) {
		List<Outcome> outcomes = new ArrayList<>();
		ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "neural-style-weights");
			t.setDaemon(true);
			return t;
		});
		try {
			for (ModelDescriptor d : networks) {
				Path file = store.location(d);
				if (listener.isCancelled()) {
					outcomes.add(new Outcome(d.name(), Status.CANCELLED, file, d.name() + ": not downloaded (cancelled)"));
					continue;
				}
				listener.started(d);
				outcomes.add(one(d, store, listener, worker));
			}
		}
		finally {
			worker.shutdownNow();
		}
		return outcomes;
	}

	/** One network, on the worker thread, which an interrupt stops when the listener cancels. */
	private static Outcome one(ModelDescriptor d, WeightStore store, Listener listener, ExecutorService worker) {
		Path file = store.location(d);
		FileTime before = modified(file);
		DownloadListener progress = new DownloadListener() {
			@Override public void progress(long done, long total) { listener.progress(d, done, total); }
			@Override public void message(String text) { listener.message(text); }
		};
		Future<Path> download = worker.submit(() -> store.download(d, progress));
		boolean cancelled = false;
		while (true) {
			try {
				Path done = download.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
				boolean kept = before != null && before.equals(modified(done));
				return new Outcome(d.name(), kept ? Status.PRESENT : Status.DOWNLOADED, done, d.name() + ": "
					+ (kept ? "already there and checked: " : "downloaded and checked: ") + done);
			}
			catch (TimeoutException e) {
				if (!cancelled && listener.isCancelled()) {
					cancelled = true;
					stop(download, worker);
				}
			}
			catch (CancellationException e) {
				return new Outcome(d.name(), Status.CANCELLED, file, d.name() + ": cancelled; nothing of it was kept");
			}
			catch (ExecutionException e) {
				Throwable why = e.getCause();
				if (cancelled) return new Outcome(d.name(), Status.CANCELLED, file, d.name() + ": cancelled; nothing of it was kept");
				String message = why instanceof WeightsException ? why.getMessage() : String.valueOf(why);
				return new Outcome(d.name(), Status.FAILED, file, d.name() + ": " + message);
			}
			catch (InterruptedException e) {
				// The caller's thread was interrupted: a cancel too (the interrupt is kept for the caller).
				stop(download, worker);
				Thread.currentThread().interrupt();
				return new Outcome(d.name(), Status.CANCELLED, file, d.name() + ": cancelled; nothing of it was kept");
			}
		}
	}

	/**
	 * Interrupts the download and waits until the worker has finished it (and so deleted its
	 * temporary file), even if this thread is interrupted meanwhile.
	 */
	private static void stop(Future<Path> download, ExecutorService worker) {
		download.cancel(true);
		Future<?> after = worker.submit(() -> {}); // runs only once the cancelled download has returned
		boolean interrupted = false;
		while (true) {
			try {
				after.get();
				break;
			}
			catch (InterruptedException e) {
				interrupted = true;
			}
			catch (ExecutionException e) {
				break;
			}
		}
		if (interrupted) Thread.currentThread().interrupt();
	}

	private static FileTime modified(Path file) {
		try {
			return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
		}
		catch (IOException e) {
			return null;
		}
	}
}

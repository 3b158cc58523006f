package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import sc.fiji.neuralstyle.engine.djl.Devices;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.network.LoadedNetwork;
import sc.fiji.neuralstyle.engine.network.NetworkKey;
import sc.fiji.neuralstyle.engine.network.NetworkLoad;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.plan.SystemMemory;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.StyleTargets;
import sc.fiji.neuralstyle.net.weights.WeightStore;

/**
 * The feature networks a process keeps loaded across runs, for every front: a run asks for the
 * network its settings need ({@link #acquire}) and gets it with its own settings (a
 * {@link StyleTransfer}); a later run with the same {@link NetworkKey} (network,
 * weights file and its identity, pooling, device) gets the same network without loading it again,
 * and the style targets it computed ({@link StyleTargets}).
 * <ul>
 * <li>One load per key, even when asked concurrently: whoever asks while a network loads waits for
 * that load and hears its status. Each waiter may cancel (its listener, or an interrupt) within a
 * second; the load itself stops when no one waits for it any more.</li>
 * <li>Memory: a network not in use is freed before a network of another key is loaded (one network
 * per process, unless runs of two keys run at once), and when a run does not fit the memory
 * otherwise ({@link #memory()}: the parameter checks and the engine free idle networks and check
 * again before they refuse a run).</li>
 * <li>Runs on one network take turns on its engine thread: PyTorch already uses every core for one
 * run on the CPU, and one GPU holds one network.</li>
 * </ul>
 * A {@link StyleEngine} holds one; fronts reach it only through their engine.
 */
public final class NetworkCache implements AutoCloseable {

	/**
	 * A network ready for one run, to be closed when the run is done (the network stays cached).
	 */
	public static final class Lease implements AutoCloseable {

		private final StyleTransfer transfer;
		private final boolean loaded;

		private Lease(StyleTransfer transfer, boolean loaded) {
			this.transfer = transfer;
			this.loaded = loaded;
		}

		/** The network with the run's settings; closing it gives the lease back. */
		public StyleTransfer transfer() {
			return transfer;
		}

		/** Whether this request loaded the network (its time includes the load). */
		public boolean loaded() {
			return loaded;
		}

		@Override
		public void close() {
			transfer.close();
		}
	}

	/** A key's network: loading, then loaded; its leases and the callers waiting for it. */
	private static final class Entry {

		final NetworkKey key;
		final List<ProgressListener> waiting = new CopyOnWriteArrayList<>();
		/** The load's latest status line, told to whoever joins the wait later. */
		volatile String status;
		NetworkLoad load;
		LoadedNetwork network;
		int leases;

		Entry(NetworkKey key) {
			this.key = key;
		}
	}

	private final Supplier<WeightsLoader> loader;
	private final MemoryProbe memory;
	private final Map<NetworkKey, Entry> entries = new HashMap<>();
	private int loads;
	private boolean closed;

	/** Networks with weights from the {@link WeightStore} of this JVM's settings, memory from the system. */
	public NetworkCache() {
		this(WeightsLoader::fromEnvironment, SystemMemory.ofThisMachine());
	}

	/**
	 * @param loader where weights come from (asked at each load)
	 * @param memory the memory probe of the runs on the CPU
	 */
	public NetworkCache(WeightsLoader loader, MemoryProbe memory) {
		this(() -> loader, memory);
	}

	private NetworkCache(Supplier<WeightsLoader> loader, MemoryProbe memory) {
		this.loader = loader;
		this.memory = memory;
	}

	/** Weights from the {@link WeightStore} that this JVM's properties and environment name now. */
	static WeightsLoader storeLoader() {
		return WeightsLoader.fromFiles(WeightStore.fromEnvironment());
	}

	/**
	 * The network these settings need, with these settings: cached, or loaded now (or the load in
	 * progress waited for). Close the lease when the run is done.
	 *
	 * @param listener hears the load's status and download; its {@link ProgressListener#isCancelled()}
	 *          (or an interrupt of the calling thread) cancels the wait
	 * @throws LoadCancelledException if cancelled while the network loads
	 * @throws IllegalArgumentException, sc.fiji.neuralstyle.net.WeightsException as
	 *           {@link StyleTransfer#open}; nothing is kept then, and the next request tries again
	 */
	public Lease acquire(StyleSettings settings, ProgressListener listener) {
		NetworkKey key = NetworkKey.of(settings, Devices.resolve(settings.device(), DjlSetup.pytorch()));
		Entry entry;
		boolean loading = false;
		List<LoadedNetwork> evicted;
		synchronized (this) {
			if (closed) throw new IllegalStateException("this network cache is closed");
			entry = entries.get(key);
			evicted = entry == null ? evictIdle(key) : List.of();
			if (entry == null) {
				entry = new Entry(key);
				entries.put(key, entry);
				Entry forLoad = entry;
				entry.load = NetworkLoad.start(settings, loader.get(), memory(), forwarding(forLoad));
				loads++;
				loading = true;
			}
			if (entry.network == null) entry.waiting.add(listener);
		}
		evicted.forEach(LoadedNetwork::close);
		String status = entry.status;
		if (!loading && status != null && entry.network == null) listener.status(status);
		LoadedNetwork network = waitFor(entry, listener);
		Entry leased = entry;
		AtomicBoolean released = new AtomicBoolean();
		try {
			return new Lease(StyleTransfer.on(network, settings, () -> {
				if (released.compareAndSet(false, true)) release(leased);
			}), loading);
		}
		catch (RuntimeException e) {
			release(leased);
			throw e;
		}
	}

	/**
	 * Waits for the entry's network and takes a lease on it (at once, so that it is never idle in
	 * between); a cancel leaves the wait, and the load when no one else waits.
	 */
	private LoadedNetwork waitFor(Entry entry, ProgressListener listener) {
		while (true) {
			synchronized (this) {
				if (entry.network != null) {
					entry.waiting.remove(listener);
					entry.leases++;
					return entry.network;
				}
			}
			try {
				LoadedNetwork network = entry.load.get(NetworkLoad.POLL_MILLIS);
				synchronized (this) {
					if (entry.network == null) entry.network = network;
					entry.waiting.remove(listener);
					entry.leases++;
					return network;
				}
			}
			catch (TimeoutException e) {
				if (listener.isCancelled()) throw leave(entry, listener, false);
			}
			catch (InterruptedException e) {
				throw leave(entry, listener, true);
			}
			catch (LoadCancelledException e) {
				synchronized (this) {
					entry.waiting.remove(listener);
				}
				throw e;
			}
			catch (RuntimeException | Error e) {
				synchronized (this) {
					entry.waiting.remove(listener);
					if (entries.get(entry.key) == entry) entries.remove(entry.key);
				}
				throw e;
			}
		}
	}

	/** A waiter leaves; the last one cancels the load. */
	private LoadCancelledException leave(Entry entry, ProgressListener listener, boolean interrupted) {
		boolean cancel;
		synchronized (this) {
			entry.waiting.remove(listener);
			cancel = entry.waiting.isEmpty() && entry.network == null;
			if (cancel && entries.get(entry.key) == entry) entries.remove(entry.key);
		}
		if (cancel) entry.load.cancel();
		if (interrupted) Thread.currentThread().interrupt();
		return new LoadCancelledException();
	}

	/** The status and download of a load, told to everyone waiting for it. */
	private static ProgressListener forwarding(Entry entry) {
		return new ProgressListener() {
			@Override
			public void status(String message) {
				entry.status = message;
				for (ProgressListener l : entry.waiting) l.status(message);
			}

			@Override
			public void download(long done, long total) {
				for (ProgressListener l : entry.waiting) l.download(done, total);
			}
		};
	}

	private void release(Entry entry) {
		LoadedNetwork free = null;
		synchronized (this) {
			entry.leases--;
			if (entry.leases == 0 && entries.get(entry.key) != entry) free = entry.network;
		}
		if (free != null) free.close();
	}

	/** Takes the loaded networks no run uses, except {@code keep}'s, out of the cache; the caller frees them. */
	private List<LoadedNetwork> evictIdle(NetworkKey keep) {
		List<LoadedNetwork> idle = new ArrayList<>();
		entries.values().removeIf(e -> {
			boolean evict = !e.key.equals(keep) && e.network != null && e.leases == 0;
			if (evict) idle.add(e.network);
			return evict;
		});
		return idle;
	}

	/**
	 * Frees every loaded network that no run uses now.
	 *
	 * @return whether any was freed
	 */
	public boolean releaseIdle() {
		List<LoadedNetwork> idle;
		synchronized (this) {
			idle = evictIdle(null);
		}
		idle.forEach(LoadedNetwork::close);
		return !idle.isEmpty();
	}

	/**
	 * The system's memory probe whose {@link MemoryProbe#release()} frees this cache's idle networks:
	 * what the parameter checks and the engine plan a run's memory with.
	 */
	public MemoryProbe memory() {
		return memory.releasing(this::releaseIdle);
	}

	/** Where its networks' weights come from (a training run loads its own copy from there). */
	public WeightsLoader loader() {
		return loader.get();
	}

	/** How many networks this cache has loaded (or started loading) so far. */
	public synchronized int loads() {
		return loads;
	}

	/** The keys of the networks loaded now. */
	public synchronized List<NetworkKey> loaded() {
		return entries.values().stream().filter(e -> e.network != null).map(e -> e.key).toList();
	}

	/**
	 * Frees the networks: idle ones now, those in use when their run gives its lease back; loads in
	 * progress are cancelled. Later requests are refused.
	 */
	@Override
	public void close() {
		List<LoadedNetwork> idle = new ArrayList<>();
		List<NetworkLoad> loading = new ArrayList<>();
		synchronized (this) {
			closed = true;
			for (Entry e : entries.values()) {
				if (e.network == null) loading.add(e.load);
				else if (e.leases == 0) idle.add(e.network);
			}
			entries.clear();
		}
		loading.forEach(NetworkLoad::cancel);
		idle.forEach(LoadedNetwork::close);
	}
}

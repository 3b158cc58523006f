package sc.fiji.neuralstyle.spark;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import sc.fiji.neuralstyle.engine.ProgressListener;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.engine.StyleTransfer;
import sc.fiji.neuralstyle.net.Pooling;

/**
 * The feature networks of this JVM (an executor, or the driver in local mode): each is loaded once,
 * by the first task that needs it, and serves every later task as a
 * {@link StyleTransfer#withSettings view} with that task's settings. Keyed by what defines a
 * network: name, weights file, pooling and device; jobs that differ only in other parameters share
 * one. Tasks of one executor take turns on a network (its engine has one thread, and on the CPU
 * PyTorch already uses every core for one run); networks stay loaded for the executor's life.
 */
public final class NetworkCache {

	/** What makes one network differ from another. */
	record Key(String network, String weights, Pooling pooling, String device) {

		static Key of(StyleSettings s) {
			return new Key(s.network(), Objects.toString(s.weights(), ""), s.pooling(), s.device());
		}
	}

	/**
	 * A network ready for one job.
	 *
	 * @param transfer the engine with the job's settings
	 * @param loaded true if this job loaded the network (its time includes the load)
	 */
	public record Lease(StyleTransfer transfer, boolean loaded) {}

	private static final Map<Key, StyleTransfer> NETWORKS = new ConcurrentHashMap<>();
	private static final AtomicInteger LOADS = new AtomicInteger();

	private NetworkCache() {}

	/**
	 * The network for these settings (device resolved: cpu or gpu:N), loaded now if this JVM has not
	 * loaded it yet; a task that asks while another loads it waits for that load.
	 *
	 * @throws IllegalArgumentException, sc.fiji.neuralstyle.net.WeightsException as
	 *           {@link StyleTransfer#open}; nothing is kept then, and the next task tries again
	 */
	public static Lease acquire(StyleSettings settings, ProgressListener listener) {
		boolean[] loaded = { false };
		StyleTransfer network = NETWORKS.computeIfAbsent(Key.of(settings), key -> {
			loaded[0] = true;
			LOADS.incrementAndGet();
			return StyleTransfer.open(settings, listener);
		});
		return new Lease(network.withSettings(settings), loaded[0]);
	}

	/** How many networks this JVM has loaded so far. */
	public static int loads() {
		return LOADS.get();
	}

	/** Frees every network (tests; an executor frees its memory when it ends). */
	static synchronized void closeAll() {
		for (StyleTransfer t : NETWORKS.values()) t.close();
		NETWORKS.clear();
	}
}

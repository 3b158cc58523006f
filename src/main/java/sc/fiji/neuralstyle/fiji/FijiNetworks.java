package sc.fiji.neuralstyle.fiji;

import java.util.ArrayDeque;
import java.util.Deque;

import sc.fiji.neuralstyle.engine.NetworkCache;

/**
 * Which {@link NetworkCache} a Fiji run uses: that of the newest SciJava context still alive (its
 * {@link NetworkService}, which Fiji's context has), else the process's own
 * ({@link NetworkCache#shared()}: plain ImageJ1 has no context, so its networks stay loaded for the
 * JVM's life and go with the process). The ImageJ1 plugin has no context to ask, so the services
 * register here.
 */
final class FijiNetworks {

	private static final Deque<NetworkCache> CONTEXTS = new ArrayDeque<>();

	private FijiNetworks() {}

	/** A context's cache, from its creation … */
	static synchronized void register(NetworkCache cache) {
		CONTEXTS.push(cache);
	}

	/** … to its end. */
	static synchronized void unregister(NetworkCache cache) {
		CONTEXTS.remove(cache);
	}

	/** The newest live context's cache, else the process's. */
	static synchronized NetworkCache current() {
		return CONTEXTS.isEmpty() ? NetworkCache.shared() : CONTEXTS.peek();
	}
}

package sc.fiji.neuralstyle.fiji.run;

import java.util.ArrayDeque;
import java.util.Deque;

import sc.fiji.neuralstyle.styling.StyleEngine;

/**
 * Which {@link StyleEngine} a Fiji run uses: that of the newest SciJava context still alive (its
 * {@link StyleEngineService}, which Fiji's context has), else the process's own. Plain ImageJ1 has no
 * context, and its plugin no object that outlives a run, so this is where the process-wide state of
 * the Fiji fronts lives: the contexts' engines, registered by their services, and the engine of
 * ImageJ1 without a context, whose networks stay loaded for the JVM's life and go with the process.
 */
public final class FijiEngines {

	private static final Deque<StyleEngine> CONTEXTS = new ArrayDeque<>();
	private static StyleEngine withoutContext;

	private FijiEngines() {}

	/** A context's engine, from its creation … */
	static synchronized void register(StyleEngine engine) {
		CONTEXTS.push(engine);
	}

	/** … to its end. */
	static synchronized void unregister(StyleEngine engine) {
		CONTEXTS.remove(engine);
	}

	/** The newest live context's engine, else the process's (made when first asked for). */
	public static synchronized StyleEngine current() {
		if (!CONTEXTS.isEmpty()) return CONTEXTS.peek();
		if (withoutContext == null) withoutContext = new StyleEngine();
		return withoutContext;
	}
}

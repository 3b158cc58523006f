package sc.fiji.neuralstyle.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: the first asks the run to stop, so that the best image so
 * far and the loss log are written (then the exit code is 130 or 143, as a shell expects), and says so
 * at once: an evaluation of a large image can take minutes; a second one ends the process at once.
 * Installed for the run only; {@link #close()} restores the JVM's own handlers.
 */
final class Interrupts implements AutoCloseable {

	private static final Map<String, Integer> EXIT_CODES = Map.of("INT", 130, "TERM", 143);

	private final AtomicReference<String> received = new AtomicReference<>();
	private final Map<Signal, SignalHandler> previous = new HashMap<>();
	private final Runnable beforeHalt;
	private final Consumer<String> say;

	/**
	 * @param beforeHalt what to do before a second signal ends the process (remove temporary files)
	 * @param say shows a line to the user
	 */
	private Interrupts(Runnable beforeHalt, Consumer<String> say) {
		this.beforeHalt = beforeHalt;
		this.say = say;
	}

	/**
	 * Handles SIGINT and SIGTERM from now until {@link #close()}.
	 *
	 * @param say shows the line that acknowledges the first signal
	 */
	static Interrupts install(Runnable beforeHalt, Consumer<String> say) {
		Interrupts interrupts = new Interrupts(beforeHalt, say);
		for (String name : EXIT_CODES.keySet()) {
			try {
				Signal signal = new Signal(name);
				interrupts.previous.put(signal, Signal.handle(signal, interrupts::handle));
			}
			catch (IllegalArgumentException e) {
				// Not available here (the JVM runs with -Xrs, or the OS has no such signal): the default stays.
			}
		}
		return interrupts;
	}

	private void handle(Signal signal) {
		if (received.compareAndSet(null, signal.getName())) {
			say.accept(describe() + ": the run stops after the current evaluation and writes the best image so far;"
				+ " " + describe() + " again stops it at once, writing nothing");
			return;
		}
		beforeHalt.run();
		Runtime.getRuntime().halt(EXIT_CODES.get(received.get()));
	}

	/** Whether a signal asked the run to stop. */
	boolean received() {
		return received.get() != null;
	}

	/** 130 after SIGINT, 143 after SIGTERM (128 + the signal's number); 0 if none came. */
	int exitCode() {
		String name = received.get();
		return name == null ? 0 : EXIT_CODES.get(name);
	}

	/** The signal's name for messages: "Ctrl-C" or "SIGTERM". */
	String describe() {
		return "INT".equals(received.get()) ? "Ctrl-C" : "SIG" + received.get();
	}

	@Override
	public void close() {
		previous.forEach(Signal::handle);
	}
}

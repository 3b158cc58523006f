package sc.fiji.neuralstyle.headless;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a front on files works (a run, a download, Spark's jobs): the
 * first asks the work to stop, so that what is finished is kept and said (then the exit code is 130
 * or 143, as a shell expects), and says so at once: an evaluation of a large image can take minutes;
 * a second one ends the process at once. Installed for the work only; {@link #close()} restores the
 * JVM's own handlers (so a signal then ends the JVM as usual, through its shutdown hooks).
 */
public final class Interrupts implements AutoCloseable {

	private static final Map<String, Integer> EXIT_CODES = Map.of("INT", 130, "TERM", 143);

	private final AtomicReference<String> received = new AtomicReference<>();
	private final Map<Signal, SignalHandler> previous = new HashMap<>();
	private final List<Runnable> onReceived = new CopyOnWriteArrayList<>();
	private final Runnable beforeHalt;
	private final Consumer<String> say;
	private final String effect;

	private Interrupts(Runnable beforeHalt, Consumer<String> say, String effect) {
		this.beforeHalt = beforeHalt;
		this.say = say;
		this.effect = effect;
	}

	/**
	 * Handles SIGINT and SIGTERM from now until {@link #close()}.
	 *
	 * @param beforeHalt what to do before a second signal ends the process (remove temporary files)
	 * @param say shows the line that acknowledges the first signal
	 * @param effect what the first signal does, for that line: "the run stops after the current
	 *          evaluation and writes the best image so far"
	 */
	public static Interrupts install(Runnable beforeHalt, Consumer<String> say, String effect) {
		Interrupts interrupts = new Interrupts(beforeHalt, say, effect);
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
			say.accept(describe() + ": " + effect + "; " + describe() + " again stops it at once, writing nothing");
			onReceived.forEach(Runnable::run);
			return;
		}
		beforeHalt.run();
		Runtime.getRuntime().halt(EXIT_CODES.get(received.get()));
	}

	/**
	 * Runs {@code action} when the first signal comes (on the signal's thread), or at once if it has
	 * come: to cancel work that does not look at {@link #received()} itself.
	 */
	public void onReceived(Runnable action) {
		onReceived.add(action);
		if (received()) action.run();
	}

	/** Whether a signal asked the work to stop. */
	public boolean received() {
		return received.get() != null;
	}

	/** 130 after SIGINT, 143 after SIGTERM (128 + the signal's number); 0 if none came. */
	public int exitCode() {
		String name = received.get();
		return name == null ? 0 : EXIT_CODES.get(name);
	}

	/** The signal's name for messages: "Ctrl-C" or "SIGTERM". */
	public String describe() {
		return "INT".equals(received.get()) ? "Ctrl-C" : "SIG" + received.get();
	}

	@Override
	public void close() {
		previous.forEach(Signal::handle);
	}
}

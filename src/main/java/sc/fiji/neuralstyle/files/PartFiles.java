package sc.fiji.neuralstyle.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The temporary files of the writes in progress ({@code .NAME.RANDOM.part} beside their target), so
 * that none outlives the JVM: when it ends (Ctrl-C, SIGTERM, {@code System.exit}), {@link JvmExit}'s
 * shutdown hook lets the writes in progress finish for a moment, then deletes what is left and refuses
 * new ones ({@link #close}). Without it, a kill during a write left the hidden file behind (about 1 in
 * 30 kills of the command line).
 */
final class PartFiles {

	private final Set<Path> pending = new HashSet<>();
	private boolean closed;

	/**
	 * Creates a new, empty temporary file beside {@code destination} (which is absolute) and keeps it
	 * until {@link #release}. Created under this object's lock, so the shutdown hook cannot miss it.
	 *
	 * @throws IOException as {@link Files#createFile}, or when the JVM is ending
	 */
	synchronized Path create(Path destination) throws IOException {
		if (closed) throw new IOException("the program is ending; " + destination + " was not written");
		String name = destination.getFileName().toString();
		for (int attempt = 0;; attempt++) {
			Path temp = destination.resolveSibling(name(name, String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt())));
			try {
				Files.createFile(temp);
				pending.add(temp);
				return temp;
			}
			catch (FileAlreadyExistsException e) {
				if (attempt == 20) throw e;
			}
		}
	}

	/** The write that owned {@code temp} has ended (renamed or deleted it). */
	synchronized void release(Path temp) {
		pending.remove(temp);
		notifyAll();
	}

	/**
	 * Ends this registry: refuses new files, waits up to {@code graceMillis} for the writes in
	 * progress, then deletes the temporary files still there.
	 */
	synchronized void close(long graceMillis) {
		closed = true;
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
		try {
			for (long left = graceMillis; !pending.isEmpty() && left > 0;
				left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))
			{
				wait(left);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		List<Path> left = new ArrayList<>(pending);
		pending.clear();
		for (Path temp : left) {
			try {
				Files.deleteIfExists(temp);
			}
			catch (IOException e) {
				// Nothing more can be done while the JVM ends.
			}
		}
	}

	/** The files created and not yet released, for tests. */
	synchronized Set<Path> pending() {
		return Set.copyOf(pending);
	}

	/**
	 * The temporary name for a target named {@code target}: {@code .target.unique.part}, the target's
	 * name cut (at a character boundary) so that the whole stays within {@link AtomicFile#NAME_MAX}
	 * bytes.
	 */
	static String name(String target, String unique) {
		String suffix = "." + unique + ".part";
		int budget = AtomicFile.NAME_MAX - 1 - suffix.getBytes(StandardCharsets.UTF_8).length;
		StringBuilder stem = new StringBuilder();
		int bytes = 0;
		for (int i = 0; i < target.length();) {
			int cp = target.codePointAt(i);
			int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
			if (bytes + n > budget) break;
			stem.appendCodePoint(cp);
			bytes += n;
			i += Character.charCount(cp);
		}
		return "." + stem + suffix;
	}
}

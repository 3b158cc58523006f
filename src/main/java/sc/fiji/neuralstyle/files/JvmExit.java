package sc.fiji.neuralstyle.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What this JVM removes when it ends: the temporary files of the writes in progress
 * ({@link PartFiles}) and the open scratch folders ({@link ScratchFolder}), by one shutdown hook
 * (Ctrl-C, SIGTERM, {@code System.exit}), or by {@link #removeLeftovers} before a program halts.
 * <p>
 * The one process-wide state of the files a run leaves on disk, and why it is process-wide: a JVM's
 * end runs its shutdown hooks, not the code of whoever made a file (a run, an engine, a SciJava
 * context), and the SciJava contexts and runs of one JVM all end with it. So the files are
 * registered with the JVM, not with their owner, and one hook empties the registry.
 */
public final class JvmExit {

	/** How long the hook lets the writes in progress finish before it deletes their files. */
	private static final long GRACE_MILLIS = 2000;

	/** This JVM's registry, with its hook. */
	private static final JvmExit THIS_JVM = new JvmExit();

	private final PartFiles parts = new PartFiles();
	/** The open scratch folders, each with the channel that holds its lock. */
	private final Map<Path, FileChannel> scratch = new HashMap<>();
	private boolean hookInstalled;

	private JvmExit() {}

	/**
	 * Deletes the temporary files of the writes in progress and every open scratch folder now, and
	 * refuses new writes, for a program about to end with {@link Runtime#halt} (a second Ctrl-C, say),
	 * which skips the shutdown hook that would do this. The writes' targets stay as they were.
	 */
	public static void removeLeftovers() {
		THIS_JVM.parts.close(0);
		removeScratchFolders();
	}

	/** The registry of temporary files, its hook installed. */
	static PartFiles parts(Path destination) throws IOException {
		THIS_JVM.installHook(destination);
		return THIS_JVM.parts;
	}

	/** The registry of temporary files as it is, for tests. */
	static PartFiles parts() {
		return THIS_JVM.parts;
	}

	/**
	 * The lock of the registry of scratch folders, its hook installed: a folder is made under it.
	 *
	 * @throws IOException when the JVM is ending already: {@code what} is not written
	 */
	static Object scratchLock(Path what) throws IOException {
		THIS_JVM.installHook(what);
		return THIS_JVM.scratch;
	}

	/** A scratch folder just made and locked, removed when the JVM ends unless {@link #scratchClosed} first. */
	static void scratchOpened(Path dir, FileChannel lock) {
		synchronized (THIS_JVM.scratch) {
			THIS_JVM.scratch.put(dir, lock);
		}
	}

	/** The lock of a scratch folder its owner closes, or null if it is gone already. */
	static FileChannel scratchClosed(Path dir) {
		synchronized (THIS_JVM.scratch) {
			return THIS_JVM.scratch.remove(dir);
		}
	}

	/** Deletes every open scratch folder of this JVM. */
	static void removeScratchFolders() {
		Map<Path, FileChannel> open;
		synchronized (THIS_JVM.scratch) {
			open = new HashMap<>(THIS_JVM.scratch);
			THIS_JVM.scratch.clear();
		}
		for (Map.Entry<Path, FileChannel> e : open.entrySet()) {
			try {
				ScratchFolder.delete(e.getKey());
				e.getValue().close();
			}
			catch (IOException ex) {
				// Nothing more can be done while the JVM ends.
			}
		}
	}

	/**
	 * Installs the shutdown hook, once.
	 *
	 * @throws IOException when the JVM is ending already: {@code what} is not written
	 */
	private synchronized void installHook(Path what) throws IOException {
		if (hookInstalled) return;
		try {
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				parts.close(GRACE_MILLIS);
				removeScratchFolders();
			}, "neural-style-leftovers"));
		}
		catch (IllegalStateException e) {
			throw new IOException("the program is ending; " + what + " was not written", e);
		}
		hookInstalled = true;
	}
}

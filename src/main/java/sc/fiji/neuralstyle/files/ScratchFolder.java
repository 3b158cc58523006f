package sc.fiji.neuralstyle.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A hidden folder beside an output, {@code .NAME.RANDOM.planes}, for the parts of a result that is
 * made piece by piece (the planes of a stack, as each is styled, before they become one file). It is
 * deleted with everything in it by {@link #close()}, when the JVM ends (a shutdown hook: Ctrl-C,
 * SIGTERM, {@code System.exit}), and by {@link JvmExit#removeLeftovers()} before a program
 * halts. Being beside the output, it is on the output's disk: the final file is then written from it without crossing
 * file systems, and a small system temporary folder does not limit the stack.
 * <p>
 * Its owner holds an OS lock on a file in it ({@value #LOCK}) while it lives; the lock ends with the
 * process. So a folder that a killed program left (SIGKILL, a power cut: no hook runs) is told from
 * one in use, and {@link #removeAbandoned} deletes it.
 */
public final class ScratchFolder implements AutoCloseable {

	/** The ending of every scratch folder's name. */
	public static final String SUFFIX = ".planes";

	/** The file in a scratch folder that its owner keeps locked. */
	static final String LOCK = ".owner.lock";

	/** The most characters of the output's name a scratch folder's name keeps. */
	static final int NAME_CODE_POINTS = 48;

	private final Path path;

	private ScratchFolder(Path path) {
		this.path = path;
	}

	/**
	 * A new, empty scratch folder beside {@code output} (in its folder), locked as in use.
	 *
	 * @throws IOException naming the output and what to do if its folder cannot take it
	 */
	public static ScratchFolder beside(Path output) throws IOException {
		AtomicFile.checkWritable(output); // the same messages as the write that follows
		Path folder = output.toAbsolutePath().getParent();
		String name = output.getFileName().toString();
		// Made under the registry's lock, so that JvmExit.removeLeftovers cannot miss one being made.
		synchronized (JvmExit.scratchLock(output)) {
			for (int attempt = 0;; attempt++) {
				String unique = String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
				Path dir = folder.resolve(name(name, unique));
				// Made and locked under a name no one removes, then renamed: never seen unlocked.
				Path making = folder.resolve(name(name, unique) + ".new");
				try {
					Files.createDirectory(making);
				}
				catch (FileAlreadyExistsException e) {
					if (attempt == 20) throw e;
					continue;
				}
				FileChannel lock = FileChannel.open(making.resolve(LOCK), StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE);
				try {
					lock.lock();
					Files.move(making, dir, StandardCopyOption.ATOMIC_MOVE);
				}
				catch (IOException e) {
					lock.close();
					delete(making);
					if (e instanceof FileAlreadyExistsException && attempt < 20) continue;
					throw e;
				}
				JvmExit.scratchOpened(dir, lock);
				return new ScratchFolder(dir);
			}
		}
	}

	/** The folder. */
	public Path path() {
		return path;
	}

	/** Deletes the folder and what is in it; nothing if it is gone already. */
	@Override
	public void close() throws IOException {
		FileChannel lock = JvmExit.scratchClosed(path);
		delete(path);
		if (lock != null) lock.close();
	}

	/**
	 * Deletes the scratch folders of {@code output} that no living program holds: what a run killed
	 * with SIGKILL (or a power cut) left beside it. Those of runs going on now are kept.
	 *
	 * @return the folders deleted
	 */
	public static List<Path> removeAbandoned(Path output) throws IOException {
		Path folder = output.toAbsolutePath().getParent();
		String prefix = "." + cut(output.getFileName().toString()) + ".";
		List<Path> removed = new ArrayList<>();
		if (folder == null || !Files.isDirectory(folder)) return removed;
		try (DirectoryStream<Path> scratch = Files.newDirectoryStream(folder, ".*" + SUFFIX)) {
			for (Path dir : scratch) {
				String name = dir.getFileName().toString();
				if (name.startsWith(prefix) && removeIfAbandoned(dir)) removed.add(dir);
			}
		}
		return removed;
	}

	/**
	 * Deletes a scratch folder if no living program holds it (its lock can be taken, or it has none:
	 * an older version's); returns whether it did.
	 */
	public static boolean removeIfAbandoned(Path dir) throws IOException {
		if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return false;
		Path lock = dir.resolve(LOCK);
		if (Files.exists(lock)) {
			try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
				FileLock held = channel.tryLock();
				if (held == null) return false; // another program's, working
				held.release();
			}
			catch (OverlappingFileLockException e) {
				return false; // this JVM's own
			}
		}
		delete(dir);
		return true;
	}

	/**
	 * Whether {@code fileName} is a scratch folder's name for an output whose name starts with
	 * {@code stem} (the name without its extension): for removing what a killed program left.
	 */
	public static boolean isScratchOf(String fileName, String stem) {
		return fileName.startsWith("." + cut(stem)) && fileName.endsWith(SUFFIX);
	}

	/** Deletes a folder and its files. */
	public static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) return;
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
		}
	}

	/**
	 * {@code .name.unique.planes}, the name cut to its first {@link #NAME_CODE_POINTS} characters so
	 * that the whole stays within {@link AtomicFile#NAME_MAX} bytes (4 bytes at most each in UTF-8).
	 */
	static String name(String target, String unique) {
		return "." + cut(target) + "." + unique + SUFFIX;
	}

	private static String cut(String name) {
		return name.codePoints().limit(NAME_CODE_POINTS)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
	}
}

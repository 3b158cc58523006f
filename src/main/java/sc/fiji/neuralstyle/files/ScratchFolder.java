package sc.fiji.neuralstyle.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A hidden folder beside an output, {@code .NAME.RANDOM.planes}, for the parts of a result that is
 * made piece by piece (the planes of a stack, as each is styled, before they become one file). It is
 * deleted with everything in it by {@link #close()}, when the JVM ends (a shutdown hook: Ctrl-C,
 * SIGTERM, {@code System.exit}), and by {@link #removeAll()} before a program halts. Being beside
 * the output, it is on the output's disk: the final file is then written from it without crossing
 * file systems, and a small system temporary folder does not limit the stack.
 */
public final class ScratchFolder implements AutoCloseable {

	/** The ending of every scratch folder's name. */
	public static final String SUFFIX = ".planes";

	/** The most characters of the output's name a scratch folder's name keeps. */
	static final int NAME_CODE_POINTS = 48;

	private static final Set<Path> OPEN = new HashSet<>();
	private static boolean hookInstalled;

	private final Path path;

	private ScratchFolder(Path path) {
		this.path = path;
	}

	/**
	 * A new, empty scratch folder beside {@code output} (in its folder).
	 *
	 * @throws IOException naming the output and what to do if its folder cannot take it
	 */
	public static ScratchFolder beside(Path output) throws IOException {
		AtomicFile.checkWritable(output); // the same messages as the write that follows
		Path folder = output.toAbsolutePath().getParent();
		String name = output.getFileName().toString();
		synchronized (OPEN) {
			if (!hookInstalled) {
				Runtime.getRuntime().addShutdownHook(new Thread(ScratchFolder::removeAll, "neural-style-scratch"));
				hookInstalled = true;
			}
			for (int attempt = 0;; attempt++) {
				Path dir = folder.resolve(name(name, String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt())));
				try {
					Files.createDirectory(dir);
					OPEN.add(dir);
					return new ScratchFolder(dir);
				}
				catch (FileAlreadyExistsException e) {
					if (attempt == 20) throw e;
				}
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
		synchronized (OPEN) {
			OPEN.remove(path);
		}
		delete(path);
	}

	/** Deletes every scratch folder of this JVM (before {@link Runtime#halt}, which skips the hook). */
	public static void removeAll() {
		List<Path> open;
		synchronized (OPEN) {
			open = List.copyOf(OPEN);
			OPEN.clear();
		}
		for (Path dir : open) {
			try {
				delete(dir);
			}
			catch (IOException e) {
				// Nothing more can be done while the JVM ends.
			}
		}
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

package sc.fiji.neuralstyle.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Files by identity, each with a value: a file that exists is found by any name that leads to it
 * (another path, a symbolic link, a hard link: its device and inode), and one that does not yet by
 * its normalized absolute path. For the rules "no file written is an input" and "no file is written
 * twice", over as many names as a run writes: which names of a folder exist is read from one
 * listing of it, so a million preview names that are not there cost no system call each. That
 * listing is taken when the folder is first asked about: a file made later is not seen.
 *
 * @param <T> what is known of each file (where it comes from, for messages)
 */
public final class FileIdentities<T> {

	/** A folder whose names are asked for one by one. */
	private static final Set<String> UNLISTED = Set.of("");

	private final Map<Path, T> byPath = new HashMap<>();
	private final Map<Object, T> byKey = new HashMap<>();
	private final Map<Path, Set<String>> listings = new HashMap<>();

	/** Adds a file; the first value added for a file stays. */
	public void add(Path file, T value) {
		Path path = normal(file);
		byPath.putIfAbsent(path, value);
		Object key = key(path);
		if (key != null) byKey.putIfAbsent(key, value);
	}

	/** The value of the file {@code file} is, by whatever name it was added; null if none. */
	public T find(Path file) {
		Path path = normal(file);
		T value = byPath.get(path);
		if (value != null || byKey.isEmpty()) return value;
		Object key = key(path);
		return key == null ? null : byKey.get(key);
	}

	/** Whether a file (or a link, even a dangling one) of that name is there, from its folder's listing. */
	public boolean exists(Path file) {
		Path path = normal(file);
		Path folder = path.getParent();
		Set<String> names = folder == null ? UNLISTED : listings.computeIfAbsent(folder, FileIdentities::names);
		if (names == UNLISTED) return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
		return names.contains(path.getFileName().toString());
	}

	/** The file's device and inode where it exists (links followed), else null. */
	private Object key(Path path) {
		if (!exists(path)) return null;
		try {
			return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
		}
		catch (IOException e) {
			return null; // a dangling link: known by its name only
		}
	}

	/** The names in a folder; none if it is not there; {@link #UNLISTED} if it may not be listed. */
	private static Set<String> names(Path folder) {
		if (!Files.isDirectory(folder)) return Set.of();
		Set<String> names = new HashSet<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
			for (Path entry : entries) names.add(entry.getFileName().toString());
		}
		catch (IOException | RuntimeException e) {
			return UNLISTED; // searchable but not readable (mode 711): ask for each name
		}
		return names;
	}

	private static Path normal(Path file) {
		return file.toAbsolutePath().normalize();
	}
}

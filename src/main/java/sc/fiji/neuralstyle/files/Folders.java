package sc.fiji.neuralstyle.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a folder the program writes into can take files: the one place that decides it, for the
 * installation check (models folder, DJL's cache) and for the engine's start (DJL's cache).
 */
public final class Folders {

	private Folders() {}

	/** The folder itself if it exists, else the nearest folder above it that does (or file: check); null if none. */
	public static Path nearestExisting(Path folder) {
		Path existing = folder.toAbsolutePath().normalize();
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		return existing;
	}

	/**
	 * Why no file can be made in {@code dir}, empty if one can. A probe file is made and deleted:
	 * permission bits say nothing about read-only file systems, and root passes every permission
	 * check.
	 */
	public static Optional<String> cannotWrite(Path dir) {
		try {
			Files.delete(Files.createTempFile(dir, ".neural-style-check", ".tmp"));
			return Optional.empty();
		}
		catch (IOException | SecurityException e) {
			return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
		}
	}
}

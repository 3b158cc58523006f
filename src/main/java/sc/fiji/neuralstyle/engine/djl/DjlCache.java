package sc.fiji.neuralstyle.engine.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import ai.djl.util.Utils;
import sc.fiji.neuralstyle.files.Folders;

/**
 * DJL's cache folder, where it unpacks PyTorch's native library from its jar (or downloads it) on
 * first use: {@code DJL_CACHE_DIR} (or {@code ENGINE_CACHE_DIR}) if set, else {@code ~/.djl.ai}, or
 * {@code .djl.ai} in the temporary folder when the home folder is not writable. The last is what
 * breaks when two users share a machine: the first creates {@code /tmp/.djl.ai} for itself, and the
 * second cannot write there. {@link #problem()} says so before PyTorch starts; {@link DjlSetup}
 * words the failure with it if the start fails.
 */
public final class DjlCache {

	/** The environment variable (or system property) that moves DJL's cache. */
	public static final String DIR_VARIABLE = "DJL_CACHE_DIR";

	private DjlCache() {}

	/** The folder DJL unpacks PyTorch into, as DJL itself decides it. */
	public static Path folder() {
		return Utils.getEngineCacheDir("pytorch");
	}

	/**
	 * Why DJL cannot write its cache folder: the folder, or the nearest folder above it that exists,
	 * is not writable, or a file stands where a folder must be. Empty if it can.
	 */
	public static Optional<String> problem() {
		return problem(folder(), System.getProperty("user.home"));
	}

	static Optional<String> problem(Path folder, String home) {
		Path existing = Folders.nearestExisting(folder);
		String why, remedy;
		if (existing == null) {
			why = "cannot be made";
			remedy = "";
		}
		else if (!Files.isDirectory(existing)) {
			why = "cannot be made: " + existing + " is a file, not a folder";
			remedy = ", or move that file away";
		}
		else if (Folders.cannotWrite(existing).isPresent()) {
			why = (existing.equals(folder.toAbsolutePath().normalize()) ? "is not writable" : "cannot be made: " + existing
				+ " is not writable") + owner(existing);
			remedy = ", or make " + existing + " writable";
		}
		else {
			return Optional.empty();
		}
		boolean fallback = System.getenv(DIR_VARIABLE) == null && System.getProperty(DIR_VARIABLE) == null
			&& System.getenv("ENGINE_CACHE_DIR") == null && System.getProperty("ENGINE_CACHE_DIR") == null
			&& home != null && !Files.isWritable(Path.of(home));
		String example = fallback ? "a folder of your own such as /tmp/djl-" + System.getProperty("user.name", "me")
			: Path.of(home == null ? "~" : home, ".djl.ai").toString();
		return Optional.of("DJL's cache folder " + folder + " " + why + (fallback ? " (DJL uses the temporary folder "
			+ "because the home folder " + home + " is not writable)" : "") + ", and PyTorch's native library is "
			+ "unpacked there on first use; set " + DIR_VARIABLE + " to a folder you can write (" + example + ")"
			+ remedy);
	}

	private static String owner(Path p) {
		try {
			String owner = Files.getOwner(p).getName();
			return owner.equals(System.getProperty("user.name")) ? "" : " (it belongs to " + owner + ")";
		}
		catch (IOException | UnsupportedOperationException e) {
			return "";
		}
	}
}

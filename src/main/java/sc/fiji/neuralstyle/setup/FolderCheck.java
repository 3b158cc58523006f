package sc.fiji.neuralstyle.setup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.neuralstyle.files.Folders;

/**
 * Whether a folder the program writes into (the models folder, DJL's cache) can take files, and how
 * much room it has. Writable means a file could really be made there: a probe file is created and
 * deleted (in the nearest folder that exists, if the folder is made on first use: {@link Folders}).
 */
final class FolderCheck {

	private FolderCheck() {}

	/**
	 * @param name the check's name, e.g. "Models folder"
	 * @param folder the folder
	 * @param wantedBytes the free space below which a warning is given
	 * @param purpose what the room is for, e.g. "VGG19's weights (575 MB)"
	 * @param howToChoose how to use another folder
	 */
	static Check of(String name, Path folder, long wantedBytes, String purpose, String howToChoose) {
		Path dir = folder.toAbsolutePath().normalize();
		Path existing = Folders.nearestExisting(dir);
		boolean exists = existing == dir;
		if (existing == null || !Files.isDirectory(existing)) {
			return Check.failed(name, dir + " cannot be made: " + (existing == null ? "no part of the path exists"
				: existing + " is a file, not a folder"), howToChoose);
		}
		String problem = Folders.cannotWrite(existing).orElse(null);
		String where = dir + (exists ? "" : " (made on first use in " + existing + ")");
		if (problem != null) return Check.failed(name, where + ": cannot write there (" + problem + ")", howToChoose);
		long free;
		try {
			free = Files.getFileStore(existing).getUsableSpace();
		}
		catch (IOException e) {
			return Check.warning(name, where + ": writable, but its free space is unknown (" + e + ")", "");
		}
		String detail = where + ": writable, " + gigabytes(free) + " free";
		if (free < wantedBytes) {
			return Check.warning(name, detail + ", less than " + purpose + " needs", "free some space there, or "
				+ Character.toLowerCase(howToChoose.charAt(0)) + howToChoose.substring(1));
		}
		return Check.ok(name, detail);
	}

	/** Bytes as GB (10⁹) with one decimal, as the weights' sizes are given in MB. */
	static String gigabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
	}
}

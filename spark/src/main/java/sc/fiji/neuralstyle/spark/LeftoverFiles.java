package sc.fiji.neuralstyle.spark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sc.fiji.neuralstyle.files.ScratchFolder;

/**
 * Temporary files that writers killed mid-write left beside the results (an executor lost with its
 * node: SIGKILL gives no chance to clean up). Results are written to {@code .NAME.RANDOM.part} (or
 * {@code .NAMERANDOM.tmp}) and renamed to NAME, a stack's planes first to a scratch folder
 * {@code .NAME.RANDOM.planes} ({@link ScratchFolder}); once every job of a run has ended, such a
 * file or folder beside one of the run's results is garbage.
 */
final class LeftoverFiles {

	private LeftoverFiles() {}

	/**
	 * Deletes the temporary files of these results: hidden {@code .part} and {@code .tmp} files in
	 * their folders whose names start with a result's name without its extension (which covers the
	 * result, its previews {@code NAME_iterNNNN.png} and its loss log).
	 *
	 * @return the files deleted
	 */
	static List<Path> remove(List<Path> results) throws IOException {
		Map<Path, Set<String>> stemsByFolder = new HashMap<>();
		for (Path r : results) {
			stemsByFolder.computeIfAbsent(r.toAbsolutePath().getParent(), f -> new HashSet<>()).add(stem(r));
		}
		List<Path> removed = new ArrayList<>();
		for (Map.Entry<Path, Set<String>> e : stemsByFolder.entrySet()) {
			if (!Files.isDirectory(e.getKey())) continue;
			try (DirectoryStream<Path> hidden = Files.newDirectoryStream(e.getKey(), ".*.{part,tmp}")) {
				for (Path f : hidden) {
					if (ours(f.getFileName().toString(), e.getValue()) && Files.deleteIfExists(f)) removed.add(f);
				}
			}
			try (DirectoryStream<Path> scratch = Files.newDirectoryStream(e.getKey(), ".*" + ScratchFolder.SUFFIX)) {
				for (Path f : scratch) {
					String name = f.getFileName().toString();
					// Not one a living writer holds (a copy of a task still running elsewhere).
					if (e.getValue().stream().anyMatch(stem -> ScratchFolder.isScratchOf(name, stem))
						&& ScratchFolder.removeIfAbandoned(f))
					{
						removed.add(f);
					}
				}
			}
		}
		return removed;
	}

	/** Whether a hidden temporary name starts with one of the stems. */
	static boolean ours(String name, Set<String> stems) {
		for (int end = 2; end <= name.length(); end++) {
			if (stems.contains(name.substring(1, end))) return true;
		}
		return false;
	}

	private static String stem(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}
}

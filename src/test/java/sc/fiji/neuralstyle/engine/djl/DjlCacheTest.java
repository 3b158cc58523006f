package sc.fiji.neuralstyle.engine.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check of DJL's cache folder, without starting PyTorch (FailureReportTest starts it in a JVM
 * of its own). The tests run as root, for whom permissions mean nothing: a file standing where a
 * folder must be stops root too.
 */
class DjlCacheTest {

	@TempDir
	Path dir;

	@Test
	void aFolderThatExistsOrCanBeMadeIsFine() throws IOException {
		assertEquals(Optional.empty(), DjlCache.problem(dir, dir.toString()));
		assertEquals(Optional.empty(), DjlCache.problem(dir.resolve("a/b/pytorch"), dir.toString()));
	}

	@Test
	void aFileWhereAFolderMustBeIsNamedWithWhatToDo() throws IOException {
		Path file = Files.writeString(dir.resolve("djl"), "");
		String problem = DjlCache.problem(file.resolve("pytorch"), dir.toString()).orElseThrow();
		assertTrue(problem.startsWith("DJL's cache folder " + file.resolve("pytorch") + " cannot be made: " + file
			+ " is a file, not a folder, and PyTorch's native library is unpacked there on first use; set DJL_CACHE_DIR"),
			problem);
		assertTrue(problem.endsWith(", or move that file away"), problem);
	}

	@Test
	void theFolderIsDjlsOwnChoice() {
		assertTrue(DjlCache.folder().endsWith("pytorch"), DjlCache.folder().toString());
	}
}

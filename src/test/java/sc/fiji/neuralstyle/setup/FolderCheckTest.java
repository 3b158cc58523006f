package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCheckTest {

	private static final String HOW = "Set DJL_CACHE_DIR to a writable folder";

	@TempDir
	Path dir;

	@Test
	void aWritableFolderIsOkWithItsFreeSpace() throws IOException {
		Check c = FolderCheck.of("DJL cache", dir, 0, "it", HOW);
		assertEquals(Check.Status.OK, c.status(), c.line());
		assertTrue(c.detail().matches(Pattern.quote(dir.toString()) + ": writable, [0-9.]+ GB free"), c.detail());
		assertEquals(List.of(), List.of(dir.toFile().list()), "the probe file is gone");
	}

	@Test
	void aFolderMadeOnFirstUseIsJudgedByItsNearestExistingParent() {
		Check c = FolderCheck.of("Models folder", dir.resolve("a/b"), 0, "it", HOW);
		assertEquals(Check.Status.OK, c.status(), c.line());
		assertTrue(c.detail().startsWith(dir.resolve("a/b") + " (made on first use in " + dir + "): writable"), c.detail());
	}

	@Test
	void anUnwritableCacheFails() throws IOException {
		// /proc takes no new files, from root either (these tests may run as root, who passes permission bits).
		Check c = FolderCheck.of("DJL cache", Path.of("/proc/neural-style-cache"), 0, "it", HOW);
		assertEquals(Check.Status.FAILED, c.status(), c.line());
		assertTrue(c.line().startsWith("failed   DJL cache: /proc/neural-style-cache (made on first use in /proc): cannot "
			+ "write there ("), c.line());
		assertTrue(c.line().endsWith("; " + HOW), c.line());
		Path file = Files.writeString(dir.resolve("file"), "x");
		Check underFile = FolderCheck.of("DJL cache", file.resolve("cache"), 0, "it", HOW);
		assertEquals("failed   DJL cache: " + file.resolve("cache") + " cannot be made: " + file + " is a file, not a folder; "
			+ HOW, underFile.line());
	}

	@Test
	void tooLittleRoomIsAWarning() {
		Check c = FolderCheck.of("Models folder", dir, Long.MAX_VALUE, "VGG19's weights", HOW);
		assertEquals(Check.Status.WARNING, c.status());
		assertTrue(c.line().endsWith(" free, less than VGG19's weights needs; free some space there, or set DJL_CACHE_DIR "
			+ "to a writable folder"), c.line());
	}
}

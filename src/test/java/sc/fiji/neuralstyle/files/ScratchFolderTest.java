package sc.fiji.neuralstyle.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hidden folder beside an output for a stack's planes: named for it, gone when done. */
class ScratchFolderTest {

	@TempDir
	Path dir;

	@Test
	void isHiddenBesideTheOutputAndGoneWithItsFilesWhenClosed() throws IOException {
		Path scratch;
		try (ScratchFolder folder = ScratchFolder.beside(dir.resolve("movie.tif"))) {
			scratch = folder.path();
			assertEquals(dir, scratch.getParent());
			String name = scratch.getFileName().toString();
			assertTrue(name.startsWith(".movie.tif.") && name.endsWith(".planes"), name);
			assertTrue(ScratchFolder.isScratchOf(name, "movie"));
			assertFalse(ScratchFolder.isScratchOf(name, "other"));
			Files.writeString(scratch.resolve("1.tif"), "a plane");
		}
		assertFalse(Files.exists(scratch));
	}

	@Test
	void removeAllEndsEveryOpenOne() throws IOException {
		ScratchFolder a = ScratchFolder.beside(dir.resolve("a.tif"));
		ScratchFolder b = ScratchFolder.beside(dir.resolve("b.avi"));
		Files.writeString(b.path().resolve("movie.avi"), "frames");
		ScratchFolder.removeAll();
		assertFalse(Files.exists(a.path()) || Files.exists(b.path()));
		a.close(); // closing again is harmless
	}

	@Test
	void aLongNameIsCutToStayWithinTheFileSystemsLimit() throws IOException {
		String longName = "\u00e9".repeat(120) + ".tif"; // 244 bytes in UTF-8
		try (ScratchFolder folder = ScratchFolder.beside(dir.resolve(longName))) {
			String name = folder.path().getFileName().toString();
			assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= AtomicFile.NAME_MAX, name);
			assertTrue(ScratchFolder.isScratchOf(name, longName.substring(0, 100)));
		}
	}

	@Test
	void aFolderThatCannotTakeItSaysSo() {
		IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
			() -> ScratchFolder.beside(dir.resolve("missing/out.tif")));
		assertTrue(e.getMessage().contains("does not exist; create it or choose another folder"), e.getMessage());
	}
}

package sc.fiji.neuralstyle.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
		JvmExit.removeScratchFolders();
		assertFalse(Files.exists(a.path()) || Files.exists(b.path()));
		a.close(); // closing again is harmless
	}

	/**
	 * What a run killed with SIGKILL left (no hook ran) is removed by the next; a folder in use (its
	 * owner's lock held, here by this JVM) is kept, and so are other outputs' (issue 21).
	 */
	@Test
	void anAbandonedFolderIsRemovedAndOneInUseKept() throws IOException {
		Path killed = Files.createDirectory(dir.resolve(ScratchFolder.name("movie.tif", "0badc0de")));
		Files.writeString(killed.resolve("1.tif"), "a plane");
		Files.writeString(killed.resolve(ScratchFolder.LOCK), ""); // its owner's lock ended with its process
		Path older = Files.createDirectory(dir.resolve(ScratchFolder.name("movie.tif", "00000001"))); // no lock file
		Path other = Files.createDirectory(dir.resolve(ScratchFolder.name("other.tif", "0badc0de")));
		try (ScratchFolder running = ScratchFolder.beside(dir.resolve("movie.tif"))) {
			assertTrue(Files.exists(running.path().resolve(ScratchFolder.LOCK)));
			assertEquals(java.util.Set.of(killed, older), java.util.Set.copyOf(ScratchFolder.removeAbandoned(
				dir.resolve("movie.tif"))));
			assertTrue(Files.isDirectory(running.path()), "in use: kept");
			assertTrue(Files.isDirectory(other), "another output's: kept");
			assertFalse(Files.exists(killed) || Files.exists(older));
		}
	}

	/** Another program's folder is kept while it lives and removed once it was killed with SIGKILL. */
	@Test
	void aFolderIsHeldWhileItsProgramLivesAndRemovedOnceItWasKilled() throws Exception {
		Path output = dir.resolve("movie.tif");
		Process child = new ProcessBuilder(ChildJvm.command(List.of(), HeldScratch.class, output.toString()))
			.redirectError(ProcessBuilder.Redirect.INHERIT).start();
		try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			Path held = Path.of(out.readLine()); // once printed, it is locked
			assertEquals(List.of(), ScratchFolder.removeAbandoned(output), "in use by a living program");
			assertTrue(Files.isDirectory(held));
			child.destroyForcibly(); // SIGKILL: no hook removes it
			assertTrue(child.waitFor(60, TimeUnit.SECONDS));
			assertTrue(Files.isDirectory(held), "left by the killed program");
			assertEquals(List.of(held), ScratchFolder.removeAbandoned(output));
			assertFalse(Files.exists(held));
		}
		finally {
			child.destroyForcibly();
		}
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

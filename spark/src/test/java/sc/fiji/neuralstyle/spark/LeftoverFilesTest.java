package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What writers killed mid-write leave beside the results is removed; nothing else is. */
class LeftoverFilesTest {

	@TempDir
	Path dir;

	@Test
	void removesTheTemporaryFilesOfTheResultsOnly() throws IOException {
		for (String name : List.of("a_styled.png", ".a_styled.png.8734.part", ".a_styled_iter0010.png.12.part",
			".a_losses.csv5512873.tmp", ".b_styled.tif.77.part", "b_styled.tif", ".other.png.3.part", ".a_styled.png.notes",
			"x.part"))
		{
			Files.writeString(dir.resolve(name), name);
		}
		List<Path> removed = LeftoverFiles.remove(List.of(dir.resolve("a_styled.png"), dir.resolve("a_styled.tif"),
			dir.resolve("a_losses.csv"), dir.resolve("b_styled.tif"), dir.resolve("missing/c_styled.png")));
		assertEquals(List.of(".a_losses.csv5512873.tmp", ".a_styled.png.8734.part", ".a_styled_iter0010.png.12.part",
			".b_styled.tif.77.part"), removed.stream().map(p -> p.getFileName().toString()).sorted().toList());
		assertEquals(List.of(".a_styled.png.notes", ".other.png.3.part", "a_styled.png", "b_styled.tif", "x.part"),
			TestData.files(dir));
	}

	@Test
	void removesTheScratchFoldersOfStacks() throws IOException {
		Path scratch = Files.createDirectory(dir.resolve(".frames_styled.tif.1a2b3c4d.planes"));
		Files.writeString(scratch.resolve("1.tif"), "plane");
		Path other = Files.createDirectory(dir.resolve(".someone_else.tif.1a2b3c4d.planes"));
		List<Path> removed = LeftoverFiles.remove(List.of(dir.resolve("frames_styled.tif")));
		assertEquals(List.of(scratch), removed);
		try (var left = Files.list(dir)) {
			assertEquals(List.of(other), left.toList());
		}
	}
}

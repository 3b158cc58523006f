package sc.fiji.neuralstyle.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is found by every name that leads to it; a name not taken yet by its path. */
class FileIdentitiesTest {

	@TempDir
	Path dir;

	@Test
	void aFileIsFoundByAnyNameThatLeadsToIt() throws IOException {
		Path content = Files.writeString(dir.resolve("content.png"), "x");
		Path link = Files.createSymbolicLink(dir.resolve("link.png"), content.getFileName());
		Path hard = Files.createLink(dir.resolve("hard.png"), content);
		Path dangling = Files.createSymbolicLink(dir.resolve("dangling.png"), dir.resolve("nowhere.png"));
		Path copy = Files.writeString(dir.resolve("copy.png"), "x");
		// What exists is read when a folder is first asked about: the files are there before.
		FileIdentities<String> inputs = new FileIdentities<>();
		inputs.add(content, "the content");
		inputs.add(dir.resolve("later.png"), "not there yet");

		assertEquals("the content", inputs.find(dir.resolve("sub/../content.png")), "another path");
		assertEquals("the content", inputs.find(link), "a symbolic link");
		assertEquals("the content", inputs.find(hard), "a hard link");
		assertEquals("not there yet", inputs.find(dir.resolve("later.png")));
		assertNull(inputs.find(dir.resolve("other.png")));
		assertNull(inputs.find(dangling));
		assertNull(inputs.find(copy), "a copy is another file");
	}

	@Test
	void existenceComesFromOneListingOfTheFolder() throws IOException {
		Files.writeString(dir.resolve("a.png"), "x");
		Files.createSymbolicLink(dir.resolve("dangling.png"), dir.resolve("nowhere.png"));
		FileIdentities<String> files = new FileIdentities<>();
		assertTrue(files.exists(dir.resolve("a.png")));
		assertTrue(files.exists(dir.resolve("dangling.png")), "a link is a name taken");
		assertFalse(files.exists(dir.resolve("b.png")));
		assertFalse(files.exists(dir.resolve("none/b.png")), "no folder");
		assertTrue(files.exists(Path.of("/")));
	}
}

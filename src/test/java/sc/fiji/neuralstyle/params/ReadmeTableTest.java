package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** README's parameter table is the table's: regenerate it with params.ReadmeTable when a row changes. */
class ReadmeTableTest {

	@Test
	void readmeHasTheTablesRows() throws IOException {
		String readme = Files.readString(Path.of("README.md"));
		assertEquals(ReadmeTable.update(readme), readme, "README's parameter table differs from params.Params: run "
			+ "java -cp target/classes:$(cat target/runtime-classpath.txt) sc.fiji.neuralstyle.params.ReadmeTable README.md");
		for (Param<?> p : Params.ALL) assertTrue(readme.contains("| `" + p.name() + "` |"), p.name());
	}
}

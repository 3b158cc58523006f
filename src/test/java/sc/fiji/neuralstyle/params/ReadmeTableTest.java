package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The parameters page's table is the table's: regenerate it with params.ReadmeTable when a row changes. */
class ReadmeTableTest {

	@Test
	void theParametersPageHasTheTablesRows() throws IOException {
		String page = Files.readString(Path.of(ReadmeTable.PAGE));
		assertEquals(ReadmeTable.update(page), page, ReadmeTable.PAGE + "'s parameter table differs from params.Params: run "
			+ "java -cp target/classes:$(cat target/runtime-classpath.txt) sc.fiji.neuralstyle.params.ReadmeTable "
			+ ReadmeTable.PAGE);
		for (Param<?> p : Params.ALL) assertTrue(page.contains("| `" + p.name() + "` |"), p.name());
	}
}

package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The parameters page's table is the table's: regenerate it with params.ParametersPage when a row changes. */
class ParametersPageTest {

	@Test
	void theParametersPageHasTheTablesRows() throws IOException {
		String page = Files.readString(Path.of(ParametersPage.PAGE));
		assertEquals(ParametersPage.update(page), page, ParametersPage.PAGE + "'s parameter table differs from "
			+ "params.Params: run java -cp target/classes:$(cat target/runtime-classpath.txt) "
			+ "sc.fiji.neuralstyle.params.ParametersPage " + ParametersPage.PAGE);
		for (Param<?> p : Params.ALL) assertTrue(page.contains("| `" + p.name() + "` |"), p.name());
	}
}

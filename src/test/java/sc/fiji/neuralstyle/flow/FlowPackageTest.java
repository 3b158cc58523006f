package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The engine imports this package, so it imports only BoofCV and the JDK (docs/design.md). */
class FlowPackageTest {

	@Test
	void importsOnlyBoofcvAndTheJdk() throws IOException {
		Path folder = Paths.get("src/main/java/sc/fiji/neuralstyle/flow");
		List<String> offending = new ArrayList<>();
		int files = 0;
		try (Stream<Path> sources = Files.list(folder)) {
			for (Path source : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
				files++;
				for (String line : Files.readAllLines(source)) {
					String trimmed = line.trim();
					if (!trimmed.startsWith("import ")) continue;
					String name = trimmed.substring("import ".length()).replace("static ", "");
					if (!(name.startsWith("java.") || name.startsWith("boofcv."))) {
						offending.add(source.getFileName() + ": " + trimmed);
					}
				}
			}
		}
		assertTrue(files > 5, "found the package's sources");
		assertEquals(List.of(), offending);
	}
}

package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The submenu's example macros are the files of macros/, shipped in the jar. */
class ExampleMacroTest {

	@Test
	void everyExampleOfTheMenuIsInTheJarAsInMacros() throws IOException {
		Pattern entry = Pattern.compile(Pattern.quote(ExampleMacro.class.getName()) + "\\(\"([^\"]+)\"\\)");
		List<String> inMenu = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("plugins.config"))) {
			Matcher m = entry.matcher(line);
			if (m.find()) inMenu.add(m.group(1));
		}
		List<String> files;
		try (Stream<Path> s = Files.list(Path.of("macros"))) {
			files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ijm")).sorted().toList();
		}
		assertEquals(files, inMenu.stream().sorted().toList(), "each example has its entry");
		for (String name : inMenu) {
			assertEquals(Files.readString(Path.of("macros", name)), ExampleMacro.read(name), name);
		}
		assertNull(ExampleMacro.read("Missing.ijm"));
	}
}

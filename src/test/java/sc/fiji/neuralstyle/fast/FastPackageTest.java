package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package plugs into an engine entry later, so it depends on no front and not on the pixel
 * optimisation's run: the JDK, DJL, {@code net}, {@code flow}, {@code files}, {@code text}, and of the
 * engine the loss formulas and plain types only.
 */
class FastPackageTest {

	private static final Set<String> ENGINE_CLASSES = Set.of("Losses", "LayerWeights", "FloatImage", "Resampler");

	@Test
	void importsOnlyWhatACoreMay() throws IOException {
		Path folder = Paths.get("src/main/java/sc/fiji/neuralstyle/fast");
		List<String> offending = new ArrayList<>();
		int files = 0;
		try (Stream<Path> sources = Files.list(folder)) {
			for (Path source : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
				files++;
				for (String line : Files.readAllLines(source)) {
					String trimmed = line.trim();
					if (!trimmed.startsWith("import ")) continue;
					String name = trimmed.substring("import ".length()).replace("static ", "").replace(";", "");
					if (!allowed(name)) offending.add(source.getFileName() + ": " + trimmed);
				}
			}
		}
		assertTrue(files > 10, "found the package's sources");
		assertEquals(List.of(), offending);
	}

	private static boolean allowed(String name) {
		if (name.startsWith("java.") || name.startsWith("ai.djl.")) return true;
		for (String p : List.of("net", "flow", "files", "text", "fast")) {
			if (name.startsWith("sc.fiji.neuralstyle." + p + ".")) return true;
		}
		String engine = "sc.fiji.neuralstyle.engine.";
		return name.startsWith(engine) && ENGINE_CLASSES.contains(name.substring(engine.length()).split("\\.")[0]);
	}
}

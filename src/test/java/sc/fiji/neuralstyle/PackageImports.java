package sc.fiji.neuralstyle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** For tests that hold a package to what it may import (docs/design.md's package table). */
public final class PackageImports {

	private PackageImports() {}

	/**
	 * The import lines of a package's main sources, its subpackages' included, that {@code allowed}
	 * refuses, as {@code File.java: import …;}.
	 *
	 * @param name the package below {@code sc.fiji.neuralstyle}, e.g. {@code flow}
	 * @param allowed takes an imported name without {@code static} and the semicolon
	 */
	public static List<String> refused(String name, Predicate<String> allowed) throws IOException {
		Path folder = Paths.get("src/main/java/sc/fiji/neuralstyle", name);
		List<String> refused = new ArrayList<>();
		int files = 0;
		try (Stream<Path> sources = Files.walk(folder)) {
			for (Path source : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
				files++;
				for (String line : Files.readAllLines(source)) {
					String trimmed = line.trim();
					if (!trimmed.startsWith("import ")) continue;
					String imported = trimmed.substring("import ".length()).replace("static ", "").replace(";", "");
					if (!allowed.test(imported)) refused.add(source.getFileName() + ": " + trimmed);
				}
			}
		}
		assertTrue(files > 5, "found the package's sources in " + folder);
		return refused;
	}
}

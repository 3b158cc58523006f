package sc.fiji.neuralstyle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The house as docs/design.md draws it (issue 23): no package of src/main holds more than 20 files, no
 * group of packages imports each other in a loop, and a package split in layers never imports a layer
 * above its own.
 */
class PackageLayersTest {

	private static final Path MAIN = Path.of("src/main/java/sc/fiji/neuralstyle");
	private static final Pattern REFERENCE = Pattern.compile("sc\\.fiji\\.neuralstyle\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]");

	/** A package → the packages, of layers above it, that it never imports. */
	private static final Map<String, Set<String>> BELOW = Map.of(
		"net", Set.of("net.pth", "net.weights"),
		"net.pth", Set.of("net.weights"),
		"fast", Set.of("fast.training"),
		"fiji.windows", Set.of("fiji", "fiji.run", "fiji.dialog"),
		"fiji.dialog", Set.of("fiji", "fiji.run", "fiji.windows"),
		"fiji.run", Set.of("fiji", "fiji.dialog"));

	@Test
	void noPackageHoldsMoreThanTwentyFiles() throws IOException {
		Map<String, Integer> large = new TreeMap<>();
		for (Map.Entry<String, List<Path>> p : sources().entrySet()) {
			long files = p.getValue().stream().filter(f -> !f.endsWith("package-info.java")).count();
			if (files > 20) large.put(p.getKey(), (int) files);
		}
		assertEquals(Map.of(), large);
	}

	@Test
	void noPackagesImportEachOtherInALoop() throws IOException {
		Map<String, Set<String>> imports = imports();
		List<Set<String>> loops = new ArrayList<>();
		for (String p : imports.keySet()) {
			Set<String> loop = new TreeSet<>();
			for (String q : imports.keySet()) {
				if (reaches(imports, p, q) && reaches(imports, q, p)) loop.add(q);
			}
			if (loop.size() > 1 && !loops.contains(loop)) loops.add(loop);
		}
		assertEquals(List.of(), loops);
	}

	@Test
	void noLayerImportsOneAboveIt() throws IOException {
		Map<String, Set<String>> imports = imports();
		Map<String, Set<String>> upward = new TreeMap<>();
		for (Map.Entry<String, Set<String>> rule : BELOW.entrySet()) {
			assertTrue(imports.containsKey(rule.getKey()), "a package " + rule.getKey());
			Set<String> wrong = new TreeSet<>(imports.get(rule.getKey()));
			wrong.retainAll(rule.getValue());
			if (!wrong.isEmpty()) upward.put(rule.getKey(), wrong);
		}
		assertEquals(Map.of(), upward);
	}

	/** Whether {@code from} imports {@code to}, directly or through others. */
	private static boolean reaches(Map<String, Set<String>> imports, String from, String to) {
		Set<String> seen = new TreeSet<>();
		List<String> next = new ArrayList<>(List.of(from));
		while (!next.isEmpty()) {
			String p = next.remove(next.size() - 1);
			for (String q : imports.getOrDefault(p, Set.of())) {
				if (q.equals(to)) return true;
				if (seen.add(q)) next.add(q);
			}
		}
		return false;
	}

	/** Each package (below sc.fiji.neuralstyle) → the other packages its code names. */
	private static Map<String, Set<String>> imports() throws IOException {
		Map<String, Set<String>> imports = new TreeMap<>();
		for (Map.Entry<String, List<Path>> p : sources().entrySet()) {
			Set<String> named = new TreeSet<>();
			for (Path source : p.getValue()) {
				String code = Files.readString(source).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
				Matcher m = REFERENCE.matcher(code.replaceFirst("package [\\w.]+;", ""));
				while (m.find()) named.add(m.group(1));
			}
			named.remove(p.getKey());
			imports.put(p.getKey(), named);
		}
		return imports;
	}

	/** Each package → its source files. */
	private static Map<String, List<Path>> sources() throws IOException {
		Map<String, List<Path>> packages = new TreeMap<>();
		try (Stream<Path> all = Files.walk(MAIN)) {
			for (Path f : (Iterable<Path>) all.filter(f -> f.toString().endsWith(".java"))::iterator) {
				String name = MAIN.relativize(f.getParent()).toString().replace('/', '.');
				packages.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
			}
		}
		assertTrue(packages.size() > 20, "found the packages in " + MAIN);
		return packages;
	}
}

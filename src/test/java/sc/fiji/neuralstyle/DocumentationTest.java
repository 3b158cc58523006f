package sc.fiji.neuralstyle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * README is the front door and docs/ holds the reference by topic: every link between them (pages,
 * anchors, pictures) leads somewhere, and every docs page that a message, help text, script or macro
 * names exists, so that moving a section cannot leave a pointer behind.
 */
class DocumentationTest {

	private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*$");
	private static final Pattern PAGE_NAMED = Pattern.compile("docs/(?:[a-z0-9-]+/)*[a-z0-9-]+\\.md");

	@Test
	void everyLinkOfReadmeAndTheDocsPagesLeadsToAFileAndHeading() throws IOException {
		List<String> broken = new ArrayList<>();
		int links = 0;
		for (Path page : pages()) {
			for (String target : links(Files.readString(page))) {
				links++;
				if (target.matches("[a-z]+:.*")) continue; // a web address
				int hash = target.indexOf('#');
				String file = hash < 0 ? target : target.substring(0, hash);
				Path dest = file.isEmpty() ? page : page.resolveSibling(file).normalize();
				if (!Files.exists(dest)) broken.add(page + ": " + target + " (no such file)");
				else if (hash >= 0 && !anchors(dest).contains(target.substring(hash + 1))) {
					broken.add(page + ": " + target + " (no such heading)");
				}
			}
		}
		assertTrue(links > 50, "the pages' links were found: " + links);
		assertEquals(List.of(), broken);
	}

	@Test
	void everyDocsPageThatTheProjectNamesExists() throws IOException {
		List<String> missing = new ArrayList<>();
		List<Path> sources = new ArrayList<>();
		for (String folder : List.of("src/main", "spark/src/main", "macros", "bench", "scripts")) {
			try (Stream<Path> files = Files.walk(Path.of(folder))) {
				files.filter(Files::isRegularFile).forEach(sources::add);
			}
		}
		sources.addAll(List.of(Path.of("neural-style"), Path.of("neural-style-spark"), Path.of("neural-style.pom.xml"),
			Path.of("spark/pom.xml")));
		int named = 0;
		for (Path source : sources) {
			String text;
			try {
				text = Files.readString(source);
			}
			catch (java.nio.charset.MalformedInputException binary) {
				continue;
			}
			Matcher m = PAGE_NAMED.matcher(text);
			while (m.find()) {
				named++;
				if (!Files.exists(Path.of(m.group()))) missing.add(source + " names " + m.group());
			}
		}
		assertTrue(named > 10, "the pages named were found: " + named);
		assertEquals(List.of(), missing);
	}

	/** README and every page of docs/, its folders' (design/) included. */
	private static List<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
		try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
			docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	/** The targets of a page's links and pictures, outside code blocks and code spans. */
	private static List<String> links(String markdown) {
		List<String> targets = new ArrayList<>();
		boolean fenced = false;
		for (String line : markdown.split("\n")) {
			if (line.startsWith("```")) fenced = !fenced;
			if (fenced || line.startsWith("    ")) continue;
			Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
			while (m.find()) targets.add(m.group(1));
		}
		return targets;
	}

	/** The anchors of a page's headings, as GitHub makes them (a repeated heading gets -1, -2, …). */
	private static Set<String> anchors(Path page) throws IOException {
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		boolean fenced = false;
		for (String line : Files.readAllLines(page)) {
			if (line.startsWith("```")) fenced = !fenced;
			Matcher m = HEADING.matcher(line);
			if (fenced || !m.matches()) continue;
			StringBuilder slug = new StringBuilder();
			m.group(1).toLowerCase(java.util.Locale.ROOT).codePoints().forEach(c -> {
				if (c == ' ') slug.append('-');
				else if (c == '-' || c == '_' || Character.isLetterOrDigit(c)) slug.appendCodePoint(c);
			});
			int n = seen.merge(slug.toString(), 1, Integer::sum) - 1;
			anchors.add(n == 0 ? slug.toString() : slug + "-" + n);
		}
		return anchors;
	}
}

package sc.fiji.neuralstyle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The jars of the Fiji.app layout against the jars Fiji has. Fiji ships the versions of pom-scijava
 * (its bill of materials), so: the plugin runs on Fiji's own copy of every jar pom-scijava manages,
 * in Fiji's version; {@code Fiji.app/jars} ships only jars Fiji lacks (a jar Fiji has, in another
 * version, would sit beside Fiji's: two gson and two jna jars, as the layout shipped before); and a
 * plain ImageJ1 gets, in {@code imagej1-extra-jars}, what Fiji has and it lacks. The run-time class
 * path is Maven's ({@code target/runtime-classpath.txt}); Fiji's versions are read from the
 * pom-scijava this build inherits, in the local repository.
 */
class FijiLayoutTest {

	/** The command line's jars: never in Fiji.app. */
	private static final Set<String> COMMAND_LINE = Set.of("picocli", "progressbar", "jline-terminal", "jline-native",
		"slf4j-simple");
	/** Never shipped: Fiji's own ImageJ1, and the CPU build of libtorch (which would pin Fiji to the CPU). */
	private static final Set<String> NEVER = Set.of("ij", "pytorch-native-cpu");

	private record Artifact(String group, String id, String version) {

		String key() {
			return group + ":" + id;
		}
	}

	private static List<Artifact> runtime;
	private static Map<String, String> fiji;
	private static Document pom;

	@BeforeAll
	static void read() throws Exception {
		Path repository = Path.of(System.getProperty("neuralstyle.localRepository", System.getProperty("user.home")
			+ "/.m2/repository"));
		runtime = new ArrayList<>();
		for (String jar : Files.readString(Path.of("target", "runtime-classpath.txt")).strip().split(File.pathSeparator)) {
			// <repository>/<group as folders>/<artifact>/<version>/<artifact>-<version>[-classifier].jar
			Path relative = repository.relativize(Path.of(jar));
			int n = relative.getNameCount();
			String group = relative.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
			runtime.add(new Artifact(group, relative.getName(n - 3).toString(), relative.getName(n - 2).toString()));
		}
		fiji = managedVersions(Path.of(System.getProperty("neuralstyle.scijavaPom")));
		pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("neural-style.pom.xml").toFile());
	}

	/** group:artifact → version of pom-scijava's dependency management, properties resolved. */
	private static Map<String, String> managedVersions(Path scijavaPom) throws Exception {
		Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(scijavaPom.toFile());
		Map<String, String> properties = new HashMap<>();
		// The project's own properties (developers and contributors have elements of that name too).
		NodeList props = child(d.getDocumentElement(), "properties").getChildNodes();
		for (int i = 0; i < props.getLength(); i++) {
			if (props.item(i) instanceof Element e) properties.put(e.getTagName(), e.getTextContent().strip());
		}
		Map<String, String> versions = new HashMap<>();
		Element management = child(d.getDocumentElement(), "dependencyManagement");
		NodeList deps = management.getElementsByTagName("dependency");
		for (int i = 0; i < deps.getLength(); i++) {
			Element dep = (Element) deps.item(i);
			String version = resolve(text(dep, "version"), properties);
			if (version != null) versions.put(text(dep, "groupId") + ":" + text(dep, "artifactId"), version);
		}
		return versions;
	}

	private static Element child(Element e, String name) {
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element c && c.getTagName().equals(name)) return c;
		}
		return null;
	}

	private static String text(Element e, String name) {
		Element c = child(e, name);
		return c == null ? null : c.getTextContent().strip();
	}

	private static String resolve(String value, Map<String, String> properties) {
		Pattern p = Pattern.compile("\\$\\{([^}]+)}");
		for (int depth = 0; value != null && value.contains("${") && depth < 10; depth++) {
			Matcher m = p.matcher(value);
			StringBuilder b = new StringBuilder();
			while (m.find()) {
				String v = properties.get(m.group(1));
				if (v == null) return null;
				m.appendReplacement(b, Matcher.quoteReplacement(v));
			}
			m.appendTail(b);
			value = b.toString();
		}
		return value;
	}

	/** The artifact ids an execution of the dependency plugin copies. */
	private static Set<String> copiedBy(String execution) {
		NodeList ids = pom.getElementsByTagName("id");
		for (int i = 0; i < ids.getLength(); i++) {
			if (ids.item(i).getTextContent().strip().equals(execution)) {
				Element configuration = (Element) ((Element) ids.item(i).getParentNode()).getElementsByTagName("configuration")
					.item(0);
				return new TreeSet<>(List.of(text(configuration, "includeArtifactIds").split(",")));
			}
		}
		throw new IllegalStateException("no execution " + execution + " in neural-style.pom.xml");
	}

	private static boolean fijiHas(Artifact a) {
		return fiji.containsKey(a.key());
	}

	@Test
	void theJarsFijiHasAreUsedInFijisVersions() {
		assertTrue(fiji.containsKey("com.google.code.gson:gson"), "pom-scijava was read: " + fiji.size() + " versions");
		List<String> other = new ArrayList<>();
		for (Artifact a : runtime) {
			if (fijiHas(a) && !COMMAND_LINE.contains(a.id()) && !NEVER.contains(a.id()) && !fiji.get(a.key()).equals(a.version())) {
				other.add(a.id() + " " + a.version() + " (Fiji: " + fiji.get(a.key()) + ")");
			}
		}
		assertEquals(List.of(), other, "versions other than Fiji's would be a second jar beside Fiji's");
	}

	@Test
	void fijiAppShipsWhatFijiLacksAndNothingElse() {
		Set<String> shipped = copiedBy("fiji-app-jars");
		Set<String> lacking = new TreeSet<>();
		for (Artifact a : runtime) {
			if (!fijiHas(a) && !COMMAND_LINE.contains(a.id()) && !NEVER.contains(a.id())) lacking.add(a.id());
		}
		assertEquals(lacking, shipped);
		for (Artifact a : runtime) assertFalse(shipped.contains(a.id()) && fijiHas(a), a + " is in Fiji already");
	}

	@Test
	void plainImageJGetsWhatFijiHasBesidesImageJ() {
		Set<String> extra = new TreeSet<>();
		for (Artifact a : runtime) {
			if (fijiHas(a) && !COMMAND_LINE.contains(a.id()) && !NEVER.contains(a.id())) extra.add(a.id());
		}
		assertEquals(extra, copiedBy("imagej1-extra-jars"));
	}

	/** Keeps the test honest: the class path file is Maven's, with the jars the plugin cannot run without. */
	@Test
	void theClassPathIsTheBuilds() throws IOException {
		Set<String> ids = new TreeSet<>();
		for (Artifact a : runtime) ids.add(a.id());
		assertTrue(ids.containsAll(Set.of("api", "pytorch-engine", "gson", "jna", "ij")), ids.toString());
	}
}

package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class RequirementsTest {

	@Test
	void imageJVersionsAreOrderedByNumberLetterAndDailyBuild() {
		assertEquals(0, Requirements.compareImageJ("1.54f", "1.54f"));
		assertEquals(1, Requirements.compareImageJ("1.54p", "1.54f"));
		assertEquals(-1, Requirements.compareImageJ("1.54e", "1.54f"));
		assertEquals(-1, Requirements.compareImageJ("1.53t", "1.54f"));
		assertEquals(1, Requirements.compareImageJ("1.54f12", "1.54f"), "a daily build after its release");
		assertEquals(-1, Requirements.compareImageJ("1.54", "1.54f"), "no letter comes before a");
		assertEquals(1, Requirements.compareImageJ("1.100a", "1.54f"), "numbers, not text");
		assertNull(Requirements.compareImageJ("2.0.0-rc", "1.54f"));
	}

	@Test
	void anImageJOlderThanTheMinimumFails() {
		Check old = Requirements.imageJ("1.53t");
		assertEquals(Check.Status.FAILED, old.status());
		assertEquals("failed   ImageJ: 1.53t is older than 1.54f, which Neural Style and its macros need; update ImageJ with "
			+ "Help > Update ImageJ (in Fiji: Help > Update...) and restart it", old.line());
		assertEquals(Check.Status.OK, Requirements.imageJ("1.54f").status());
		assertEquals("ok       ImageJ: 1.54p (at least 1.54f)", Requirements.imageJ("1.54p").line());
		assertEquals(Check.Status.WARNING, Requirements.imageJ("unknown").status());
	}

	@Test
	void anOlderJavaFails() {
		Check old = Requirements.java(Runtime.Version.parse("11.0.2"), "Vendor", "/jvm");
		assertEquals(Check.Status.FAILED, old.status());
		assertTrue(old.detail().startsWith("Java 11.0.2 (Vendor) from /jvm is older than Java 17"), old.detail());
		assertEquals(Check.Status.OK, Requirements.java(Runtime.version(), "Vendor", "/jvm").status());
	}

	/** One minimum: the example macros require the version the check holds ImageJ to. */
	@Test
	void theMacrosRequireTheMinimumVersion() throws IOException {
		Pattern requires = Pattern.compile("if \\(getVersion\\(\\) < \"([^\"]+)\"\\) stop\\(");
		List<Path> macros;
		try (Stream<Path> files = Files.list(Path.of("macros"))) {
			macros = files.filter(p -> p.toString().endsWith(".ijm")).sorted().toList();
		}
		assertEquals(5, macros.size(), macros.toString());
		for (Path macro : macros) {
			Matcher m = requires.matcher(Files.readString(macro));
			assertTrue(m.find(), macro + " says which ImageJ it needs");
			assertEquals(Requirements.IMAGEJ, m.group(1), macro.toString());
		}
	}
}

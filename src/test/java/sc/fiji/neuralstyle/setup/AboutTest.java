package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.net.ModelDescriptor;

class AboutTest {

	@Test
	void namesThePapersTheLicenceAndEachNetworksSourceWithItsTerms() {
		String text = About.text("the command line");
		for (String part : new String[] { "arXiv:1508.06576", "CVPR 2016", "BSD 2-Clause", "Deep Java Library 0.36.0",
			"PyTorch 2.7.1", "Java " + Runtime.version() }) {
			assertTrue(text.contains(part), part + " in:\n" + text);
		}
		for (String name : ModelDescriptor.available()) {
			ModelDescriptor d = ModelDescriptor.load(name);
			assertTrue(text.contains(d.name() + ": " + d.url()), d.name() + " in:\n" + text);
		}
		assertTrue(text.contains("Creative Commons Attribution"), text);
		assertTrue(text.contains("torchvision's pretrained weights"), text);
		assertFalse(text.contains("for the terms of these weights"), "every source's terms are known:\n" + text);
		assertTrue(text.contains(About.PAGE), text);
	}

	/** The page the Help buttons open is the project's, as the pom names it. */
	@Test
	void thePageIsThePomsUrl() throws IOException {
		String pom = Files.readString(Path.of("neural-style.pom.xml"));
		assertTrue(pom.contains("<url>" + About.PAGE + "</url>"), "neural-style.pom.xml's <url> is not " + About.PAGE);
	}
}

package sc.fiji.neuralstyle.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A plain ImageJ with one of the plugin's jars missing (imglib2): a macro's run("Neural Style", ...)
 * used to end with no result and no word (ImageJ swallows the NoClassDefFoundError of a plugin whose
 * class name has no underscore). Now the macro stops with a message naming the jar.
 */
@Tag("slow")
class MissingJarTest {

	@Test
	void aMacroStopsWithTheNameOfTheMissingJar() throws Exception {
		ImageJInstall install = ImageJInstall.get().without("imglib2");
		Path work = Files.createDirectories(install.root.resolve("work"));
		Path samples = install.project.resolve("samples");
		Path macro = Files.writeString(work.resolve("missing-jar.ijm"), "run(\"Neural Style\", \"content=["
			+ samples.resolve("coffee.png") + "] style=[" + samples.resolve("starry_night.jpg") + "] network=alexnet weights=["
			+ install.project.resolve("src/test/resources/fixtures/models/alexnet-seeded-f16.pth")
			+ "] size=48 iterations=1\");\nprint(\"after the error\");\n");
		List<String> cmd = install.java(install.newHome("missing-jar"));
		cmd.addAll(List.of("ij.ImageJ", "-ijpath", install.root.toString(), "-batch", macro.toString()));
		// Plain ImageJ's batch mode shows a macro error in a dialog and waits: the run is ended after it.
		ImageJInstall.Output output = install.runUntil(cmd, work, "a library is missing: imglib2 (class net.imglib2.", 5, 300);
		assertFalse(output.stdout().contains("after the error"), "the macro stops: " + output.all());
	}
}

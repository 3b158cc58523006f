package sc.fiji.neuralstyle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The plugin in a plain ImageJ1 started from the command line in batch mode ({@code java -cp ij.jar
 * ij.ImageJ -batch macro.ijm args}), installed as a user installs it (see {@link ImageJInstall}): one
 * JVM runs {@code src/test/resources/imagej/macro-test.ijm}, which calls {@code run("Neural Style",
 * ...)} on RGB, gray and multi-channel stack content and then the three example macros of
 * {@code macros/}; this test reads what it printed and the files it wrote. Tiny runs with the seeded
 * AlexNet test weights.
 */
@Tag("slow")
class MacroTest {

	private static ImageJInstall.Output output;
	private static Map<String, String> checks;
	private static Path out;

	@BeforeAll
	static void runMacros() throws Exception {
		if (!ImageJInstall.hasDisplay()) return; // each test is then skipped, see display()
		ImageJInstall install = ImageJInstall.get();
		Path project = install.project;
		out = install.root.resolve("macro-test-out");
		ImageJInstall.deleteTree(out);
		Files.createDirectories(out);
		Path macro = project.resolve("src/test/resources/imagej/macro-test.ijm");
		String args = "samples=[" + project.resolve("samples") + "/] weights=["
			+ project.resolve("src/test/resources/fixtures/models/alexnet-seeded-f16.pth") + "] macros=["
			+ project.resolve("macros") + "/] out=[" + out + "/]";
		List<String> cmd = install.java(install.newHome("macro-test"));
		cmd.addAll(List.of("ij.ImageJ", "-ijpath", install.root.toString(), "-batch", macro.toString(), args));
		output = install.run(cmd, out, 300);
		checks = new LinkedHashMap<>();
		for (String line : output.stdout().split("\\R")) {
			if (!line.startsWith("CHECK ")) continue;
			int eq = line.indexOf('=');
			checks.put(line.substring(6, eq), line.substring(eq + 1));
		}
	}

	/** Without an X server every test is reported as skipped, with the reason. */
	@BeforeEach
	void display() {
		ImageJInstall.assumeDisplay();
	}

	private static String check(String name) {
		assertTrue(checks.containsKey(name), "the macro printed no CHECK " + name + ": " + output.all());
		return checks.get(name);
	}

	@Test
	void rgbRunGivesTheResultAsActiveImageWithItsParametersInInfo() {
		assertEquals("coffee styled as starry_night", check("rgb.title"));
		assertEquals("48x32", check("rgb.size"), "size=48 is the longest side of the 600x400 content");
		assertEquals("24", check("rgb.bitDepth"));
		assertEquals("2", check("rgb.newImages"), "the result and its loss plot");
		String info = check("rgb.info");
		assertTrue(info.contains("run(\"Neural Style\", \"content=coffee.png style=starry_night.jpg ")
			&& info.contains(" network=alexnet "),
			"Info holds the macro line that repeats the run: " + info);
		assertTrue(info.contains(" iterations=3 ") && info.contains(" size=48 "), info);
	}

	@Test
	void lossLogHasOneRowPerEvaluation() throws IOException {
		List<String> lines = Files.readAllLines(out.resolve("losses.csv"));
		assertEquals("iteration,total,content,style,tv,elapsed_ms,scale", lines.get(0));
		assertTrue(lines.size() >= 3, "start image plus iterations: " + lines);
	}

	@Test
	void grayContentStaysGray() {
		assertEquals("8", check("gray.bitDepth"));
		assertEquals("40x48", check("gray.size"), "cell.png is 550x660");
	}

	@Test
	void oneChannelOfEverySliceOfAStack() {
		assertEquals("16", check("stack.bitDepth"));
		assertEquals("48x36x2", check("stack.size"), "two slices of channel 2, 40x30 scaled to 48");
	}

	@Test
	void contentAndStyleMayBeFilesAsInFijisHeadlessRun() throws IOException {
		assertEquals("coffee styled as starry_night", check("files.title"));
		assertEquals("2", check("files.images"), "the result and its loss plot, not the files' images");
		assertImage(out.resolve("from-files.png"), 48, 32);
	}

	@Test
	void styleCurrentImageExampleWritesItsOutput() throws IOException {
		assertEquals("coffee styled as starry_night", check("current.active"));
		assertImage(out.resolve("current.png"), 48, 32);
	}

	@Test
	void folderExampleStylesEveryImageAndClosesWhatItOpened() throws IOException {
		assertEquals("0", check("folder.imagesLeftOpen"));
		assertImage(out.resolve("styled/coffee_styled.png"), 48, 32);
		// cell.png is 8-bit gray: written as TIFF to keep its type.
		assertTrue(Files.isRegularFile(out.resolve("styled/cell_styled.tif")), ImageJInstall.list(out.resolve("styled")).toString());
		assertTrue(Files.isRegularFile(out.resolve("styled/coffee_losses.csv")));
		assertTrue(Files.isRegularFile(out.resolve("styled/cell_losses.csv")));
	}

	@Test
	void studyExampleMakesTheMontageAndLossPlots() throws IOException {
		assertEquals("0", check("study.imagesLeftOpen"));
		Path study = out.resolve("study");
		// Six 48x32 panels, two columns, three rows.
		assertImage(study.resolve("comparisons_montage.png"), 96, 96);
		for (String plot : List.of("plot_network", "plot_optimizer", "plot_ratio_total", "plot_ratio_style")) {
			BufferedImage image = ImageIO.read(study.resolve(plot + ".png").toFile());
			assertTrue(image != null && image.getWidth() > 200, plot + ": " + ImageJInstall.list(study));
		}
		assertEquals("reached", check("end"), output.all());
	}

	private static void assertImage(Path file, int width, int height) throws IOException {
		assertTrue(Files.isRegularFile(file), "no " + file + ": " + output.all());
		BufferedImage image = ImageIO.read(file.toFile());
		assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), file.toString());
	}
}

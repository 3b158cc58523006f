package sc.fiji.neuralstyle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each example macro of {@code macros/} as the first thing a fresh plain ImageJ does, from the command
 * line: {@code java -cp ij.jar ij.ImageJ -ijpath DIR -batch Example.ijm "args"}. {@link MacroTest} runs
 * them from a macro that has already run Neural Style, which hid that in a fresh batch-mode ImageJ
 * the macros' {@code call("sc.fiji.neuralstyle...")} could not find the plugin's classes (ImageJ had
 * not scanned its plugins yet) and stopped at a dialog nobody closes. A hang fails here: the JVM is
 * ended when it prints nothing for a while.
 * <p>
 * These run ImageJ 1.54f, the oldest version the macros accept (docs/fiji.md, Which ImageJ), so
 * that the minimum the documentation names is the one tested; MacroTest runs the macros in 1.54p. An older ImageJ must
 * end with a message and a non-zero exit code, as must a refused argument, so that a script that
 * runs a macro in ImageJ's batch mode sees the failure.
 */
@Tag("slow")
class FreshImageJTest {

	private static final String MINIMUM = "1.54f";
	private static final String TOO_OLD = "1.54e";
	/** Seconds without output after which ImageJ is taken to wait at a dialog; generous for a loaded machine. */
	private static final long SILENCE_LIMIT = 300;

	@BeforeEach
	void display() {
		ImageJInstall.assumeDisplay();
	}

	private static Path project() throws IOException {
		return ImageJInstall.get().project;
	}

	private static String sample(String name) throws IOException {
		return project().resolve("samples").resolve(name).toString();
	}

	private static String tiny() throws IOException {
		return " network=alexnet weights=[" + project().resolve("src/test/resources/fixtures/models/alexnet-seeded-f16.pth")
			+ "] size=48 iterations=2";
	}

	/** Runs an example macro in a fresh ImageJ of {@code version} in batch mode, in a folder of its own. */
	private static ImageJInstall.Output runExample(String version, String macro, String args, Path work)
		throws IOException, InterruptedException
	{
		ImageJInstall install = ImageJInstall.get().withImageJ(version);
		List<String> cmd = new ArrayList<>(install.java(install.newHome("fresh-" + work.getFileName())));
		cmd.addAll(List.of("ij.ImageJ", "-ijpath", install.root.toString(), "-batch",
			install.project.resolve("macros").resolve(macro).toString(), args));
		return install.run(cmd, work, SILENCE_LIMIT);
	}

	private static Path work(String name) throws IOException {
		Path work = ImageJInstall.get().root.resolveSibling("fresh-imagej").resolve(name);
		ImageJInstall.deleteTree(work);
		return Files.createDirectories(work);
	}

	@Test
	void styleCurrentImageStylesAFile() throws Exception {
		Path work = work("current");
		Path output = work.resolve("coffee_styled.png");
		ImageJInstall.Output out = runExample(MINIMUM, "Style_Current_Image.ijm", "content=[" + sample("coffee.png")
			+ "] style=[" + sample("starry_night.jpg") + "]" + tiny() + " output=[" + output + "]", work);
		assertEquals(0, out.exitCode(), out.all());
		assertTrue(out.stdout().contains("'coffee.png' styled as 'starry_night.jpg'"), out.all());
		assertImage(output, 48, 32, out);
	}

	/** The output folder is made, with the folders above it, as the Spark application does. */
	@Test
	void styleFolderMakesItsOutputFolder() throws Exception {
		Path work = work("folder");
		Path input = Files.createDirectories(work.resolve("in"));
		Files.copy(Path.of(sample("coffee.png")), input.resolve("coffee.png"));
		Path output = work.resolve("not/yet");
		ImageJInstall.Output out = runExample(MINIMUM, "Style_Folder.ijm", "input=[" + input + "/] style=["
			+ sample("starry_night.jpg") + "] output=[" + output + "]" + tiny(), work);
		assertEquals(0, out.exitCode(), out.all());
		assertImage(output.resolve("coffee_styled.png"), 48, 32, out);
		assertTrue(Files.isRegularFile(output.resolve("coffee_losses.csv")), ImageJInstall.list(output).toString());
		assertTrue(out.stdout().contains("styled 1 image(s)"), out.all());
	}

	@Test
	void studyComparisonsMakesItsMontages() throws Exception {
		Path work = work("study");
		Path output = work.resolve("study");
		ImageJInstall.Output out = runExample(MINIMUM, "Study_Comparisons.ijm", "content=[" + sample("coffee.png")
			+ "] style=[" + sample("starry_night.jpg") + "] output=[" + output + "/] size=48 iterations=2"
			+ " networks=alexnet colors=none alexnet_weights=["
			+ project().resolve("src/test/resources/fixtures/models/alexnet-seeded-f16.pth") + "]", work);
		assertEquals(0, out.exitCode(), out.all());
		// One network and one colour mode: one panel each (a one-panel montage once stopped the macro at a
		// dialog); two optimisers, two ratios.
		assertImage(output.resolve("montage_network.png"), 48, 32, out);
		assertImage(output.resolve("montage_colors.png"), 48, 32, out);
		assertImage(output.resolve("montage_optimizer.png"), 2 * 48, 32, out);
		assertImage(output.resolve("montage_ratio.png"), 2 * 48, 32, out);
		assertTrue(Files.isRegularFile(output.resolve("plot_network.png")), ImageJInstall.list(output).toString());
	}

	/**
	 * A time-lapse styled with and without coherence; the output folder is made. The files' contents
	 * are {@link MacroTest}'s to check.
	 */
	@Test
	void styleTimeLapseWritesBothRunsAndTheSideBySide() throws Exception {
		Path work = work("time-lapse");
		Path clip = TinyTimeLapse.write(work.resolve("clip.tif"));
		Path output = work.resolve("not/yet");
		ImageJInstall.Output out = runExample(MINIMUM, "Style_Time_Lapse.ijm", "content=[" + clip + "] style=["
			+ sample("starry_night.jpg") + "] output=[" + output + "]" + tiny(), work);
		assertEquals(0, out.exitCode(), out.all());
		assertEquals(List.of("clip_side_by_side.tif", "clip_with.tif", "clip_with_losses.csv", "clip_without.tif",
			"clip_without_losses.csv"), ImageJInstall.list(output));
		for (String file : ImageJInstall.list(output)) {
			assertTrue(out.stdout().contains("Neural Style: " + output.resolve(file)), "one line for " + file + ": "
				+ out.all());
		}
	}

	/** With temporal_weight=0 both runs would be the same: the macro refuses before any work. */
	@Test
	void styleTimeLapseRefusesTemporalWeight0() throws Exception {
		Path work = work("time-lapse-0");
		Path clip = TinyTimeLapse.write(work.resolve("clip.tif"));
		Path output = work.resolve("out");
		ImageJInstall.Output out = runExample(MINIMUM, "Style_Time_Lapse.ijm", "content=[" + clip + "] style=["
			+ sample("starry_night.jpg") + "] output=[" + output + "] temporal_weight=0" + tiny(), work);
		assertEquals(1, out.exitCode(), out.all());
		assertTrue(out.stdout().contains("temporal_weight: 0 is the run without coherence, so there would be nothing to"
			+ " compare; leave temporal_weight out (its default) or give a weight above 0."), out.all());
		assertFalse(Files.exists(output), "nothing done: " + ImageJInstall.list(work));
	}

	/** Before, each printed ImageJ's "requires 1.54f" and ended with exit code 0. */
	@ParameterizedTest
	@ValueSource(strings = { "Style_Current_Image.ijm", "Style_Folder.ijm", "Study_Comparisons.ijm",
		"Style_Time_Lapse.ijm" })
	void anOlderImageJEndsWithAMessageAndExitCode1(String macro) throws Exception {
		Path work = work("old-" + macro.replace(".ijm", ""));
		// What each needs to go on if it did not stop: the time-lapse example a stack.
		String content = macro.equals("Style_Time_Lapse.ijm") ? TinyTimeLapse.write(work.resolve("clip.tif")).toString()
			: sample("coffee.png");
		ImageJInstall.Output out = runExample(TOO_OLD, macro, "content=[" + content + "] style=["
			+ sample("starry_night.jpg") + "] input=[" + work + "] output=[" + work.resolve("out") + "]", work);
		assertEquals(1, out.exitCode(), out.all());
		assertTrue(out.stdout().contains("Neural Style's macros need ImageJ 1.54f or newer, this is 1.54e; update ImageJ"),
			out.all());
		assertFalse(Files.exists(work.resolve("out")), "nothing done: " + ImageJInstall.list(work));
	}

	/** A refusal of the macro itself ends the batch run with exit code 1 too, not 0. */
	@Test
	void aMissingStyleFileEndsWithExitCode1() throws Exception {
		Path work = work("no-style");
		ImageJInstall.Output out = runExample(MINIMUM, "Style_Folder.ijm", "input=[" + work + "] style=["
			+ work.resolve("nothing.jpg") + "] output=[" + work + "]", work);
		assertEquals(1, out.exitCode(), out.all());
		assertTrue(out.stdout().contains("No style image file: '" + work.resolve("nothing.jpg") + "'"), out.all());
	}

	private static void assertImage(Path file, int width, int height, ImageJInstall.Output out) throws IOException {
		assertTrue(Files.isRegularFile(file), "no " + file + ": " + out.all());
		BufferedImage image = ImageIO.read(file.toFile());
		assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), file.toString());
	}
}

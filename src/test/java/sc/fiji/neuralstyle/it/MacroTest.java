package sc.fiji.neuralstyle.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

/**
 * The plugin in a plain ImageJ1 started from the command line in batch mode ({@code java -cp ij.jar
 * ij.ImageJ -batch macro.ijm args}), installed as a user installs it (see {@link ImageJInstall}): one
 * JVM runs {@code src/test/resources/imagej/macro-test.ijm}, which calls {@code run("Neural Style",
 * ...)} on RGB, gray and multi-channel stack content and then the four example macros of
 * {@code macros/}; this test reads what it printed and the files it wrote. Tiny runs with the seeded
 * AlexNet test weights (and, for the study's light networks, seeded SqueezeNet and GoogLeNet weights
 * written by {@link SeededPthFile}).
 */
@Tag("slow")
class MacroTest {

	/** The study macro's Log line for each plot: "  plot_x: iteration 0 to 2, total loss 1.2E1 to 2.3E3". */
	private static final Pattern PLOT_LIMITS = Pattern.compile(
		"\\s+(plot_\\w+): iteration (\\S+) to (\\S+), .* (\\S+) to (\\S+)");

	private static ImageJInstall.Output output;
	private static Map<String, String> checks;
	/** Plot file name → xMin, xMax, yMin, yMax as the study macro reported them. */
	private static Map<String, double[]> plotLimits;
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
		// The study compares the light networks too: their seeded weights as files for ImageJ's JVM.
		Path squeezenet = SeededPthFile.write("squeezenet1_1", out.resolve("squeezenet1_1-seeded.pth"));
		Path googlenet = SeededPthFile.write("googlenet", out.resolve("googlenet-seeded.pth"));
		Path timeLapse = TinyTimeLapse.write(out.resolve("time-lapse.tif"));
		String args = "samples=[" + project.resolve("samples") + "/] weights=["
			+ project.resolve("src/test/resources/fixtures/models/alexnet-seeded-f16.pth") + "] macros=["
			+ project.resolve("macros") + "/] out=[" + out + "/] squeezenet=[" + squeezenet + "] googlenet=["
			+ googlenet + "] timelapse=[" + timeLapse + "]";
		List<String> cmd = install.java(install.newHome("macro-test"));
		cmd.addAll(List.of("ij.ImageJ", "-ijpath", install.root.toString(), "-batch", macro.toString(), args));
		output = install.run(cmd, out, 300);
		checks = new LinkedHashMap<>();
		plotLimits = new LinkedHashMap<>();
		for (String line : output.stdout().split("\\R")) {
			Matcher plot = PLOT_LIMITS.matcher(line);
			if (plot.matches()) {
				plotLimits.put(plot.group(1), new double[] { Double.parseDouble(plot.group(2)),
					Double.parseDouble(plot.group(3)), Double.parseDouble(plot.group(4)), Double.parseDouble(plot.group(5)) });
			}
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

	/**
	 * The time-lapse example styles the 3-frame stack with and without coherence: both results keep the
	 * frames, the side by side is the two next to each other (without | with), only the run with
	 * coherence has the temporal term in its loss log, and coherence changed the frames after the first.
	 */
	@Test
	void timeLapseExampleStylesWithAndWithoutCoherenceSideBySide() throws IOException {
		assertEquals("0", check("timelapse.imagesLeftOpen"));
		Path folder = out.resolve("timelapse");
		ImagePlus with = openStack(folder.resolve("time-lapse_with.tif"), 48, 48, 3);
		ImagePlus without = openStack(folder.resolve("time-lapse_without.tif"), 48, 48, 3);
		ImagePlus sideBySide = openStack(folder.resolve("time-lapse_side_by_side.tif"), 2 * 48, 48, 3);
		assertEquals(3, with.getNFrames(), "a time-lapse stays frames (T)");
		assertEquals(3, sideBySide.getNFrames(), "side by side too");
		for (int plane = 1; plane <= 3; plane++) {
			ImageProcessor both = sideBySide.getStack().getProcessor(plane);
			both.setRoi(0, 0, 48, 48);
			assertArrayEquals((int[]) without.getStack().getPixels(plane), (int[]) both.crop().getPixels(),
				"left: without coherence, plane " + plane);
			both.setRoi(48, 0, 48, 48);
			assertArrayEquals((int[]) with.getStack().getPixels(plane), (int[]) both.crop().getPixels(),
				"right: with coherence, plane " + plane);
		}
		assertFalse(Arrays.equals((int[]) with.getStack().getPixels(3), (int[]) without.getStack().getPixels(3)),
			"the run with coherence styled the later frames differently");
		List<String> withLog = Files.readAllLines(folder.resolve("time-lapse_with_losses.csv"));
		List<String> withoutLog = Files.readAllLines(folder.resolve("time-lapse_without_losses.csv"));
		assertTrue(List.of(withLog.get(0).split(",")).contains("temporal"), withLog.get(0));
		assertFalse(List.of(withoutLog.get(0).split(",")).contains("temporal"), withoutLog.get(0));
		for (String file : List.of("time-lapse_with.tif", "time-lapse_without.tif", "time-lapse_with_losses.csv",
			"time-lapse_without_losses.csv", "time-lapse_side_by_side.tif")) {
			assertTrue(output.stdout().contains("Neural Style: " + folder.resolve(file)), "one line for " + file + ": "
				+ output.all());
		}
		assertEquals(List.of("time-lapse_side_by_side.tif", "time-lapse_with.tif", "time-lapse_with_losses.csv",
			"time-lapse_without.tif", "time-lapse_without_losses.csv"), ImageJInstall.list(folder),
			"nothing else, no temporary file left");
	}

	private static ImagePlus openStack(Path file, int width, int height, int planes) {
		assertTrue(Files.isRegularFile(file), "no " + file + ": " + output.all());
		ImagePlus imp = IJ.openImage(file.toString());
		assertEquals(width + "x" + height + "x" + planes, imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize(),
			file.toString());
		return imp;
	}

	@Test
	void studyExampleMakesAMontagePerComparison() throws IOException {
		assertEquals("0", check("study.imagesLeftOpen"));
		Path study = out.resolve("study");
		// One row of 48x32 panels each: three networks, two optimisers, two ratios, three colour modes.
		assertImage(study.resolve("montage_network.png"), 3 * 48, 32);
		assertImage(study.resolve("montage_optimizer.png"), 2 * 48, 32);
		assertImage(study.resolve("montage_ratio.png"), 2 * 48, 32);
		assertImage(study.resolve("montage_colors.png"), 3 * 48, 32);
		// The light networks ran with their own weights, and histogram matching changed the style
		// image (luminance only recolours the result afterwards: its losses are the reference's).
		double reference = firstTotal("network_alexnet");
		assertNotEquals(reference, firstTotal("network_squeezenet1_1"));
		assertNotEquals(reference, firstTotal("network_googlenet"));
		assertEquals(reference, firstTotal("colors_luminance"));
		assertNotEquals(reference, firstTotal("colors_histogram"));
		assertEquals("reached", check("end"), output.all());
	}

	/**
	 * Every loss plot shows every run it names: its range (as the macro reports it) holds all of each
	 * run's values, and the PNG has each run's colour along the curves, away from the legend. Before
	 * the limits were fitted to all runs, 1e-5's total (100 times 1e-3's) lay outside the plot.
	 */
	@ParameterizedTest
	@CsvSource({ "plot_network, total, true, network_alexnet network_squeezenet1_1 network_googlenet",
		"plot_optimizer, total, false, network_alexnet sgd", "plot_ratio_total, total, false, network_alexnet ratio",
		"plot_ratio_style, style, false, network_alexnet ratio",
		"plot_colors, total, false, network_alexnet colors_luminance colors_histogram" })
	void studyPlotsShowEveryRun(String plot, String column, boolean relative, String runs) throws IOException {
		assertTrue(plotLimits.containsKey(plot), "no limits reported for " + plot + ": " + output.all());
		double[] limits = plotLimits.get(plot);
		Path study = out.resolve("study");
		for (String run : runs.split(" ")) {
			List<double[]> rows = lossLog(study.resolve("study_" + run + ".csv"), column);
			double start = rows.get(0)[1];
			for (double[] row : rows) {
				double y = relative ? row[1] / start : row[1];
				String where = plot + " " + Arrays.toString(limits) + ": " + run + " at iteration " + row[0] + " is " + y;
				assertTrue(row[0] >= limits[0] && row[0] <= limits[1], where);
				assertTrue(y >= limits[2] && y <= limits[3], where);
			}
		}
		BufferedImage image = ImageIO.read(study.resolve(plot + ".png").toFile());
		assertTrue(image != null && image.getWidth() > 200, plot + ": " + ImageJInstall.list(study));
		// The curves' colours, in the order the macro draws them; the legend is at the top right.
		int[] colours = { 0x0000ff, 0xff0000, 0x008000 };
		int runCount = runs.split(" ").length;
		for (int i = 0; i < runCount; i++) {
			int pixels = 0;
			for (int y = 0; y < image.getHeight(); y++) {
				for (int x = 0; x < image.getWidth() * 55 / 100; x++) {
					if ((image.getRGB(x, y) & 0xffffff) == colours[i]) pixels++;
				}
			}
			assertTrue(pixels >= 100, plot + ": the curve of " + runs.split(" ")[i] + " has only " + pixels
				+ " pixels of its colour in the left half of the plot");
		}
	}

	/** The style-loss comparison: one run per style loss (gram is the reference run), a montage and a plot. */
	@Test
	void studyExampleComparesTheStyleLosses() throws IOException {
		Path study = out.resolve("study");
		assertImage(study.resolve("montage_style_loss.png"), 3 * 48, 32);
		double gram = lossLog(study.resolve("study_network_alexnet.csv"), "style").get(0)[1];
		double wasserstein = lossLog(study.resolve("study_style_loss_wasserstein.csv"), "style").get(0)[1];
		double sliced = lossLog(study.resolve("study_style_loss_sliced.csv"), "style").get(0)[1];
		assertNotEquals(gram, wasserstein, "each run used its own style loss");
		assertNotEquals(gram, sliced);
		assertNotEquals(wasserstein, sliced);
	}

	@ParameterizedTest
	@CsvSource({ "plot_style_loss, total, true, network_alexnet style_loss_wasserstein style_loss_sliced" })
	void studyStyleLossPlotShowsEveryRun(String plot, String column, boolean relative, String runs) throws IOException {
		studyPlotsShowEveryRun(plot, column, relative, runs);
	}

	private static double firstTotal(String run) throws IOException {
		return lossLog(out.resolve("study").resolve("study_" + run + ".csv"), "total").get(0)[1];
	}

	/** (iteration, value of the column) per row of a loss log. */
	private static List<double[]> lossLog(Path file, String column) throws IOException {
		List<String> lines = Files.readAllLines(file);
		List<String> header = List.of(lines.get(0).split(","));
		int c = header.indexOf(column);
		assertTrue(c > 0, file + " has no column " + column + ": " + header);
		List<double[]> rows = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] fields = line.split(",");
			rows.add(new double[] { Double.parseDouble(fields[0]), Double.parseDouble(fields[c]) });
		}
		assertTrue(rows.size() >= 2, file + ": " + lines);
		return rows;
	}

	private static void assertImage(Path file, int width, int height) throws IOException {
		assertTrue(Files.isRegularFile(file), "no " + file + ": " + output.all());
		BufferedImage image = ImageIO.read(file.toFile());
		assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), file.toString());
	}
}

package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.plugin.filter.AVI_Writer;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import picocli.CommandLine;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.StackFiles;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.WrittenFiles;

/**
 * {@code --planes all} on the command line: every plane of a TIFF stack, a hyperstack, an AVI or a
 * folder of numbered frames, written as a TIFF stack, an AVI or numbered PNGs, with the content's
 * dimensions, type and calibration, and the loss log's plane column.
 */
class StacksCliTest {

	@TempDir
	Path dir;

	private final StringWriter err = new StringWriter();

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	private int run(String... args) {
		List<String> all = new ArrayList<>(List.of("--style", NeuralStyleCliTest.sample("starry_night.jpg").toString(),
			"--network", "alexnet", "--weights", NeuralStyleCliTest.resource("/fixtures/models/alexnet-seeded-f16.pth")
				.toString(), "--size", "48", "--iterations", "2", "--planes", "all", "--quiet"));
		all.addAll(List.of(args));
		CommandLine cl = NeuralStyleCli.commandLine();
		cl.setErr(new PrintWriter(err, true));
		cl.setOut(new PrintWriter(new StringWriter(), true));
		return cl.execute(all.toArray(String[]::new));
	}

	/** The coffee sample, moved right by {@code shift} pixels, 60x45: a pan. */
	private static ColorProcessor frame(int shift) throws IOException {
		ImageProcessor coffee = ImageFiles.read(NeuralStyleCliTest.sample("coffee.png")).getProcessor().resize(76, 57);
		coffee.setRoi(8 - shift, 6, 60, 45);
		return (ColorProcessor) coffee.crop();
	}

	/** pan.tif: a TIFF stack of the pan's first {@code frames} frames. */
	private Path panTiff(int frames) throws IOException {
		ImageStack stack = new ImageStack(60, 45);
		for (int i = 0; i < frames; i++) stack.addSlice(frame(2 * i));
		Path tif = dir.resolve("pan.tif");
		ImageFiles.write(new ImagePlus("pan", stack), tif);
		return tif;
	}

	/** Frame i of a gray sequence whose brightness rises with i: each plane is recognised in the result. */
	private static ByteProcessor grayFrame(int i) throws IOException {
		ByteProcessor ip = frame(i).convertToByteProcessor();
		// Brighter by a tenth from plane to plane: a brightness that doubled from frame to frame left the
		// optical flow trusted nowhere, and the temporal step then starts every pixel from the content.
		ip.multiply(0.5 + 0.05 * i);
		return ip;
	}

	private static double mean(ImageProcessor ip) {
		return ip.getStatistics().mean;
	}

	@Test
	void aHyperstackWithFramesKeepsItsDimensionsTypeAndCalibration() throws IOException {
		ImageStack stack = new ImageStack(60, 45);
		for (int i = 0; i < 6; i++) stack.addSlice("p" + i, grayFrame(i));
		ImagePlus content = new ImagePlus("zt", stack);
		content.setDimensions(1, 2, 3);
		content.setOpenAsHyperStack(true);
		Calibration cal = content.getCalibration();
		cal.pixelWidth = 0.2;
		cal.pixelHeight = 0.2;
		cal.setUnit("um");
		cal.frameInterval = 2.5;
		cal.setTimeUnit("min");
		Path in = dir.resolve("zt.tif");
		ImageFiles.write(content, in);
		Path out = dir.resolve("out.tif");
		Path log = dir.resolve("losses.csv");
		assertEquals(0, run("--content", in.toString(), "--output", out.toString(), "--loss_log", log.toString()), err.toString());

		ImagePlus result = ImageFiles.read(out);
		assertArrayEquals(new int[] { 48, 36, 1, 2, 3 }, result.getDimensions());
		assertEquals(8, result.getBitDepth());
		assertEquals(0.25, result.getCalibration().pixelWidth, 1e-6, "60 px of 0.2 um are now 48 px");
		assertEquals(2.5, result.getCalibration().frameInterval, 1e-9);
		assertEquals("min", result.getCalibration().getTimeUnit());
		assertTrue(result.getInfoProperty().contains("planes=all"), result.getInfoProperty());
		// Each result plane is in its content plane's place, whose brightness rises with the stack index:
		// the first frames of the two slices start from their contents, and along time each frame
		// starts from the previous result and moves towards its brighter content.
		ImageStack styled = result.getStack();
		assertTrue(mean(styled.getProcessor(2)) > mean(styled.getProcessor(1)), "z2 t1 is brighter than z1 t1");
		for (int p = 3; p <= 6; p++) {
			assertTrue(mean(styled.getProcessor(p)) > mean(styled.getProcessor(p - 2)),
				"plane " + p + " (a later frame) brighter than plane " + (p - 2) + " (the same slice's previous frame)");
		}

		List<String> lines = Files.readAllLines(log);
		// Temporal coherence is on by default: its column in every row, 0 where a sequence starts.
		assertEquals("iteration,total,content,style,tv,temporal,elapsed_ms,scale,plane", lines.get(0));
		for (int row : new int[] { 1, 2, 7, 8 }) assertEquals("0.0", lines.get(row).split(",")[5], lines.get(row));
		assertEquals(1 + 6 * 2, lines.size(), "two evaluations for each of the 6 planes");
		// Styled along time within each slice (z1: planes 1, 3, 5; z2: 2, 4, 6), each row naming its plane.
		List<String> planes = lines.stream().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
		assertEquals(List.of("1", "1", "3", "3", "5", "5", "2", "2", "4", "4", "6", "6"), planes);
		double contentLoss3 = Double.parseDouble(lines.get(3).split(",")[2]);
		double contentLoss2 = Double.parseDouble(lines.get(7).split(",")[2]);
		assertTrue(contentLoss3 > 0, "z1's second frame starts from the first frame's result, not its content");
		assertEquals(0, contentLoss2, "z2's first frame starts afresh from its content (init), like a single image");
	}

	@Test
	void aFolderOfFramesBecomesATiffInNumericOrder() throws IOException {
		Path frames = Files.createDirectory(dir.resolve("frames"));
		// Named so that text order would be 1, 10, 2, 3.
		int[] numbers = { 1, 2, 3, 10 };
		for (int i = 0; i < numbers.length; i++) {
			ImageFiles.write(new ImagePlus("f", grayFrame(i)), frames.resolve("f" + numbers[i] + ".png"));
		}
		Path out = dir.resolve("frames.tif");
		assertEquals(0, run("--content", frames.toString(), "--output", out.toString()), err.toString());
		ImagePlus result = ImageFiles.read(out);
		assertEquals(4, result.getNFrames());
		assertEquals(8, result.getBitDepth());
		for (int p = 2; p <= 4; p++) {
			assertTrue(mean(result.getStack().getProcessor(p)) > mean(result.getStack().getProcessor(p - 1)),
				"f10.png is the last frame: plane " + p);
		}
	}

	@Test
	void anAviBecomesAnAviAndATiffStackNumberedPngs() throws IOException {
		ImageStack stack = new ImageStack(60, 45);
		for (int i = 0; i < 3; i++) stack.addSlice(frame(2 * i));
		ImagePlus movie = new ImagePlus("pan", stack);
		movie.getCalibration().fps = 5;
		Path avi = dir.resolve("pan.avi");
		new AVI_Writer().writeImage(movie, avi.toString(), AVI_Writer.PNG_COMPRESSION, 0);

		Path out = dir.resolve("styled.avi");
		assertEquals(0, run("--content", avi.toString(), "--output", out.toString()), err.toString());
		ImagePlus result = StackFiles.open(out);
		assertEquals(3, result.getNFrames());
		assertEquals(24, result.getBitDepth());
		assertEquals(5, result.getCalibration().fps, 1e-3);
		assertEquals(48, result.getWidth());

		Path tif = dir.resolve("pan.tif");
		ImageFiles.write(movie, tif);
		Path folder = Files.createDirectory(dir.resolve("styled"));
		assertEquals(0, run("--content", tif.toString(), "--output", folder.toString(), "--preview_every", "1"),
			err.toString());
		try (Stream<Path> files = Files.list(folder)) {
			List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
			assertEquals(List.of("pan_0001.png", "pan_0001_iter0001.png", "pan_0002.png", "pan_0002_iter0001.png",
				"pan_0003.png", "pan_0003_iter0001.png"), names, "the frames, and each frame's preview beside it");
		}
		assertEquals(24, ImageFiles.read(folder.resolve("pan_0003.png")).getBitDepth());
		try (Stream<Path> files = Files.list(dir)) {
			assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no scratch folder left");
		}
	}

	/**
	 * Every file a stack's run writes is one that {@link WrittenFiles} lists, so that the checks
	 * before the work (no input overwritten, none written twice) see it: the numbered frames and each
	 * plane's previews in a folder, the previews beside a TIFF, the loss log (issue 21).
	 */
	@Test
	void everyFileAStackRunWritesIsListedBeforeTheWork() throws IOException {
		Path tif = panTiff(3);
		Path folder = Files.createDirectory(dir.resolve("styled"));
		Path results = Files.createDirectory(dir.resolve("results"));
		for (Path output : List.of(folder, results.resolve("styled.tif"), results.resolve("styled.avi"))) {
			Path log = results.resolve("losses.csv");
			Set<Path> before = listing(dir);
			assertEquals(0, run("--content", tif.toString(), "--output", output.toString(), "--preview_every", "1",
				"--loss_log", log.toString()), err.toString());
			Set<Path> written = listing(dir);
			written.removeAll(before);
			Map<String, String> texts = Map.of("content", tif.toString(), "style", "s.png", "output", output.toString(),
				"loss_log", log.toString(), "preview_every", "1", "iterations", "2", "planes", "all");
			Set<Path> listed = WrittenFiles.of(ParamValues.parse(texts, Front.COMMAND_LINE), WrittenFiles.Writer.FILES, 3)
				.map(w -> w.file().toAbsolutePath()).filter(p -> !Files.isDirectory(p)).collect(Collectors.toSet());
			// Listed: up to the last iteration a run may reach; written: those it reached (one preview per plane here).
			assertTrue(listed.containsAll(written), "every file written into " + output + " is listed: " + written
				+ " (listed: " + listed + ")");
			assertEquals(output.equals(folder) ? 3 + 3 + 1 : 1 + 3 + 1, written.size(), written.toString());
			for (Path p : written) Files.delete(p);
		}
	}

	/**
	 * A run killed with SIGKILL leaves its hidden scratch folder (no hook runs); the next run of that
	 * output removes it and says so (issue 21: it stayed, unsaid, holding the planes on the disk).
	 */
	@Test
	void aKilledRunsScratchFolderIsRemovedAndNamed() throws IOException {
		Path tif = panTiff(2);
		Path left = Files.createDirectory(dir.resolve(".styled.tif.0badc0de.planes"));
		Files.writeString(left.resolve("1.tif"), "a plane of the killed run");
		Files.writeString(left.resolve(".owner.lock"), "");
		assertEquals(0, run("--content", tif.toString(), "--output", dir.resolve("styled.tif").toString()), err.toString());
		assertTrue(err.toString().contains("neural-style: removed " + left + ", the scratch folder a killed run of this "
			+ "output left"), err.toString());
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList());
		}
	}

	/** Every file under {@code root}, absolute. */
	private static Set<Path> listing(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile).map(Path::toAbsolutePath).collect(Collectors.toCollection(HashSet::new));
		}
	}

	@Test
	void aFolderOf16BitFramesBecomesNumbered16BitPngs() throws IOException {
		Path frames = Files.createDirectory(dir.resolve("cells"));
		for (int i = 0; i < 2; i++) {
			ImageProcessor ip = grayFrame(i).convertToShortProcessor(false);
			ip.multiply(40);
			ip.setMinAndMax(0, 10000);
			ImageFiles.write(new ImagePlus("c", ip), frames.resolve("c" + (i + 1) + ".tif"));
		}
		Path styled = Files.createDirectory(dir.resolve("styled"));
		assertEquals(0, run("--content", frames.toString(), "--output", styled.toString()), err.toString());
		ImagePlus second = ImageFiles.read(styled.resolve("cells_0002.png"));
		assertEquals(16, second.getBitDepth(), "16-bit frames stay 16-bit");
		assertEquals(36, second.getHeight());
		assertTrue(second.getProcessor().getMax() > 255, "values in the content's range, not squeezed to 8 bits");
	}

	/**
	 * A multi-channel image of one slice and frame with planes=all is one merged image: said in a note,
	 * not silently (issue 21).
	 */
	@Test
	void planesAllOnChannelsAloneSaysItStylesOneImage() throws IOException {
		ImageStack stack = new ImageStack(60, 45);
		for (int c = 0; c < 6; c++) stack.addSlice(grayFrame(c));
		ImagePlus channels = new ImagePlus("six", stack);
		channels.setDimensions(6, 1, 1);
		Path in = dir.resolve("six.tif");
		ImageFiles.write(new ij.CompositeImage(channels, ij.CompositeImage.COMPOSITE), in);
		Path out = dir.resolve("six.png");
		assertEquals(0, run("--content", in.toString(), "--output", out.toString()), err.toString());
		assertTrue(err.toString().contains("planes=all: the content has 6 channels and one slice and frame, so it is styled "
			+ "as one image, its channels merged as Fiji shows them"), err.toString());
		assertEquals(1, ImageFiles.read(out).getStackSize());
	}

	@Test
	void planesAllOnASingleImageIsTheSingleImageRun() throws IOException {
		Path out = dir.resolve("one.png");
		Path log = dir.resolve("one.csv");
		assertEquals(0, run("--content", NeuralStyleCliTest.sample("coffee.png").toString(), "--output", out.toString(),
			"--loss_log", log.toString()), err.toString());
		assertEquals(LossRecord.CSV_HEADER, Files.readAllLines(log).get(0), "a single image's log has no plane column");
	}
}

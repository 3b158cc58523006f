package sc.fiji.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.plugin.filter.AVI_Writer;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

/** Content files read plane by plane: TIFF stacks, AVI movies and folders of numbered frames. */
class StackFilesTest {

	@TempDir
	Path dir;

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	/** Frame i: 8-bit, every pixel i * 20. */
	private static ByteProcessor frame(int w, int h, int i) {
		ByteProcessor ip = new ByteProcessor(w, h);
		ip.setValue(i * 20);
		ip.fill();
		return ip;
	}

	private Path png(Path folder, String name, ByteProcessor ip) throws IOException {
		Path file = folder.resolve(name);
		ImageFiles.write(new ImagePlus(name, ip), file);
		return file;
	}

	@Test
	void aFolderOfFramesIsSortedByTheNumbersInTheNames() throws IOException {
		Path folder = Files.createDirectory(dir.resolve("frames"));
		// Written out of order, named so that text order would put 10 before 2.
		for (int i : new int[] { 10, 2, 1, 3 }) png(folder, "t" + i + ".png", frame(8, 6, i));
		Files.writeString(folder.resolve("notes.txt"), "not a frame");
		png(folder, ".hidden.png", frame(8, 6, 9));
		assertEquals(List.of("t1.png", "t2.png", "t3.png", "t10.png"),
			StackFiles.frameFiles(folder).stream().map(p -> p.getFileName().toString()).toList());
		ImagePlus frames = StackFiles.open(folder);
		assertTrue(frames.getStack().isVirtual(), "read when asked for");
		assertEquals(4, frames.getNFrames(), "a folder of frames is a time series");
		assertEquals(8, frames.getBitDepth());
		assertEquals(200, frames.getStack().getProcessor(4).get(0, 0), "the 4th plane is t10.png");
		assertEquals("t3.png", frames.getStack().getSliceLabel(3));
	}

	@Test
	void framesOfDifferentSizesAreRefusedNamingBoth() throws IOException {
		Path folder = Files.createDirectory(dir.resolve("frames"));
		png(folder, "f1.png", frame(8, 6, 1));
		png(folder, "f2.png", frame(8, 6, 2));
		png(folder, "f3.png", frame(9, 6, 3));
		IOException e = assertThrows(IOException.class, () -> StackFiles.open(folder));
		assertEquals("The frames of " + folder + " differ: f3.png is 9x6 and f1.png 8x6; give frames of one size and type"
			+ " (move the others out, or resize them, e.g. with Image \u203a Adjust \u203a Size)", e.getMessage());
	}

	@Test
	void framesOfDifferentTypesAreRefused() throws IOException {
		Path folder = Files.createDirectory(dir.resolve("frames"));
		png(folder, "f1.png", frame(8, 6, 1));
		ImageFiles.write(new ImagePlus("f2", new ShortProcessor(8, 6)), folder.resolve("f2.png"));
		IOException e = assertThrows(IOException.class, () -> StackFiles.open(folder));
		assertTrue(e.getMessage().contains("f2.png is 8x6 16-bit and f1.png 8x6 8-bit"), e.getMessage());
	}

	@Test
	void aFolderWithoutImagesIsRefused() throws IOException {
		Path folder = Files.createDirectory(dir.resolve("empty"));
		Files.writeString(folder.resolve("readme.txt"), "no images");
		IOException e = assertThrows(IOException.class, () -> StackFiles.open(folder));
		assertTrue(e.getMessage().startsWith("The folder " + folder + " has no images (.tif, .tiff, .png"), e.getMessage());
	}

	@Test
	void aDamagedFrameIsRefusedBeforeTheWork() throws IOException {
		Path folder = Files.createDirectory(dir.resolve("frames"));
		png(folder, "f1.png", frame(8, 6, 1));
		Path second = png(folder, "f2.png", TestImages.bytes(64, 48, 3));
		Files.delete(folder.resolve("f1.png"));
		png(folder, "f1.png", TestImages.bytes(64, 48, 2));
		byte[] bytes = Files.readAllBytes(second);
		Files.write(second, Arrays.copyOf(bytes, bytes.length * 2 / 3));
		IOException e = assertThrows(IOException.class, () -> StackFiles.open(folder));
		assertTrue(e.getMessage().contains("the PNG file is damaged"), e.getMessage());
	}

	@Test
	void aTiffStackOpensVirtuallyWithItsDimensionsAndCalibration() throws IOException {
		ImageStack stack = new ImageStack(8, 6);
		for (int i = 0; i < 6; i++) stack.addSlice("p" + i, TestImages.shorts(8, 6, i, 100, 4000));
		ImagePlus imp = new ImagePlus("zt", stack);
		imp.setDimensions(1, 2, 3);
		imp.setOpenAsHyperStack(true);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.25;
		cal.setUnit("um");
		cal.frameInterval = 1.5;
		cal.setTimeUnit("s");
		imp.setDisplayRange(100, 3000);
		Path file = dir.resolve("zt.tif");
		ImageFiles.write(imp, file);

		ImagePlus read = StackFiles.open(file);
		assertTrue(read.getStack().isVirtual());
		assertArrayEquals(new int[] { 8, 6, 1, 2, 3 }, read.getDimensions());
		assertEquals(16, read.getBitDepth());
		assertEquals(0.25, read.getCalibration().pixelWidth, 1e-6);
		assertEquals(1.5, read.getCalibration().frameInterval, 1e-9);
		assertEquals(3000, read.getDisplayRangeMax(), 1e-9);
		assertArrayEquals((short[]) stack.getPixels(5), (short[]) read.getStack().getProcessor(5).getPixels());
	}

	@Test
	void aTiffStackCutShortIsRefused() throws IOException {
		ImageStack stack = new ImageStack(32, 32);
		for (int i = 0; i < 5; i++) stack.addSlice(TestImages.bytes(32, 32, i));
		Path file = dir.resolve("cut.tif");
		new FileSaver(new ImagePlus("cut", stack)).saveAsTiffStack(file.toString());
		byte[] bytes = Files.readAllBytes(file);
		Files.write(file, Arrays.copyOf(bytes, bytes.length - 2000));
		IOException e = assertThrows(IOException.class, () -> StackFiles.open(file));
		assertTrue(e.getMessage().startsWith("Cannot open " + file + ": the TIFF stack is cut short, 3 of its 5 planes"),
			e.getMessage());
	}

	private Path avi(String name, int frames) throws IOException {
		ImageStack stack = new ImageStack(16, 12);
		for (int i = 0; i < frames; i++) stack.addSlice(TestImages.rgb(16, 12, i));
		ImagePlus movie = new ImagePlus(name, stack);
		movie.getCalibration().fps = 12.5;
		Path file = dir.resolve(name);
		new AVI_Writer().writeImage(movie, file.toString(), AVI_Writer.PNG_COMPRESSION, 0);
		return file;
	}

	@Test
	void anAviIsAVirtualSeriesOfFramesWithItsFrameRate() throws IOException {
		Path file = avi("movie.avi", 4);
		ImagePlus read = StackFiles.open(file);
		assertTrue(read.getStack().isVirtual());
		assertEquals(4, read.getNFrames());
		assertEquals(24, read.getBitDepth());
		assertEquals(12.5, read.getCalibration().fps, 1e-3);
		assertArrayEquals((int[]) TestImages.rgb(16, 12, 2).getPixels(), (int[]) read.getStack().getProcessor(3).getPixels());
	}

	@Test
	void aTruncatedOrForeignAviIsRefused() throws IOException {
		Path file = avi("cut.avi", 4);
		byte[] bytes = Files.readAllBytes(file);
		Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
		IOException e = assertThrows(IOException.class, () -> StackFiles.open(file));
		assertTrue(e.getMessage().startsWith("Cannot open " + file + ": the AVI file is cut short ("), e.getMessage());

		Path text = Files.writeString(dir.resolve("text.avi"), "not a movie at all");
		e = assertThrows(IOException.class, () -> StackFiles.open(text));
		assertTrue(e.getMessage().startsWith("Cannot open " + text + ": it is not an AVI movie"), e.getMessage());
	}
}

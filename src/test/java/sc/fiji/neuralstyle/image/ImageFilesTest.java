package sc.fiji.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

	@TempDir
	Path dir;

	private List<String> folderContents() throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void readingAMissingFileSaysSo() {
		Path missing = dir.resolve("nothing-here.png");
		NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ImageFiles.read(missing));
		assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("no such file"), e.getMessage());
	}

	@Test
	void readingAFolderSaysSo() {
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(dir));
		assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
	}

	@Test
	void readingANonImageNamesTheFileAndTheFormats() throws IOException {
		Path fake = dir.resolve("fake.png");
		Files.writeString(fake, "this is not a PNG");
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(fake));
		assertTrue(e.getMessage().startsWith("Cannot open " + fake), e.getMessage());
		assertTrue(e.getMessage().contains("Supported formats: TIFF, PNG, JPEG"), e.getMessage());

		Path text = dir.resolve("notes.xyz");
		Files.writeString(text, "hello");
		e = assertThrows(IOException.class, () -> ImageFiles.read(text));
		assertTrue(e.getMessage().contains("notes.xyz"), e.getMessage());
	}

	@Test
	void writingAnUnknownExtensionIsRefused() {
		ImagePlus imp = new ImagePlus("x", TestImages.bytes(4, 4, 0));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImageFiles.write(imp, dir.resolve("out.bmp")));
		assertEquals("Cannot write " + dir.resolve("out.bmp")
			+ ": unsupported extension '.bmp'; use .tif/.tiff, .png, .jpg/.jpeg", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(imp, dir.resolve("out")));
		assertTrue(e.getMessage().contains("no file extension"), e.getMessage());
	}

	@Test
	void writingIntoAMissingFolderOrOntoAFolderIsRefused() throws IOException {
		ImagePlus imp = new ImagePlus("x", TestImages.bytes(4, 4, 0));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImageFiles.write(imp, dir.resolve("no/such/folder/out.png")));
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
		Files.createDirectory(dir.resolve("taken.png"));
		e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(imp, dir.resolve("taken.png")));
		assertTrue(e.getMessage().contains("it is a folder"), e.getMessage());
	}

	@Test
	void stacksOnlyGoToTiff() throws IOException {
		ImagePlus stack = TestImages.byteHyperstack(4, 4, 1, 3, 1, 0);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImageFiles.write(stack, dir.resolve("stack.png")));
		assertTrue(e.getMessage().contains("use .tif for stacks"), e.getMessage());
		assertEquals(List.of(), folderContents());

		Path tif = dir.resolve("stack.tif");
		assertEquals(Optional.empty(), ImageFiles.write(stack, tif));
		ImagePlus back = ImageFiles.read(tif);
		assertEquals(3, back.getStackSize());
		for (int z = 1; z <= 3; z++) {
			assertArrayEquals((byte[]) stack.getStack().getPixels(z), (byte[]) back.getStack().getPixels(z));
		}
		assertEquals("c1z2t1", back.getStack().getSliceLabel(2));
	}

	@Test
	void pngKeeps8BitRgbAnd16BitValues() throws IOException {
		ImagePlus gray = ImageFiles.read(Path.of("samples", "cell.png"));
		Path p8 = dir.resolve("cell.png");
		assertEquals(Optional.empty(), ImageFiles.write(gray, p8));
		assertArrayEquals((byte[]) gray.getProcessor().getPixels(),
			(byte[]) ImageFiles.read(p8).getProcessor().getPixels());
		assertEquals("cell.png", gray.getTitle());

		ImagePlus rgb = new ImagePlus("rgb", TestImages.rgb(16, 12, 1));
		Path p24 = dir.resolve("rgb.PNG");
		ImageFiles.write(rgb, p24);
		ImageProcessor rgbBack = ImageFiles.read(p24).getProcessor();
		for (int i = 0; i < 16 * 12; i++) {
			assertEquals(rgb.getProcessor().get(i) & 0xffffff, rgbBack.get(i) & 0xffffff);
		}

		ImageProcessor ip16 = TestImages.shorts(10, 8, 2, 0, 60000);
		ImagePlus sixteen = new ImagePlus("16", ip16);
		Path p16 = dir.resolve("sixteen.png");
		assertEquals(Optional.empty(), ImageFiles.write(sixteen, p16));
		ImagePlus back16 = ImageFiles.read(p16);
		assertEquals(16, back16.getBitDepth());
		assertArrayEquals(TestImages.values(ip16), TestImages.values(back16.getProcessor()));
	}

	@Test
	void thirtyTwoBitToPngIsConvertedWithANote() throws IOException {
		ImageProcessor ip = TestImages.floats(8, 8, 3, 0, 10);
		ip.setMinAndMax(0, 10);
		ImagePlus imp = new ImagePlus("f", ip);
		Path png = dir.resolve("f.png");
		assertEquals(Optional.of("The 32-bit image is written to f.png as 8-bit (its display range mapped"
			+ " to 0-255); use .tif to keep the 32-bit values."), ImageFiles.checkOutput(png, 32, 1));
		Optional<String> note = ImageFiles.write(imp, png);
		assertTrue(note.isPresent());
		ImagePlus back = ImageFiles.read(png);
		assertEquals(8, back.getBitDepth());
		for (int i = 0; i < 64; i++) {
			assertEquals(ip.getf(i) * 25.5, back.getProcessor().get(i), 1.01);
		}
	}

	@Test
	void tiffKeepsEverything() throws IOException {
		ImageProcessor ip = TestImages.floats(9, 7, 4, -3, 3);
		ImagePlus imp = new ImagePlus("float", ip);
		imp.setDisplayRange(-1, 2);
		imp.getCalibration().pixelWidth = 0.107;
		imp.getCalibration().pixelHeight = 0.107;
		imp.getCalibration().setUnit("micron");
		ResultImages.setInfo(imp, "content=cell.png\nstyle_weight=1000");
		Path tif = dir.resolve("float.tiff");
		assertEquals(Optional.empty(), ImageFiles.write(imp, tif));
		assertEquals("float", imp.getTitle());
		ImagePlus back = ImageFiles.read(tif);
		assertEquals(32, back.getBitDepth());
		assertArrayEquals((float[]) ip.getPixels(), (float[]) back.getProcessor().getPixels());
		assertEquals(-1, back.getDisplayRangeMin(), 1e-9);
		assertEquals(2, back.getDisplayRangeMax(), 1e-9);
		assertEquals(0.107, back.getCalibration().pixelWidth, 1e-7); // TIFF stores a rational
		assertEquals("micron", back.getCalibration().getUnit());
		assertTrue(back.getInfoProperty().contains("style_weight=1000"), back.getInfoProperty());
		assertEquals(List.of("float.tiff"), folderContents());
	}

	@Test
	void jpegIsWrittenAndSixteenBitIsConvertedWithANote() throws IOException {
		ImagePlus coffee = ImageFiles.read(Path.of("samples", "coffee.png"));
		Path jpg = dir.resolve("coffee.jpg");
		assertEquals(Optional.empty(), ImageFiles.write(coffee, jpg));
		ImagePlus back = ImageFiles.read(jpg);
		assertEquals(ImagePlus.COLOR_RGB, back.getType());
		assertEquals(coffee.getWidth(), back.getWidth());
		// Lossy, but close on average.
		double diff = 0;
		int n = coffee.getWidth() * coffee.getHeight();
		for (int i = 0; i < n; i++) {
			diff += Math.abs((coffee.getProcessor().get(i) & 0xff) - (back.getProcessor().get(i) & 0xff));
		}
		assertTrue(diff / n < 4, "mean blue difference " + diff / n);

		ImageProcessor ip16 = TestImages.shorts(8, 8, 1, 0, 1000);
		ip16.setMinAndMax(0, 1000);
		Optional<String> note = ImageFiles.write(new ImagePlus("16", ip16), dir.resolve("gray.jpeg"));
		assertEquals(Optional.of("The 16-bit image is written to gray.jpeg as 8-bit (its display range mapped"
			+ " to 0-255); use .tif to keep the values."), note);
		assertEquals(8, ImageFiles.read(dir.resolve("gray.jpeg")).getBitDepth());
	}

	@Test
	void replacingAFileLeavesNoTemporaryFiles() throws IOException {
		Path png = dir.resolve("out.png");
		ImageFiles.write(new ImagePlus("a", TestImages.bytes(4, 4, 1)), png);
		ImagePlus second = new ImagePlus("b", TestImages.bytes(4, 4, 2));
		ImageFiles.write(second, png);
		assertEquals(List.of("out.png"), folderContents());
		assertArrayEquals((byte[]) second.getProcessor().getPixels(),
			(byte[]) ImageFiles.read(png).getProcessor().getPixels());
	}

	/** A stack whose second plane cannot be read, so writing fails half-way through the file. */
	private static final class BrokenStack extends VirtualStack {

		BrokenStack() {
			super(4, 4, null, null);
		}

		@Override
		public int getSize() {
			return 3;
		}

		@Override
		public ImageProcessor getProcessor(int n) {
			if (n == 2) throw new IllegalStateException("plane 2 is unreadable");
			return TestImages.bytes(4, 4, n);
		}
	}

	@Test
	void aFailedWriteLeavesTheOldFileAndNoPartialFile() throws IOException {
		Path tif = dir.resolve("result.tif");
		ImagePlus good = TestImages.byteHyperstack(4, 4, 1, 3, 1, 0);
		ImageFiles.write(good, tif);
		byte[] before = Files.readAllBytes(tif);

		ImagePlus broken = new ImagePlus("broken", (ImageStack) new BrokenStack());
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> ImageFiles.write(broken, tif));
		assertEquals("plane 2 is unreadable", e.getMessage());
		assertEquals(List.of("result.tif"), folderContents());
		assertArrayEquals(before, Files.readAllBytes(tif));
	}

	@Test
	void writingIntoAReadOnlyFolderFailsCleanly() throws IOException {
		Path readOnly = Files.createDirectory(dir.resolve("locked"));
		Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
		try {
			// Root may write anyway; then there is nothing to test.
			assumeFalse(Files.isWritable(readOnly), "running as a user who can write to read-only folders");
			Path out = readOnly.resolve("out.png");
			AccessDeniedException e = assertThrows(AccessDeniedException.class,
				() -> ImageFiles.write(new ImagePlus("x", TestImages.bytes(4, 4, 0)), out));
			assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
			try (Stream<Path> files = Files.list(readOnly)) {
				assertFalse(files.findAny().isPresent());
			}
		}
		finally {
			Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
	}
}

package sc.fiji.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.files.AtomicFile;

import sc.fiji.neuralstyle.files.ChildJvm;

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
		assertTrue(e.getMessage().contains("; save it as one of the formats ImageJ reads: TIFF, PNG, JPEG (RGB or gray, not CMYK)"),
			e.getMessage());

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
			+ ": unsupported extension '.bmp'; use .tif/.tiff, .png, .jpg/.jpeg, .avi", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(imp, dir.resolve("out")));
		assertTrue(e.getMessage().contains("no file extension"), e.getMessage());
	}

	@Test
	void writingIntoAMissingFolderOrOntoAFolderIsRefused() throws IOException {
		ImagePlus imp = new ImagePlus("x", TestImages.bytes(4, 4, 0));
		Path missing = dir.resolve("no/such/folder/out.png");
		IOException io = assertThrows(NoSuchFileException.class, () -> ImageFiles.write(imp, missing));
		assertEquals(missing + ": the folder " + missing.getParent() + " does not exist; create it or choose another "
			+ "folder", io.getMessage());
		Path taken = Files.createDirectory(dir.resolve("taken.png"));
		io = assertThrows(FileSystemException.class, () -> ImageFiles.write(imp, taken));
		assertTrue(io.getMessage().contains("it is a folder"), io.getMessage());
	}

	@Test
	void stacksOnlyGoToTiff() throws IOException {
		ImagePlus stack = TestImages.byteHyperstack(4, 4, 1, 3, 1, 0);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImageFiles.write(stack, dir.resolve("stack.png")));
		assertTrue(e.getMessage().contains("use .tif or .avi for stacks"), e.getMessage());
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
			+ " to 0-255); use .tif to keep the 32-bit values."), ImageFiles.write(imp, png));
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

	/** A folder this process cannot create files in: a read-only one, or for root (who may write there) /sys. */
	private Path unwritableFolder() throws IOException {
		Path locked = Files.createDirectory(dir.resolve("locked"));
		Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
		Path folder = creatable(locked) ? Path.of("/sys") : locked;
		assumeTrue(Files.isDirectory(folder) && !creatable(folder), "no folder here that this user cannot write");
		return folder;
	}

	private static boolean creatable(Path folder) {
		try {
			Files.delete(Files.createFile(folder.resolve(".creatable-probe")));
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	@Test
	void anUnwritableFolderIsFoundBeforeTheWorkAndNamed() throws IOException {
		try {
			Path folder = unwritableFolder();
			Path out = folder.resolve("out.png");
			// It used to pass the check (the folder exists) and fail after the computation.
			AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> AtomicFile.checkWritable(out));
			assertEquals(out + ": cannot write in the folder " + folder + ": permission denied; choose another folder or "
				+ "make it writable", e.getMessage());
			AccessDeniedException denied = assertThrows(AccessDeniedException.class,
				() -> ImageFiles.write(new ImagePlus("x", TestImages.bytes(4, 4, 0)), out));
			assertTrue(denied.getMessage().startsWith(out + ": cannot write in the folder " + folder), denied.getMessage());
			assertFalse(Files.exists(out));
		}
		finally {
			Files.setPosixFilePermissions(dir.resolve("locked"), PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		assertEquals(List.of("locked"), folderContents());
		assertEquals(List.of(), ImageFilesTest.contents(dir.resolve("locked")));
	}

	private static List<String> contents(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void resultsGetTheUsualModeInEveryFormat() throws IOException {
		Path plain = Files.createFile(dir.resolve("plain"));
		String usual = PosixFilePermissions.toString(Files.getPosixFilePermissions(plain));
		ImagePlus rgb = new ImagePlus("rgb", TestImages.rgb(8, 8, 1));
		for (String name : List.of("r.png", "r.tif", "r.jpg")) {
			ImageFiles.write(rgb, dir.resolve(name));
			// .tif and .jpg came out rw------- (a temporary file's mode), PNG rw-r--r--.
			assertEquals(usual, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
		}
	}

	@Test
	void aSymbolicLinkAsOutputIsWrittenThrough() throws IOException {
		Path real = Files.createDirectory(dir.resolve("real"));
		ImageFiles.write(new ImagePlus("a", TestImages.bytes(4, 4, 1)), real.resolve("result.png"));
		Path link = Files.createSymbolicLink(dir.resolve("out.png"), real.resolve("result.png"));
		ImagePlus second = new ImagePlus("b", TestImages.bytes(4, 4, 2));
		AtomicFile.checkWritable(link);
		ImageFiles.write(second, link);
		assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
		assertArrayEquals((byte[]) second.getProcessor().getPixels(),
			(byte[]) ImageFiles.read(real.resolve("result.png")).getProcessor().getPixels());
		assertEquals(List.of("result.png"), contents(real));
	}

	@Test
	void anOutputWithTheLongestNameIsWritten() throws IOException {
		// 255 bytes: the old temporary name ".NAME.<digits>.part" was too long for the file system.
		Path out = dir.resolve("n".repeat(251) + ".png");
		AtomicFile.checkWritable(out);
		ImageFiles.write(new ImagePlus("x", TestImages.bytes(4, 4, 0)), out);
		assertEquals(List.of(out.getFileName().toString()), folderContents());
	}

	@Test
	void killingTheJvmWhileItWritesLeavesNoPartFile() throws Exception {
		// Each kill lands at a different moment of the loop; nearly every one used to leave a .part file.
		Path log = Files.createTempFile("write-loop", ".txt");
		try {
			for (int kill = 0; kill < 5; kill++) {
				Path out = dir.resolve("out" + kill + ".png");
				Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m"), WriteLoop.class, out.toString()))
					.redirectErrorStream(true).redirectOutput(log.toFile()).start();
				try {
					// Guards against a hung JVM only: generous, for a crowded machine.
					long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
					while (!Files.readString(log).contains("WROTE 1\n")) {
						assertTrue(p.isAlive() && System.nanoTime() < deadline, "the child JVM wrote nothing: " + Files.readString(log));
						Thread.sleep(20);
					}
					Thread.sleep(kill * 37L);
					p.destroy(); // SIGTERM
					assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child JVM did not end");
				}
				finally {
					p.destroyForcibly();
				}
				assertEquals(List.of(), folderContents().stream().filter(n -> n.endsWith(".part")).toList(), "after kill " + kill);
				assertEquals(1024, ImageFiles.read(out).getWidth(), "the last complete write is there");
			}
		}
		finally {
			Files.delete(log);
		}
	}

	@Test
	void truncatedPngAndJpegAreRefusedAsDamaged() throws IOException {
		for (String sample : List.of("coffee.png", "starry_night.jpg", "cell.png")) {
			byte[] whole = Files.readAllBytes(Path.of("samples", sample));
			for (int keep : new int[] { whole.length / 2, 200 }) {
				Path cut = Files.write(dir.resolve("cut-" + keep + "-" + sample), Arrays.copyOf(whole, keep));
				// ImageJ read the half JPEG (the lower half gray) and called the half PNG an unknown format.
				IOException e = assertThrows(IOException.class, () -> ImageFiles.read(cut));
				String format = sample.endsWith(".png") ? "PNG" : "JPEG";
				assertTrue(e.getMessage().startsWith("Cannot open " + cut.toAbsolutePath() + ": the " + format + " file is damaged ("),
					e.getMessage());
				assertTrue(e.getMessage().endsWith("copy, download or export it again"), e.getMessage());
			}
		}
		// A whole file with its last chunk cut off still has all its pixels.
		byte[] png = Files.readAllBytes(Path.of("samples", "coffee.png"));
		Path noEnd = Files.write(dir.resolve("no-end.png"), Arrays.copyOf(png, png.length - 12));
		assertEquals(600, ImageFiles.read(noEnd).getWidth());
	}

	@Test
	void imagesTooLargeToHoldAreRefusedWithTheirSizeAndTheLimit() throws IOException {
		// Only the header matters: these files hold one row of pixels.
		Path big = LargePng.write(dir.resolve("big.png"), 30000, 30000, true, 1);
		IOException e = assertThrows(IOException.class, () -> ImageFiles.read(big));
		assertEquals("Cannot open " + big + ": the image is 30000x30000 pixels (900.0 megapixels); a plane may have at most"
			+ " 715.8 megapixels (26754x26754, say) to be styled; scale it down first (styling computes at the size"
			+ " parameter, a few hundred to a few thousand pixels, anyway)", e.getMessage());
		// ImageJ called this one an unsupported format.
		Path huge = LargePng.write(dir.resolve("huge.png"), 50000, 50000, false, 1);
		e = assertThrows(IOException.class, () -> ImageFiles.read(huge));
		assertTrue(e.getMessage().contains("the image is 50000x50000 pixels (2500.0 megapixels); a plane may have at most 715.8"),
			e.getMessage());
	}

	@Test
	void anImageLargerThanTheMemoryLeftSaysHowMuchItNeeds() throws Exception {
		Path png = LargePng.write(dir.resolve("wide.png"), 6000, 6000, true, 6000);
		Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), ReadImage.class, png.toString()))
			.redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(10, TimeUnit.MINUTES));
		String refused = output.lines().filter(l -> l.startsWith("REFUSED ")).findFirst().orElse(output);
		// Refused before ImageJ decodes it: 137 MB as read, 412 MB as the engine's float copy.
		assertTrue(refused.startsWith("REFUSED Cannot open " + png + ": the image is 6000x6000 pixels, which take about 549 MB"
			+ " of Java's memory to style (as read and as the engine's copy), and Java may use at most "), refused);
		// (the JVM reports 64 MB, or a little less where its collector keeps a survivor space aside)
		assertTrue(refused.endsWith(" MB; give Java more memory, at least -Xmx768m (command line:"
			+ " NEURAL_STYLE_JAVA_OPTS=-Xmx768m; Fiji: Edit > Options > Memory & Threads; Spark: --driver-memory and"
			+ " --executor-memory 768m), or scale the image down"), refused);
	}
}

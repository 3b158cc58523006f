package sc.fiji.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.image.ContentPlanes.Extent;

/**
 * A stack's planes written as they are done: the TIFF, AVI or folder of PNGs keeps the content's
 * dimensions, type and calibration; a partial run gives the planes done; nothing is left behind.
 */
class StackWriterTest {

	@TempDir
	Path dir;

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	/** A 16-bit hyperstack, 2 slices x 3 frames, calibrated, with a frame interval. */
	private static ImagePlus hyperstack() {
		ImageStack stack = new ImageStack(12, 10);
		for (int i = 0; i < 6; i++) stack.addSlice("p" + i, TestImages.shorts(12, 10, i, 1000, 3000));
		ImagePlus imp = new ImagePlus("zt", stack);
		imp.setDimensions(1, 2, 3);
		imp.setOpenAsHyperStack(true);
		imp.setDisplayRange(1000, 3000);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.5;
		cal.pixelDepth = 2;
		cal.setUnit("um");
		cal.frameInterval = 30;
		cal.setTimeUnit("s");
		return imp;
	}

	/** Stands in for the engine: each plane as it is, at half size. */
	private static StyleResult styled(ContentPlanes planes, int i) {
		FloatImage p = planes.floatImage(i);
		return new StyleResult(Resampler.resize(p, 6, 5), List.of(), StopReason.COMPLETED, "done", 0);
	}

	private static void writeAll(StackWriter writer, ContentPlanes planes, int count) throws IOException {
		for (int i = 0; i < count; i++) writer.accept(i, styled(planes, i));
	}

	private List<String> leftInDir() throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void aTiffKeepsTheDimensionsTypeAndCalibration() throws IOException {
		ImagePlus content = hyperstack();
		ContentPlanes planes = ContentPlanes.of(content, 1, Extent.ALL);
		Path out = dir.resolve("out.tif");
		try (StackWriter writer = StackWriter.open(out, planes, "zt")) {
			writeAll(writer, planes, planes.size());
			assertFalse(Files.exists(out), "nothing there until the stack is done");
			assertEquals(List.of(out), writer.finish("zt styled", "Info of the run"));
		}
		assertEquals(List.of("out.tif"), leftInDir(), "the scratch folder is gone");
		ImagePlus read = ImageFiles.read(out);
		assertArrayEquals(new int[] { 6, 5, 1, 2, 3 }, read.getDimensions());
		assertEquals(16, read.getBitDepth());
		assertEquals(1000, read.getDisplayRangeMin(), 1e-9);
		assertEquals(3000, read.getDisplayRangeMax(), 1e-9);
		Calibration cal = read.getCalibration();
		assertEquals(1.0, cal.pixelWidth, 1e-6, "half as many pixels, each twice as wide");
		assertEquals(2.0, cal.pixelDepth, 1e-6);
		assertEquals(30, cal.frameInterval, 1e-9);
		assertEquals("s", cal.getTimeUnit());
		assertEquals("Info of the run", read.getInfoProperty());
		assertEquals("p4", read.getStack().getSliceLabel(5), "labels in ImageJ's order (z1 t3 is plane 5)");
		// Styled along time within each slice, written in ImageJ's order: plane (z2, t1) is stack index 2.
		ImageProcessor z2t1 = planes.toProcessor(styled(planes, 3).image());
		assertArrayEquals((short[]) z2t1.getPixels(), (short[]) read.getStack().getProcessor(2).getPixels());
	}

	@Test
	void aPartialStackHasThePlanesDone() throws IOException {
		ImagePlus content = hyperstack();
		ContentPlanes planes = ContentPlanes.of(content, 1, Extent.ALL);
		Path out = dir.resolve("part.tif");
		try (StackWriter writer = StackWriter.open(out, planes, "zt")) {
			writeAll(writer, planes, 2);
			writer.finish("part", "cancelled");
		}
		ImagePlus read = ImageFiles.read(out);
		assertEquals(2, read.getStackSize());
		assertEquals("z1 t1", read.getStack().getSliceLabel(1));
		assertEquals("z1 t2", read.getStack().getSliceLabel(2));
		assertEquals(30, read.getCalibration().frameInterval, 1e-9);
	}

	@Test
	void closedWithoutFinishingNothingIsLeft() throws IOException {
		ContentPlanes planes = ContentPlanes.of(hyperstack(), 1, Extent.ALL);
		try (StackWriter writer = StackWriter.open(dir.resolve("never.tif"), planes, "zt")) {
			writeAll(writer, planes, 3);
			assertEquals(1, leftInDir().size(), "the planes wait in a scratch folder: " + leftInDir());
		}
		assertEquals(List.of(), leftInDir());
	}

	@Test
	void anAviHasEveryPlaneAsAFrameAtTheContentsFrameRate() throws IOException {
		ImageStack stack = new ImageStack(16, 12);
		for (int i = 0; i < 4; i++) stack.addSlice(TestImages.rgb(16, 12, i));
		ImagePlus content = new ImagePlus("movie", stack);
		content.setDimensions(1, 1, 4);
		content.getCalibration().fps = 10;
		ContentPlanes planes = ContentPlanes.of(content, ContentPlanes.MERGED, Extent.ALL);
		Path out = dir.resolve("out.avi");
		try (StackWriter writer = StackWriter.open(out, planes, "movie")) {
			writeAll(writer, planes, 4);
			writer.finish("movie styled", "");
		}
		assertEquals(List.of("out.avi"), leftInDir());
		ImagePlus read = StackFiles.open(out);
		assertEquals(4, read.getNFrames());
		assertEquals(24, read.getBitDepth());
		assertEquals(10, read.getCalibration().fps, 1e-3);
		ImageProcessor third = planes.toProcessor(styled(planes, 2).image());
		assertArrayEquals((int[]) third.getPixels(), (int[]) read.getStack().getProcessor(3).getPixels(), "lossless");
	}

	@Test
	void aFolderGetsNumberedPngsAsEachPlaneIsDone() throws IOException {
		ImageStack stack = new ImageStack(12, 10);
		for (int i = 0; i < 3; i++) stack.addSlice(TestImages.bytes(12, 10, i));
		ImagePlus content = new ImagePlus("cells", stack);
		ContentPlanes planes = ContentPlanes.of(content, 1, Extent.ALL);
		Path folder = Files.createDirectory(dir.resolve("styled"));
		try (StackWriter writer = StackWriter.open(folder, planes, "cells")) {
			writer.accept(0, styled(planes, 0));
			assertTrue(Files.exists(folder.resolve("cells_0001.png")), "written when done");
			writer.accept(1, styled(planes, 1));
			writer.accept(2, styled(planes, 2));
			assertEquals(3, writer.finish("cells", "").size());
		}
		assertEquals(List.of("styled"), leftInDir());
		ImagePlus second = ImageFiles.read(folder.resolve("cells_0002.png"));
		assertEquals(8, second.getBitDepth());
		assertArrayEquals((byte[]) planes.toProcessor(styled(planes, 1).image()).getPixels(),
			(byte[]) second.getProcessor().getPixels());
	}

	@Test
	void aStackIsWrittenFromDiskOnePlaneAtATime() throws IOException {
		// 30 planes: the writer keeps none of the processors it was given, and the TIFF is written
		// from the scratch files (ImageJ's encoder asks for one plane at a time).
		ImageStack stack = new ImageStack(12, 10);
		for (int i = 0; i < 30; i++) stack.addSlice(TestImages.rgb(12, 10, i));
		ContentPlanes planes = ContentPlanes.of(new ImagePlus("long", stack), ContentPlanes.MERGED, Extent.ALL);
		List<WeakReference<FloatImage>> given = new ArrayList<>();
		Path out = dir.resolve("long.tif");
		try (StackWriter writer = StackWriter.open(out, planes, "long")) {
			for (int i = 0; i < 30; i++) {
				StyleResult r = styled(planes, i);
				given.add(new WeakReference<>(r.image()));
				writer.accept(i, r);
			}
			System.gc();
			System.gc();
			assertTrue(given.stream().filter(g -> g.get() != null).count() <= 1, "the writer holds no plane");
			writer.finish("long", "");
		}
		assertEquals(30, ImageFiles.read(out).getStackSize());
	}
}

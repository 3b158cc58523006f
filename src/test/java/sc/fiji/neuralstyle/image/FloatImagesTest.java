package sc.fiji.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Round trips ImageJ1 plane → FloatImage → ImageJ1 plane for every pixel type. */
class FloatImagesTest {

	private static ImagePlus roundTrip(ImagePlus content) {
		FloatImage image = FloatImages.of(content);
		return ResultImages.create(image, content, "result");
	}

	@Test
	void eightBitIsRawValuesOver255AndRoundTripsExactly() {
		ByteProcessor ip = TestImages.bytes(13, 9, 1);
		ip.setMinAndMax(50, 100); // ignored for 8-bit: raw values are styled
		ImagePlus content = new ImagePlus("gray8", ip);
		FloatImage image = FloatImages.of(content);
		assertEquals(1, image.channels());
		for (int i = 0; i < ip.getPixelCount(); i++) {
			assertEquals(ip.get(i) / 255f, image.data()[i], 1e-7f);
		}
		ImagePlus result = roundTrip(content);
		assertEquals(ImagePlus.GRAY8, result.getType());
		assertArrayEquals((byte[]) ip.getPixels(), (byte[]) result.getProcessor().getPixels());
		// The content's display range (a LUT change for 8-bit) comes along.
		assertEquals(50, result.getDisplayRangeMin());
		assertEquals(100, result.getDisplayRangeMax());
	}

	@Test
	void invertedLutIsStyledAsShown() {
		ByteProcessor ip = TestImages.bytes(8, 8, 2);
		ip.invertLut();
		ImagePlus content = new ImagePlus("inverted", ip);
		FloatImage image = FloatImages.of(content);
		// Raw 0 is shown white.
		for (int i = 0; i < ip.getPixelCount(); i++) {
			assertEquals(1 - ip.get(i) / 255f, image.data()[i], 1e-6f);
		}
		ImagePlus result = roundTrip(content);
		assertArrayEquals((byte[]) ip.getPixels(), (byte[]) result.getProcessor().getPixels());
		assertTrue(result.isInvertedLut());
	}

	@Test
	void sixteenBitUsesTheDisplayRange() {
		ShortProcessor ip = TestImages.shorts(11, 7, 3, 0, 4000);
		ip.setMinAndMax(1000, 3000);
		ImagePlus content = new ImagePlus("gray16", ip);
		FloatImage image = FloatImages.of(content);
		for (int i = 0; i < ip.getPixelCount(); i++) {
			double expected = Math.min(1, Math.max(0, (ip.get(i) - 1000) / 2000.0));
			assertEquals(expected, image.data()[i], 1e-6);
		}
		ImagePlus result = roundTrip(content);
		assertEquals(ImagePlus.GRAY16, result.getType());
		assertEquals(1000, result.getDisplayRangeMin());
		assertEquals(3000, result.getDisplayRangeMax());
		ImageProcessor back = result.getProcessor();
		for (int i = 0; i < ip.getPixelCount(); i++) {
			// Values inside the display range come back exactly, outside it clamped to its ends.
			assertEquals(Math.min(3000, Math.max(1000, ip.get(i))), back.get(i));
		}
	}

	@Test
	void thirtyTwoBitUsesTheDisplayRange() {
		FloatProcessor ip = TestImages.floats(10, 6, 4, -1, 2);
		ip.setMinAndMax(-1, 2);
		ImagePlus content = new ImagePlus("gray32", ip);
		ImagePlus result = roundTrip(content);
		assertEquals(ImagePlus.GRAY32, result.getType());
		assertArrayEquals((float[]) ip.getPixels(), (float[]) result.getProcessor().getPixels(), 3e-6f);
		assertEquals(-1, result.getDisplayRangeMin(), 1e-9);
		assertEquals(2, result.getDisplayRangeMax(), 1e-9);
	}

	@Test
	void thirtyTwoBitNaNAndEmptyRange() {
		FloatProcessor ip = new FloatProcessor(3, 1, new float[] { Float.NaN, 5, 6 });
		ip.setMinAndMax(5, 5);
		FloatImage image = FloatImages.of(new ImagePlus("flat", ip));
		assertArrayEquals(new float[] { 0, 0, 1 }, image.data());
	}

	@Test
	void rgbIsThreeChannelsAndRoundTripsExactly() {
		ColorProcessor ip = TestImages.rgb(9, 8, 5);
		ImagePlus content = new ImagePlus("rgb", ip);
		FloatImage image = FloatImages.of(content);
		assertEquals(3, image.channels());
		int n = ip.getPixelCount();
		int pixel = ip.get(17);
		assertEquals(((pixel >> 16) & 0xff) / 255f, image.data()[17]);
		assertEquals(((pixel >> 8) & 0xff) / 255f, image.data()[n + 17]);
		assertEquals((pixel & 0xff) / 255f, image.data()[2 * n + 17]);
		ImagePlus result = roundTrip(content);
		assertEquals(ImagePlus.COLOR_RGB, result.getType());
		for (int i = 0; i < n; i++) {
			assertEquals(ip.get(i) & 0xffffff, result.getProcessor().get(i) & 0xffffff);
		}
	}

	@Test
	void wrappingSharesThePixelArray() {
		ByteProcessor ip = TestImages.bytes(6, 5, 6);
		ArrayImg<UnsignedByteType, ByteArray> img = ImagePlusImgs.wrap(ip);
		assertSame(ip.getPixels(), img.update(null).getCurrentStorageArray());
		assertEquals(6, img.dimension(0));
		assertEquals(5, img.dimension(1));
		// Row-major in both: (x, y) = (4, 3) is pixel 3 * 6 + 4.
		var access = img.randomAccess();
		access.setPosition(new long[] { 4, 3 });
		access.get().set(201);
		assertEquals(201, ip.get(4, 3));
	}

	@Test
	void wrapsSixteenBitUnsigned() {
		ShortProcessor ip = new ShortProcessor(2, 1, new short[] { (short) 65535, 1 }, null);
		Cursor<UnsignedShortType> cursor = ImagePlusImgs.wrap(ip).cursor();
		assertEquals(65535, cursor.next().get());
		assertEquals(1, cursor.next().get());
		assertThrows(IllegalArgumentException.class, () -> ImagePlusImgs.wrapGray(TestImages.rgb(2, 2, 0)));
	}

	@Test
	void grayFromAnyImgLib2Interval() {
		// An interval not starting at 0 is read row by row from its minimum.
		ArrayImg<UnsignedShortType, ?> img = ArrayImgs.unsignedShorts(new short[] { 0, 100, 200, 300 }, 2, 2);
		FloatImage image = FloatImages.gray(Views.translate(img, 10, -3), new DisplayRange(0, 300, false));
		assertEquals(2, image.width());
		assertArrayEquals(new float[] { 0, 1 / 3f, 2 / 3f, 1 }, image.data(), 1e-6f);
	}

	@Test
	void planeChecksPositions() {
		ImagePlus imp = TestImages.byteHyperstack(4, 4, 2, 3, 1, 0);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusImgs.plane(imp, 3, 1, 1));
		assertEquals("There is no channel 3: the image has 2 (numbered from 1)", e.getMessage());
		assertEquals("c2z3t1", imp.getStack().getSliceLabel(imp.getStackIndex(2, 3, 1)));
		assertArrayEquals(TestImages.values(imp.getStack().getProcessor(imp.getStackIndex(2, 3, 1))),
			TestImages.values(ImagePlusImgs.plane(imp, 2, 3, 1)));
	}

	@Test
	void multiChannelImageIsReadAsItsMergedView() {
		ImagePlus hyper = TestImages.byteHyperstack(6, 4, 2, 1, 1, 80);
		CompositeImage composite = new CompositeImage(hyper, CompositeImage.COMPOSITE);
		FloatImage image = FloatImages.of(composite);
		assertEquals(3, image.channels());
		ImageProcessor c1 = composite.getStack().getProcessor(1);
		assertEquals(c1.get(5) / 255f, image.data()[5]); // channel 1 is red
		assertEquals(ImagePlus.COLOR_RGB, ResultImages.create(image, composite, "r").getType());
	}

	@Test
	void samplesRoundTrip() throws IOException {
		ImagePlus cell = ImageFiles.read(Path.of("samples", "cell.png"));
		assertEquals(ImagePlus.GRAY8, cell.getType());
		FloatImage cellImage = FloatImages.of(cell);
		assertEquals(1, cellImage.channels());
		assertEquals(cell.getWidth(), cellImage.width());
		ImagePlus cellBack = ResultImages.create(cellImage, cell, "back");
		assertArrayEquals((byte[]) cell.getProcessor().getPixels(), (byte[]) cellBack.getProcessor().getPixels());

		ImagePlus coffee = ImageFiles.read(Path.of("samples", "coffee.png"));
		assertEquals(ImagePlus.COLOR_RGB, coffee.getType());
		FloatImage coffeeImage = FloatImages.of(coffee);
		assertEquals(3, coffeeImage.channels());
		ImagePlus coffeeBack = ResultImages.create(coffeeImage, coffee, "back");
		int[] a = (int[]) coffee.getProcessor().getPixels(), b = (int[]) coffeeBack.getProcessor().getPixels();
		for (int i = 0; i < a.length; i++) {
			assertEquals(a[i] & 0xffffff, b[i] & 0xffffff);
		}
	}

	@Test
	void aPlaneTooLargeToConvertSaysItsSizeAndTheLimit() {
		// 30000 x 30000 pixels that take no memory: one pixel, extended.
		var huge = Views.interval(Views.extendZero(ArrayImgs.unsignedBytes(1, 1)), new long[] { 0, 0 },
			new long[] { 29999, 29999 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FloatImages.gray(huge, DisplayRange.eightBit(false)));
		assertEquals("the image is 30000x30000 pixels (900.0 megapixels); a plane may have at most 715.8 megapixels"
			+ " (26754x26754, say) to be styled; scale it down first (styling computes at the size parameter, a few hundred"
			+ " to a few thousand pixels, anyway)", e.getMessage());
	}
}

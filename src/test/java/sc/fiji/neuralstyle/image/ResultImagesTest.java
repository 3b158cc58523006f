package sc.fiji.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import ij.process.LUT;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;

import java.awt.Color;

import org.junit.jupiter.api.Test;

class ResultImagesTest {

	private static ImagePlus calibrated(ImagePlus imp) {
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 2;
		cal.setUnit("µm");
		cal.frameInterval = 3;
		cal.xOrigin = 8;
		cal.yOrigin = 6;
		return imp;
	}

	@Test
	void calibrationIsCopiedAndScaledToTheResultSize() {
		ImagePlus content = calibrated(new ImagePlus("content", TestImages.bytes(40, 30, 1)));
		ImagePlus result = ResultImages.create(FloatImage.zeros(20, 10, 1), content, "result");
		Calibration cal = result.getCalibration();
		// Same field of view: 40 * 0.5 = 20 * 1.0 wide, 30 * 0.25 = 10 * 0.75 high.
		assertEquals(1.0, cal.pixelWidth, 1e-12);
		assertEquals(0.75, cal.pixelHeight, 1e-12);
		assertEquals(2, cal.pixelDepth, 1e-12);
		assertEquals("µm", cal.getUnit());
		assertEquals(3, cal.frameInterval, 1e-12);
		assertEquals(4, cal.xOrigin, 1e-12);
		assertEquals(2, cal.yOrigin, 1e-12);
		// The content's calibration is not touched.
		assertEquals(0.5, content.getCalibration().pixelWidth);
	}

	@Test
	void anUncalibratedContentGivesAnUncalibratedResult() {
		ImagePlus content = new ImagePlus("content", TestImages.bytes(40, 30, 1));
		ImagePlus result = ResultImages.create(FloatImage.zeros(20, 10, 1), content, "result");
		assertFalse(result.getCalibration().scaled(), "a result in pixels, not in pixels of the content");
		assertEquals(1.0, result.getCalibration().pixelWidth);
	}

	@Test
	void calibrationOfASameSizeResultIsEqual() {
		ImagePlus content = calibrated(new ImagePlus("content", TestImages.rgb(12, 10, 1)));
		ImagePlus result = ResultImages.create(FloatImage.zeros(12, 10, 3), content, "result");
		assertEquals(0.5, result.getCalibration().pixelWidth);
		assertEquals(0.25, result.getCalibration().pixelHeight);
	}

	@Test
	void grayContentGetsTheLuminanceOfAnRgbResult() {
		ImagePlus content = new ImagePlus("gray", TestImages.bytes(2, 1, 3));
		// Planar: R of both pixels, then G, then B. Pixel 0 is (1, 0.5, 0), pixel 1 (0.2, 0.4, 1).
		float[] rgb = { 1, 0.2f, 0.5f, 0.4f, 0, 1 };
		ImagePlus result = ResultImages.create(new FloatImage(2, 1, 3, rgb), content, "result");
		assertEquals(ImagePlus.GRAY8, result.getType());
		ImageProcessor ip = result.getProcessor();
		assertEquals(Math.round(255 * (0.299 * 1 + 0.587 * 0.5 + 0.114 * 0)), ip.get(0));
		assertEquals(Math.round(255 * (0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 1)), ip.get(1));
	}

	@Test
	void sixteenBitGrayFromRgbResultUsesTheDisplayRange() {
		ImageProcessor ip = TestImages.shorts(1, 1, 0, 0, 10);
		ip.setMinAndMax(100, 1100);
		ImagePlus content = new ImagePlus("gray16", ip);
		FloatImage white = new FloatImage(1, 1, 3, new float[] { 1, 1, 1 });
		assertEquals(1100, ResultImages.create(white, content, "r").getProcessor().get(0));
		FloatImage halfGray = new FloatImage(1, 1, 3, new float[] { 0.5f, 0.5f, 0.5f });
		assertEquals(600, ResultImages.create(halfGray, content, "r").getProcessor().get(0));
	}

	@Test
	void rgbContentWithAGrayResultGetsEqualChannels() {
		ImagePlus content = new ImagePlus("rgb", TestImages.rgb(1, 1, 0));
		ImagePlus result = ResultImages.create(new FloatImage(1, 1, 1, new float[] { 0.5f }), content, "r");
		assertEquals(ImagePlus.COLOR_RGB, result.getType());
		assertEquals(0x808080, result.getProcessor().get(0) & 0xffffff);
	}

	@Test
	void valuesOutsideTheUnitRangeAreClamped() {
		ImagePlus content = new ImagePlus("rgb", TestImages.rgb(1, 1, 0));
		FloatImage wild = new FloatImage(1, 1, 3, new float[] { -0.5f, 1.5f, Float.NaN });
		assertEquals(0x00ff00, ResultImages.create(wild, content, "r").getProcessor().get(0) & 0xffffff);
	}

	@Test
	void grayResultKeepsTheContentsLut() {
		ImageProcessor ip = TestImages.bytes(3, 3, 0);
		ip.setLut(LUT.createLutFromColor(Color.GREEN));
		ImagePlus content = new ImagePlus("green", ip);
		ImagePlus result = ResultImages.create(FloatImage.zeros(3, 3, 1), content, "r");
		LUT lut = result.getProcessor().getLut();
		assertEquals(0, lut.getRed(255));
		assertEquals(255, lut.getGreen(255));
		assertFalse(result.getProcessor().isDefaultLut());
	}

	@Test
	void titleNamesBothImagesWithoutExtensions() {
		assertEquals("coffee styled as starry_night", ResultImages.title("coffee.png", "starry_night.jpg"));
		assertEquals("cell styled as brick", ResultImages.title("cell", "brick.TIF"));
		assertEquals("a.b styled as c.d", ResultImages.title("a.b.ome.tiff", "c.d"));
		assertEquals("image styled as style", ResultImages.title(null, " "));
	}

	@Test
	void infoGoesIntoTheInfoProperty() {
		ImagePlus imp = new ImagePlus("r", TestImages.bytes(2, 2, 0));
		ResultImages.setInfo(imp, "style_weight=1000\niterations=500");
		assertEquals("style_weight=1000\niterations=500", imp.getInfoProperty());
		assertTrue(imp.getProperty(ResultImages.INFO) instanceof String);
	}
}

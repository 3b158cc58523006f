package sc.fiji.neuralstyle.image;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;

import java.util.regex.Pattern;

/**
 * Styled {@link FloatImage}s back as ImageJ1 images of the content's type family: RGB stays RGB; gray
 * stays gray of the same bit depth, mapped back into the content's display range (a 3-channel result
 * becomes gray by its Rec. 601 luminance); the calibration, scaled to the result's size, a title
 * naming both inputs and the run's parameters in the "Info" property.
 */
public final class ResultImages {

	/** The property ImageJ shows in Image > Show Info and saves in TIFF files. */
	public static final String INFO = "Info";

	private static final Pattern IMAGE_EXTENSION = Pattern.compile(
		"(?i)\\.(tiff?|png|jpe?g|gif|bmp|pgm|ppm|pnm|fits?|dcm|zip|lsm|czi|nd2|lif|ome\\.tiff?)$");

	private ResultImages() {
		// static utility
	}

	/**
	 * A new image holding {@code result} in the type of {@code content}'s current plane (see
	 * {@link ResultType#of}), with the content's calibration scaled to the result's size.
	 */
	public static ImagePlus create(FloatImage result, ImagePlus content, String title) {
		ResultType type = ResultType.of(content);
		ImagePlus imp = new ImagePlus(title, toProcessor(result, type));
		copyCalibration(content, imp);
		return imp;
	}

	/**
	 * One plane of the given type. Gray: a 3-channel image is first reduced to its luminance, then
	 * every sample is mapped back through the type's display range (rounded and clamped for 8 and
	 * 16-bit), and the processor gets the type's lookup table and display range. RGB: each channel
	 * × 255, rounded; a 1-channel image gives equal R, G and B.
	 */
	public static ImageProcessor toProcessor(FloatImage image, ResultType type) {
		if (type.isRgb()) return toColorProcessor(image);
		float[] values = ColorTransfer.luminance(image).data();
		int w = image.width(), h = image.height();
		DisplayRange range = type.range();
		ImageProcessor ip = switch (type.bitDepth()) {
			case 8 -> {
				byte[] pixels = new byte[values.length];
				for (int i = 0; i < values.length; i++) {
					pixels[i] = (byte) roundClamped(range.fromUnit(values[i]), 255);
				}
				yield new ByteProcessor(w, h, pixels);
			}
			case 16 -> {
				short[] pixels = new short[values.length];
				for (int i = 0; i < values.length; i++) {
					pixels[i] = (short) roundClamped(range.fromUnit(values[i]), 65535);
				}
				yield new ShortProcessor(w, h, pixels, null);
			}
			default -> {
				float[] pixels = new float[values.length];
				for (int i = 0; i < values.length; i++) {
					pixels[i] = (float) range.fromUnit(values[i]);
				}
				yield new FloatProcessor(w, h, pixels);
			}
		};
		if (type.lut() != null) ip.setLut(type.lut());
		if (type.bitDepth() != 8) ip.setMinAndMax(range.min(), range.max());
		return ip;
	}

	private static ColorProcessor toColorProcessor(FloatImage image) {
		int n = image.planeSize();
		float[] d = image.data();
		int g = image.channels() == 3 ? n : 0;
		int b = image.channels() == 3 ? 2 * n : 0;
		int[] pixels = new int[n];
		for (int i = 0; i < n; i++) {
			pixels[i] = 0xff000000 | roundClamped(255.0 * d[i], 255) << 16
				| roundClamped(255.0 * d[g + i], 255) << 8 | roundClamped(255.0 * d[b + i], 255);
		}
		return new ColorProcessor(image.width(), image.height(), pixels);
	}

	private static int roundClamped(double v, int max) {
		if (!(v > 0)) return 0; // also NaN
		return v >= max ? max : (int) Math.round(v);
	}

	/**
	 * Gives {@code result} the spatial calibration of {@code content}, scaled so that it covers the
	 * same field of view: a result half as wide has pixels twice as wide (and its origin, in pixels,
	 * halved). Units, z spacing and frame interval are kept. A value calibration (e.g. of signed
	 * 16-bit images) is kept only if both images have the same bit depth. An uncalibrated content
	 * gives an uncalibrated result.
	 */
	public static void copyCalibration(ImagePlus content, ImagePlus result) {
		Calibration cal = content.getCalibration().copy();
		// An uncalibrated image (unit "pixel") stays uncalibrated: its result's pixels are pixels too.
		if (cal.scaled()) {
			double sx = (double) content.getWidth() / result.getWidth();
			double sy = (double) content.getHeight() / result.getHeight();
			cal.pixelWidth *= sx;
			cal.pixelHeight *= sy;
			cal.xOrigin /= sx;
			cal.yOrigin /= sy;
		}
		if (content.getBitDepth() != result.getBitDepth()) cal.disableDensityCalibration();
		result.setCalibration(cal);
	}

	/**
	 * A title naming both inputs, e.g. "coffee styled as starry_night" for "coffee.png" and
	 * "starry_night.jpg" (image file extensions are dropped).
	 */
	public static String title(String contentTitle, String styleTitle) {
		return baseName(contentTitle, "image") + " styled as " + baseName(styleTitle, "style");
	}

	private static String baseName(String title, String fallback) {
		if (title == null || title.isBlank()) return fallback;
		String name = IMAGE_EXTENSION.matcher(title.strip()).replaceFirst("");
		return name.isEmpty() ? fallback : name;
	}

	/**
	 * Puts {@code text} (e.g. the run's parameters) in the image's "Info" property, shown by Image &gt;
	 * Show Info and saved in TIFF files.
	 */
	public static void setInfo(ImagePlus imp, String text) {
		imp.setProperty(INFO, text);
	}
}

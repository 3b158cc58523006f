package sc.fiji.neuralstyle.image;

import java.util.Locale;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;

/**
 * Planes of ImageJ1 and ImgLib2 images as {@link FloatImage}s for the engine: gray planes become one
 * channel mapped through a {@link DisplayRange}, RGB planes three channels divided by 255.
 */
public final class FloatImages {

	/**
	 * The most pixels a plane may have: its RGB samples go into one Java float array, which holds at
	 * most {@code Integer.MAX_VALUE} values.
	 */
	public static final long MAX_PIXELS = Integer.MAX_VALUE / 3;

	private FloatImages() {
		// static utility
	}

	/**
	 * The plane the user is looking at, as displayed: the current slice and frame; for a
	 * multi-channel image the merged view of its channels (RGB, see {@link MergedChannels}); for a
	 * 16 or 32-bit image its display range; for 8-bit the raw values (see {@link DisplayRange}).
	 */
	public static FloatImage of(ImagePlus imp) {
		if (imp.getNChannels() > 1 && imp.getBitDepth() != 24) {
			return rgb(MergedChannels.render(imp, imp.getZ(), imp.getT()));
		}
		ImageProcessor ip = imp.getProcessor();
		return ip instanceof ColorProcessor cp ? rgb(cp) : gray(ip, DisplayRange.of(ip));
	}

	/**
	 * One plane: three channels if it is RGB (the range is then ignored), else one channel mapped
	 * through {@code range}.
	 */
	public static FloatImage of(ImageProcessor ip, DisplayRange range) {
		return ip instanceof ColorProcessor cp ? rgb(cp) : gray(ip, range);
	}

	/** A gray plane, mapped through {@code range}. */
	public static FloatImage gray(ImageProcessor ip, DisplayRange range) {
		return gray(ImagePlusImgs.wrapGray(ip), range);
	}

	/** An RGB plane: channels R, G, B, each value / 255. */
	public static FloatImage rgb(ColorProcessor ip) {
		return rgb(ImagePlusImgs.wrap(ip));
	}

	/**
	 * A 2D real-valued image as a 1-channel FloatImage, each value mapped through {@code range}
	 * (see {@link DisplayRange#toUnit}).
	 */
	public static FloatImage gray(RandomAccessibleInterval<? extends RealType<?>> plane, DisplayRange range) {
		int[] size = size(plane);
		float[] data = new float[size[0] * size[1]];
		Cursor<? extends RealType<?>> cursor = Views.flatIterable(plane).cursor();
		for (int i = 0; i < data.length; i++) {
			data[i] = range.toUnit(cursor.next().getRealDouble());
		}
		return new FloatImage(size[0], size[1], 1, data);
	}

	/** A 2D ARGB image as a 3-channel FloatImage (R, G, B, each / 255; alpha ignored). */
	public static FloatImage rgb(RandomAccessibleInterval<ARGBType> plane) {
		int[] size = size(plane);
		int n = size[0] * size[1];
		float[] data = new float[3 * n];
		Cursor<ARGBType> cursor = Views.flatIterable(plane).cursor();
		for (int i = 0; i < n; i++) {
			int argb = cursor.next().get();
			data[i] = ARGBType.red(argb) / 255f;
			data[n + i] = ARGBType.green(argb) / 255f;
			data[2 * n + i] = ARGBType.blue(argb) / 255f;
		}
		return new FloatImage(size[0], size[1], 3, data);
	}

	private static int[] size(RandomAccessibleInterval<?> plane) {
		if (plane.numDimensions() != 2) {
			throw new IllegalArgumentException("Expected a 2D plane, got " + plane.numDimensions()
				+ " dimensions");
		}
		long w = plane.dimension(0), h = plane.dimension(1);
		if (w * h > MAX_PIXELS) throw new IllegalArgumentException(tooLarge(w, h));
		return new int[] { (int) w, (int) h };
	}

	/** The message for a plane of more than {@link #MAX_PIXELS}: its size, the limit, what to do. */
	static String tooLarge(long width, long height) {
		long side = (long) Math.sqrt(MAX_PIXELS);
		return String.format(Locale.ROOT, "the image is %dx%d pixels (%.1f megapixels); a plane may have at most %.1f"
			+ " megapixels (%dx%d, say) to be styled; scale it down first (styling computes at the size parameter,"
			+ " a few hundred to a few thousand pixels, anyway)", width, height, width * height / 1e6, MAX_PIXELS / 1e6,
			side, side);
	}
}

package sc.fiji.neuralstyle.image;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * ImageJ1 planes as ImgLib2 images, without copying: each image is a 2D {@link ArrayImg} over the
 * processor's own pixel array (ImageJ1 and ArrayImg both store rows one after another), so writes go
 * through to the processor.
 */
public final class ImagePlusImgs {

	private ImagePlusImgs() {
		// static utility
	}

	/** An 8-bit plane as unsigned bytes. */
	public static ArrayImg<UnsignedByteType, ByteArray> wrap(ByteProcessor ip) {
		return ArrayImgs.unsignedBytes((byte[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
	}

	/** A 16-bit plane as unsigned shorts (raw values, any calibration function ignored). */
	public static ArrayImg<UnsignedShortType, ShortArray> wrap(ShortProcessor ip) {
		return ArrayImgs.unsignedShorts((short[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
	}

	/** A 32-bit plane as floats. */
	public static ArrayImg<FloatType, FloatArray> wrap(FloatProcessor ip) {
		return ArrayImgs.floats((float[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
	}

	/** An RGB plane as ARGB ints. */
	public static ArrayImg<ARGBType, IntArray> wrap(ColorProcessor ip) {
		return ArrayImgs.argbs((int[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
	}

	/**
	 * A gray (8, 16 or 32-bit) plane as real values.
	 *
	 * @throws IllegalArgumentException for an RGB plane: use {@link #wrap(ColorProcessor)}
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> wrapGray(ImageProcessor ip) {
		if (ip instanceof ByteProcessor bp) return wrap(bp);
		if (ip instanceof ShortProcessor sp) return wrap(sp);
		if (ip instanceof FloatProcessor fp) return wrap(fp);
		throw new IllegalArgumentException("Not a gray plane: " + describe(ip));
	}

	/**
	 * The processor of one plane of an image, 1-based as in ImageJ1. For a stack this is a processor
	 * over the stack's pixel array (a virtual stack reads it from disk); for a single image it is the
	 * image's own processor.
	 *
	 * @throws IllegalArgumentException if a position is outside the image
	 */
	public static ImageProcessor plane(ImagePlus imp, int channel, int slice, int frame) {
		checkPosition("channel", channel, imp.getNChannels());
		checkPosition("slice", slice, imp.getNSlices());
		checkPosition("frame", frame, imp.getNFrames());
		if (imp.getStackSize() == 1) return imp.getProcessor();
		return imp.getStack().getProcessor(imp.getStackIndex(channel, slice, frame));
	}

	private static void checkPosition(String what, int index, int count) {
		if (index < 1 || index > count) {
			throw new IllegalArgumentException("There is no " + what + " " + index + ": the image has "
				+ count + " (numbered from 1)");
		}
	}

	static String describe(ImageProcessor ip) {
		return ip.getBitDepth() + "-bit " + ip.getWidth() + "x" + ip.getHeight() + " "
			+ ip.getClass().getSimpleName();
	}
}

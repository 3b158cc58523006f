package sc.fiji.neuralstyle.image;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.process.LUT;

/**
 * The pixel type a styled plane is written back as: RGB, or gray of the content's bit depth with the
 * content's display range and lookup table, so that the result looks like its content.
 *
 * @param bitDepth 8, 16 or 32 for gray, 24 for RGB
 * @param range how [0, 1] maps back to gray values; {@code null} for RGB
 * @param lut the lookup table (with its display range) for a gray result; {@code null} for RGB or
 *          for ImageJ's default gray
 */
public record ResultType(int bitDepth, DisplayRange range, LUT lut) {

	private static final ResultType RGB = new ResultType(24, null, null);

	public ResultType {
		if (bitDepth != 8 && bitDepth != 16 && bitDepth != 24 && bitDepth != 32) {
			throw new IllegalArgumentException("Unsupported bit depth " + bitDepth
				+ ": expected 8, 16 or 32 (gray) or 24 (RGB)");
		}
		if (bitDepth != 24 && range == null) {
			throw new IllegalArgumentException("A gray result needs a display range");
		}
	}

	/** An RGB result. */
	public static ResultType rgb() {
		return RGB;
	}

	/** Whether results are RGB. */
	public boolean isRgb() {
		return bitDepth == 24;
	}

	/**
	 * The type of a result for the plane {@link FloatImages#of(ImagePlus)} reads: RGB for an RGB
	 * image and for the merged view of a multi-channel image, else gray like the content.
	 */
	public static ResultType of(ImagePlus content) {
		if (content.getBitDepth() == 24 || content.getNChannels() > 1) return RGB;
		return new ResultType(content.getBitDepth(), DisplayRange.of(content),
			content.getProcessor().getLut());
	}

	/** The type of a result for one channel (1-based) of a gray multi-channel image. */
	public static ResultType ofChannel(ImagePlus content, int channel) {
		if (content.getBitDepth() == 24) return RGB;
		LUT lut = content instanceof CompositeImage ci ? ci.getChannelLut(channel)
			: content.getProcessor().getLut();
		return new ResultType(content.getBitDepth(), DisplayRange.ofChannel(content, channel), lut);
	}
}

package sc.fiji.neuralstyle.image;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

/**
 * How the gray values of one plane map to [0, 1] and back: {@code min} maps to 0 and {@code max} to
 * 1 (values outside are clamped), reversed when the lookup table is inverted (white at 0), so that 0
 * is always what is shown darkest.
 * <p>
 * 16-bit and 32-bit planes use their display range ({@code Image > Adjust > Brightness/Contrast}):
 * what the user sees is what is styled. 8-bit planes use the raw values 0..255 whatever their display
 * range, so that an 8-bit result holds the same kind of values as its content.
 *
 * @param min the raw value shown black (white if inverted)
 * @param max the raw value shown white (black if inverted)
 * @param inverted whether the lookup table is inverted
 */
public record DisplayRange(double min, double max, boolean inverted) {

	public DisplayRange {
		if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
			throw new IllegalArgumentException("Invalid display range " + min + ".." + max
				+ ": set a display range with Image > Adjust > Brightness/Contrast");
		}
	}

	/** The range of an 8-bit plane: raw values, 0..255. */
	public static DisplayRange eightBit(boolean inverted) {
		return new DisplayRange(0, 255, inverted);
	}

	/**
	 * The range of a gray processor: 0..255 for 8-bit, its display range (min and max) otherwise.
	 *
	 * @throws IllegalArgumentException for an RGB processor
	 */
	public static DisplayRange of(ImageProcessor ip) {
		return switch (ip.getBitDepth()) {
			case 8 -> eightBit(ip.isInvertedLut());
			case 16, 32 -> new DisplayRange(ip.getMin(), ip.getMax(), ip.isInvertedLut());
			default -> throw new IllegalArgumentException("An RGB image has no gray display range");
		};
	}

	/** The range of the current plane of a gray image. */
	public static DisplayRange of(ImagePlus imp) {
		return of(imp.getProcessor());
	}

	/**
	 * The range of one channel (1-based) of a multi-channel image: for a composite image its channel
	 * lookup table holds its own display range and inversion.
	 */
	public static DisplayRange ofChannel(ImagePlus imp, int channel) {
		if (imp instanceof CompositeImage ci && channel <= ci.getNChannels()) {
			LUT lut = ci.getChannelLut(channel);
			boolean inverted = isInverted(lut);
			if (imp.getBitDepth() == 8) return eightBit(inverted);
			return new DisplayRange(lut.min, lut.max, inverted);
		}
		return of(imp);
	}

	private static boolean isInverted(LUT lut) {
		ImageProcessor probe = new ByteProcessor(1, 1);
		probe.setColorModel(lut.getColorModel());
		return probe.isInvertedLut();
	}

	/**
	 * A raw gray value as a sample in [0, 1]. NaN (possible in 32-bit images) becomes 0. An empty
	 * range ({@code min == max}) maps values up to {@code min} to 0 and larger ones to 1, as ImageJ
	 * shows them.
	 */
	public float toUnit(double raw) {
		double v;
		if (Double.isNaN(raw)) v = 0;
		else if (max == min) v = raw > max ? 1 : 0;
		else v = (raw - min) / (max - min);
		v = v < 0 ? 0 : v > 1 ? 1 : v;
		return (float) (inverted ? 1 - v : v);
	}

	/** A sample in [0, 1] (clamped) as a raw gray value in this range (not rounded). */
	public double fromUnit(double unit) {
		double v = unit < 0 ? 0 : unit > 1 ? 1 : unit;
		if (inverted) v = 1 - v;
		return min + v * (max - min);
	}
}

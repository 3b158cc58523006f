package sc.fiji.neuralstyle.image;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import java.util.Arrays;

/**
 * The RGB view of a multi-channel image at one slice and frame, as ImageJ shows it in composite
 * mode: every shown channel through its own lookup table and display range, combined by the image's
 * composite projection (sum, the default, or max or min).
 * <p>
 * Rendering uses ImageJ1's own per-channel rendering ({@link ImageProcessor#updateComposite}) on
 * fresh processors over the stack's pixels, so the user's image (its position, display and window)
 * is left untouched. An image in "color" or "grayscale" mode, which shows one channel at a time, is
 * merged with all channels, since merging is what was asked for.
 */
public final class MergedChannels {

	private MergedChannels() {
		// static utility
	}

	/**
	 * The merged RGB view of {@code imp} at {@code slice} and {@code frame} (1-based).
	 *
	 * @throws IllegalArgumentException if the image is RGB, the position does not exist, no channel is
	 *           shown, or the composite uses the "invert" projection
	 */
	public static ColorProcessor render(ImagePlus imp, int slice, int frame) {
		if (imp.getBitDepth() == 24) {
			throw new IllegalArgumentException("'" + imp.getTitle()
				+ "' is already RGB: its channels need no merging");
		}
		int channels = imp.getNChannels();
		CompositeImage composite = imp instanceof CompositeImage ci ? ci : asComposite(imp);
		LUT[] luts = composite.getLuts();
		boolean[] shown = shownChannels(composite, channels);
		int projection = projection(imp);
		ColorProcessor rgb = new ColorProcessor(imp.getWidth(), imp.getHeight());
		int[] pixels = (int[]) rgb.getPixels();
		if (projection == ImageProcessor.MIN_PROJECTION) Arrays.fill(pixels, 0xffffff);
		for (int c = 1; c <= channels; c++) {
			if (!shown[c - 1]) continue;
			ImageProcessor ip = ImagePlusImgs.plane(imp, c, slice, frame);
			// The LUT is set on a processor of our own, never on the one the user's image shows.
			if (ip == imp.getProcessor()) ip = ip.duplicate();
			ip.setLut(luts[c - 1]);
			ip.updateComposite(pixels, projection);
		}
		return rgb;
	}

	/** A composite view over the same stack (no pixels copied), with ImageJ's default channel LUTs. */
	private static CompositeImage asComposite(ImagePlus imp) {
		if (imp.getNChannels() > CompositeImage.MAX_CHANNELS) {
			throw new IllegalArgumentException("'" + imp.getTitle() + "' has " + imp.getNChannels()
				+ " channels; ImageJ merges at most " + CompositeImage.MAX_CHANNELS
				+ ". Choose one channel to style instead");
		}
		return new CompositeImage(imp, CompositeImage.COMPOSITE);
	}

	private static boolean[] shownChannels(CompositeImage composite, int channels) {
		boolean[] shown = new boolean[channels];
		boolean composing = composite.getMode() == CompositeImage.COMPOSITE;
		boolean[] active = composite.getActiveChannels();
		boolean any = false;
		for (int c = 0; c < channels; c++) {
			shown[c] = !composing || active == null || c >= active.length || active[c];
			any |= shown[c];
		}
		if (!any) {
			throw new IllegalArgumentException("No channel of '" + composite.getTitle()
				+ "' is shown: tick at least one in Image > Color > Channels Tool");
		}
		return shown;
	}

	/** The projection ImageJ uses for this image, read from its "CompositeProjection" property. */
	private static int projection(ImagePlus imp) {
		String mode = imp.getProp("CompositeProjection");
		if (mode == null) return ImageProcessor.SUM_PROJECTION;
		String m = mode.toLowerCase();
		if (m.contains("invert")) {
			throw new IllegalArgumentException("'" + imp.getTitle() + "' uses the '" + mode
				+ "' composite mode, which cannot be merged here: choose Composite Sum, Max or Min"
				+ " in Image > Color > Channels Tool, or style one channel");
		}
		if (m.contains("max")) return ImageProcessor.MAX_PROJECTION;
		if (m.contains("min")) return ImageProcessor.MIN_PROJECTION;
		return ImageProcessor.SUM_PROJECTION;
	}
}

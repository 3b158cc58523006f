package sc.fiji.neuralstyle.image;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.util.Random;

/** Small seeded ImageJ1 images for tests. */
final class TestImages {

	private TestImages() {}

	static ByteProcessor bytes(int w, int h, long seed) {
		Random random = new Random(seed);
		byte[] pixels = new byte[w * h];
		random.nextBytes(pixels);
		return new ByteProcessor(w, h, pixels);
	}

	/** Random 16-bit values in [lo, hi]. */
	static ShortProcessor shorts(int w, int h, long seed, int lo, int hi) {
		Random random = new Random(seed);
		short[] pixels = new short[w * h];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = (short) (lo + random.nextInt(hi - lo + 1));
		}
		return new ShortProcessor(w, h, pixels, null);
	}

	/** Random 32-bit values in [lo, hi). */
	static FloatProcessor floats(int w, int h, long seed, float lo, float hi) {
		Random random = new Random(seed);
		float[] pixels = new float[w * h];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = lo + (hi - lo) * random.nextFloat();
		}
		return new FloatProcessor(w, h, pixels);
	}

	static ColorProcessor rgb(int w, int h, long seed) {
		Random random = new Random(seed);
		int[] pixels = new int[w * h];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = 0xff000000 | random.nextInt(1 << 24);
		}
		return new ColorProcessor(w, h, pixels);
	}

	/**
	 * A hyperstack of random 8-bit planes, labelled "c&lt;c&gt;z&lt;z&gt;t&lt;t&gt;", in ImageJ's
	 * order (channels fastest, then slices, then frames).
	 */
	static ImagePlus byteHyperstack(int w, int h, int channels, int slices, int frames, long seed) {
		ImageStack stack = new ImageStack(w, h);
		int n = 0;
		for (int t = 1; t <= frames; t++) {
			for (int z = 1; z <= slices; z++) {
				for (int c = 1; c <= channels; c++) {
					stack.addSlice("c" + c + "z" + z + "t" + t, bytes(w, h, seed + n++));
				}
			}
		}
		ImagePlus imp = new ImagePlus("hyper", stack);
		imp.setDimensions(channels, slices, frames);
		if (slices * frames > 1 && channels * slices * frames > Math.max(channels, Math.max(slices, frames))) {
			imp.setOpenAsHyperStack(true);
		}
		return imp;
	}

	/** Raw values of a gray processor as doubles. */
	static double[] values(ImageProcessor ip) {
		double[] v = new double[ip.getPixelCount()];
		for (int i = 0; i < v.length; i++) {
			v[i] = ip.getf(i);
		}
		return v;
	}
}

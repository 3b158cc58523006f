package sc.fiji.neuralstyle.fast;

import sc.fiji.neuralstyle.fast.TransformerLayout.Add;
import sc.fiji.neuralstyle.fast.TransformerLayout.Conv;
import sc.fiji.neuralstyle.fast.TransformerLayout.Norm;
import sc.fiji.neuralstyle.fast.TransformerLayout.Op;
import sc.fiji.neuralstyle.fast.TransformerLayout.Relu;
import sc.fiji.neuralstyle.fast.TransformerLayout.Save;
import sc.fiji.neuralstyle.fast.TransformerLayout.Upsample;

/**
 * The memory of applying a fast-style model to an image, and the tile size that fits: the style of
 * {@code engine.plan.MemoryPlanner} for the pixel optimisation.
 * <p>
 * A pass without gradient holds at once the input, the residual kept across a block, and the arrays
 * of its widest step ({@link TransformerNet#run} frees each result once read): at full resolution the
 * second upsampling's 64 channels with their padded copy and the 32-channel convolution output, about
 * 195 values per input pixel. Walking {@link TransformerLayout}'s operations with PyTorch's size rules
 * gives that peak for any crop; {@link #BYTES_PER_ELEMENT} turns it into bytes (measured,
 * {@code bench/fast_memory.sh}).
 */
public final class ApplyMemory {

	/**
	 * Bytes per value of the peak's arrays: 4 for the floats and a tenth more for what PyTorch's
	 * convolutions take as work space. Measured with {@code bench/fast_memory.sh} on the CPU (2-core
	 * AMD EPYC, PyTorch 2.7.1): one pass added 54 MB at 256 × 256 px and 124 MB at 384 × 384 px to the
	 * process, 1.10 and 1.08 times the values counted here; a CUDA device is assumed alike.
	 */
	static final double BYTES_PER_ELEMENT = 4.4;
	/** What PyTorch takes besides the arrays in a pass (work space, allocator slack). */
	static final long PASS_OVERHEAD_BYTES = 64L << 20;

	private ApplyMemory() {}

	/** Bytes of one pass over a {@code width × height} image or crop (the last pass of tiles: the deepest). */
	public static long passBytes(int width, int height) {
		return (long) (BYTES_PER_ELEMENT * peakElements(width, height)) + PASS_OVERHEAD_BYTES;
	}

	/**
	 * The side of the tiles' cores for an image: 0 when one pass over the whole image fits
	 * {@code available} bytes, else the largest multiple of {@link TileGeometry#ALIGNMENT} whose crop
	 * (core and output margin on each side) does.
	 *
	 * @return the tile side, 0 for the whole image, or −1 when not even the smallest tile fits
	 */
	public static int tileFor(int width, int height, long available) {
		if (passBytes(width, height) <= available) return 0;
		int margin = 2 * TileGeometry.outputMargin();
		int best = -1;
		for (int tile = TileGeometry.ALIGNMENT; tile < Math.max(width, height); tile += TileGeometry.ALIGNMENT) {
			if (passBytes(Math.min(width, tile + margin), Math.min(height, tile + margin)) > available) break;
			best = tile;
		}
		return best;
	}

	/** The most values alive at once in one pass over a {@code width × height} input. */
	static long peakElements(int width, int height) {
		long input = 3L * width * height;
		int channels = 3, w = width, h = height;
		long kept = 0;
		long peak = 0;
		for (Op op : TransformerLayout.OPS) {
			long current = (long) channels * w * h;
			long step;
			if (op instanceof Conv c) {
				int p = c.padding();
				long wide = (long) channels * h * (w + 2L * p);
				long padded = (long) channels * (h + 2L * p) * (w + 2L * p);
				int outW = (w + 2 * p - c.kernel()) / c.stride() + 1, outH = (h + 2 * p - c.kernel()) / c.stride() + 1;
				long out = (long) c.out() * outW * outH;
				step = current + Math.max(wide + padded, padded + out);
				channels = c.out();
				w = outW;
				h = outH;
			}
			else if (op instanceof Norm || op instanceof Add) step = 3 * current;
			else if (op instanceof Relu) step = 2 * current;
			else if (op instanceof Upsample) {
				step = 7 * current;
				w *= 2;
				h *= 2;
			}
			else if (op instanceof Save) {
				kept = current;
				continue;
			}
			else throw new IllegalStateException("unknown operation " + op);
			peak = Math.max(peak, step + (op instanceof Add ? 0 : kept) + input);
			if (op instanceof Add) kept = 0;
		}
		return peak;
	}
}

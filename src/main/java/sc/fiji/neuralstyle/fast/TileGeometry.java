package sc.fiji.neuralstyle.fast;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.neuralstyle.fast.TransformerLayout.Conv;
import sc.fiji.neuralstyle.fast.TransformerLayout.Norm;
import sc.fiji.neuralstyle.fast.TransformerLayout.Op;
import sc.fiji.neuralstyle.fast.TransformerLayout.Upsample;

/**
 * Where each layer of {@link TransformerLayout} sits on the image, for evaluating it in tiles: the
 * jump (image pixels per feature) at each normalisation, and the margin of context a crop needs so
 * that the features of its core are exactly the whole image's.
 * <p>
 * With the normalisations' statistics fixed, the network is a stack of local operations, so a
 * feature depends on a bounded window of the image: a k×k convolution at jump j reaches (k / 2)·j
 * pixels further, a ×2 nearest upsampling from jump j repeats a feature j / 2 pixels to its right.
 * Where a crop ends inside the image its reflection padding is wrong, and the wrong values reach
 * that far inward; beyond the margin every feature is exact. Crops start on multiples of
 * {@link #ALIGNMENT} (the two stride-2 convolutions), so their feature grids are the whole image's
 * shifted by whole features; at the image's own edges a crop ends where the image does and pads as
 * the whole pass does.
 */
final class TileGeometry {

	/** The product of the strides: crops and tile corners sit on multiples of it. */
	static final int ALIGNMENT = 4;

	private static final int[] JUMPS = new int[TransformerLayout.NORMS.size()];
	private static final int[] MARGINS = new int[TransformerLayout.NORMS.size()];
	private static final int OUTPUT_MARGIN;

	static {
		int jump = 1;
		int reach = 0;
		for (Op op : TransformerLayout.OPS) {
			if (op instanceof Conv c) {
				reach += c.padding() * jump;
				jump *= c.stride();
			}
			else if (op instanceof Upsample) {
				reach += jump / 2;
				jump /= 2;
			}
			else if (op instanceof Norm n) {
				JUMPS[n.index()] = jump;
				MARGINS[n.index()] = aligned(reach);
			}
		}
		OUTPUT_MARGIN = aligned(reach);
	}

	private TileGeometry() {}

	private static int aligned(int pixels) {
		return (pixels + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
	}

	/** Image pixels per feature at normalisation {@code norm}: 1, 2 or 4. */
	static int jump(int norm) {
		return JUMPS[norm];
	}

	/** The context, in image pixels, that makes the features at normalisation {@code norm} exact. */
	static int margin(int norm) {
		return MARGINS[norm];
	}

	/** The context that makes the output exact (60 px). */
	static int outputMargin() {
		return OUTPUT_MARGIN;
	}

	/**
	 * The side of the feature map at normalisation {@code norm}, or of the output with
	 * {@code norm = -1}, for an input side: PyTorch's size rules, so an image side that is not a
	 * multiple of 4 gives a map whose last features lie past the image (the output is
	 * 4 ⌈side / 4⌉ pixels), as in the reference.
	 */
	static int mapSide(int norm, int side) {
		for (Op op : TransformerLayout.OPS) {
			if (op instanceof Norm n && n.index() == norm) return side;
			if (op instanceof Conv c) side = (side + 2 * c.padding() - c.kernel()) / c.stride() + 1;
			else if (op instanceof Upsample) side *= 2;
		}
		return side;
	}

	/**
	 * The smallest image side the network takes: every reflection padding needs more pixels than it
	 * adds (5 px: the 9×9 convolutions pad 4, the quarter-resolution maps must keep 2 features).
	 */
	static int minSide() {
		for (int side = 1;; side++) {
			if (fits(side)) return side;
		}
	}

	private static boolean fits(int side) {
		for (Op op : TransformerLayout.OPS) {
			if (op instanceof Conv c) {
				if (side <= c.padding()) return false;
				side = (side + 2 * c.padding() - c.kernel()) / c.stride() + 1;
			}
			else if (op instanceof Upsample) side *= 2;
		}
		return true;
	}

	/**
	 * The tiles of one axis: cores of at most {@code tile} pixels (a multiple of {@link #ALIGNMENT})
	 * that cover {@code [0, side)}, each {@code {start, end}}.
	 */
	static List<int[]> cores(int side, int tile) {
		if (tile <= 0 || tile % ALIGNMENT != 0) {
			throw new IllegalArgumentException("A tile side must be a positive multiple of " + ALIGNMENT + ", not " + tile);
		}
		List<int[]> cores = new ArrayList<>();
		for (int start = 0; start < side; start += tile) cores.add(new int[] { start, Math.min(side, start + tile) });
		return cores;
	}
}

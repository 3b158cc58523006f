package sc.fiji.neuralstyle.fast;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A {@link TransformerNet} applied to one image in tiles, with the result of one pass over the whole
 * image (to float rounding): no seams.
 * <p>
 * Instance normalisation makes every output pixel depend on statistics of the whole image, so tiles
 * cannot simply be styled one by one. The statistics are gathered first, normalisation by
 * normalisation in forward order (each one's input depends on the earlier ones' statistics): for
 * normalisation k, every tile's crop (its core with {@link TileGeometry#margin} k of context) runs up
 * to k's input with the statistics of 0 … k−1 fixed, and its core's features add their count, mean
 * and squared deviations ({@link NormStatistics}). With all fifteen known, the network is local, and a
 * last pass styles each crop with the output's margin and keeps its core. Memory is one crop's pass;
 * time is about eight passes over the image (the statistics passes stop early and carry smaller
 * margins), so one pass over the whole image is used wherever it fits.
 */
final class TiledForward {

	private final TransformerNet net;

	TiledForward(TransformerNet net) {
		this.net = net;
	}

	/**
	 * Styles an image.
	 *
	 * @param rgb planar RGB in 0–255, channel after channel, each row by row
	 * @param tile the side of the tiles' cores, a multiple of {@link TileGeometry#ALIGNMENT}; 0 for one
	 *          pass over the whole image
	 * @param manager the manager whose device runs the network (sub-managers free each pass's arrays)
	 * @return planar RGB in 0–255 (not clamped), {@code width × height}
	 */
	float[] apply(float[] rgb, int width, int height, int tile, NDManager manager) {
		if (tile <= 0 || (tile >= width && tile >= height)) {
			try (NDManager scope = manager.newSubManager()) {
				return net.forward(scope.create(rgb, new Shape(1, 3, height, width))).toFloatArray();
			}
		}
		List<int[]> rows = TileGeometry.cores(height, tile);
		List<int[]> columns = TileGeometry.cores(width, tile);
		NormStatistics statistics = new NormStatistics();
		for (int norm = 0; norm < TransformerLayout.NORMS.size(); norm++) {
			int margin = TileGeometry.margin(norm);
			int jump = TileGeometry.jump(norm);
			for (int[] r : rows) {
				for (int[] c : columns) {
					Crop crop = new Crop(c, r, margin, width, height);
					try (NDManager scope = manager.newSubManager()) {
						NDArray features = net.run(crop.of(rgb, width, height, scope), statistics.fixed(norm), norm);
						int mapHeight = TileGeometry.mapSide(norm, height), mapWidth = TileGeometry.mapSide(norm, width);
						statistics.add(norm, features.get(new NDIndex(":, :, {}:{}, {}:{}", crop.coreStart(r, 1, jump),
							crop.coreEnd(r, 1, jump, height, mapHeight), crop.coreStart(c, 0, jump),
							crop.coreEnd(c, 0, jump, width, mapWidth))));
					}
				}
			}
		}
		float[] result = new float[rgb.length];
		int margin = TileGeometry.outputMargin();
		for (int[] r : rows) {
			for (int[] c : columns) {
				Crop crop = new Crop(c, r, margin, width, height);
				try (NDManager scope = manager.newSubManager()) {
					NDArray out = net.run(crop.of(rgb, width, height, scope), statistics.fixed(TransformerLayout.NORMS.size()), -1);
					NDArray core = out.get(new NDIndex(":, :, {}:{}, {}:{}", r[0] - crop.y0, r[1] - crop.y0, c[0] - crop.x0, c[1]
						- crop.x0));
					crop.put(core.toFloatArray(), c, r, result, width, height);
				}
			}
		}
		return result;
	}

	/** A tile's core with its margin, clamped to the image. */
	private static final class Crop {

		final int x0, y0, x1, y1;

		Crop(int[] column, int[] row, int margin, int width, int height) {
			x0 = Math.max(0, column[0] - margin);
			x1 = Math.min(width, column[1] + margin);
			y0 = Math.max(0, row[0] - margin);
			y1 = Math.min(height, row[1] + margin);
		}

		/** The crop of a planar RGB image as a (1, 3, h, w) array in {@code scope}. */
		NDArray of(float[] rgb, int width, int height, NDManager scope) {
			int w = x1 - x0, h = y1 - y0;
			float[] crop = new float[3 * w * h];
			for (int ch = 0; ch < 3; ch++) {
				for (int y = 0; y < h; y++) {
					System.arraycopy(rgb, (ch * height + y0 + y) * width + x0, crop, (ch * h + y) * w, w);
				}
			}
			return scope.create(crop, new Shape(1, 3, h, w));
		}

		/** Where the core starts in the crop's feature map at this jump (axis 0: columns, 1: rows). */
		int coreStart(int[] core, int axis, int jump) {
			return (core[0] - (axis == 0 ? x0 : y0)) / jump;
		}

		/**
		 * Where it ends: the map's end for the last core, whose features past the image count in the
		 * statistics as they do in the whole pass.
		 */
		int coreEnd(int[] core, int axis, int jump, int side, int mapSide) {
			int end = core[1] == side ? mapSide : core[1] / jump;
			return end - (axis == 0 ? x0 : y0) / jump;
		}

		/** Copies a core's planar RGB values into the image. */
		void put(float[] values, int[] column, int[] row, float[] image, int width, int height) {
			int w = column[1] - column[0], h = row[1] - row[0];
			for (int ch = 0; ch < 3; ch++) {
				for (int y = 0; y < h; y++) {
					System.arraycopy(values, (ch * h + y) * w, image, (ch * height + row[0] + y) * width + column[0], w);
				}
			}
		}
	}
}

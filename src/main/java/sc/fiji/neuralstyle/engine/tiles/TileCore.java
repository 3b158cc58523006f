package sc.fiji.neuralstyle.engine.tiles;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The features of a tile's core at one layer: where they are in the whole image's feature map
 * ({@code [x0, x1) × [y0, y1)}) and where the crop's feature map starts in it ({@code cropX, cropY}).
 */
public record TileCore(int x0, int y0, int x1, int y1, int cropX, int cropY) {

	public boolean isEmpty() {
		return x1 <= x0 || y1 <= y0;
	}

	/** The core's part of a whole image's (1, N, h, w) map. */
	public NDIndex whole() {
		return new NDIndex(":, :, {}:{}, {}:{}", y0, y1, x0, x1);
	}

	/** The core's part of the crop's feature map, as an array of {@code scope}. */
	NDArray of(NDArray cropFeatures, NDManager scope) {
		Shape s = cropFeatures.getShape();
		if (s.get(2) < y1 - cropY || s.get(3) < x1 - cropX) {
			throw new IllegalStateException("A tile's features " + s + " do not cover its core " + this);
		}
		NDArray core = cropFeatures.get(new NDIndex(":, :, {}:{}, {}:{}", y0 - cropY, y1 - cropY, x0 - cropX,
			x1 - cropX));
		core.attach(scope);
		return core;
	}
}

package sc.fiji.neuralstyle.engine.terms;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The loss terms of Gatys et al., exactly as docs/design/losses.md pins them so that results can be compared
 * with other implementations. All functions are differentiable and return scalar NDArrays in the
 * manager of their first argument.
 * <p>
 * Scalars in the graph are made with {@link #constant} and never with DJL's {@code mul(Number)} and
 * friends: on the CPU those wrap a Java buffer that DJL releases right after the operation, while
 * autograd keeps the scalar for the backward pass, which then reads freed memory (seen here as
 * gradients turning into NaN after a garbage collection).
 */
public final class LossFormulas {

	private LossFormulas() {}

	/**
	 * A float32 scalar that stays valid as long as {@code like}'s manager is open, for use inside an
	 * autograd graph (see the class comment).
	 */
	public static NDArray constant(NDArray like, double value) {
		return like.getManager().create((float) value);
	}

	/**
	 * The Gram matrix G = F Fᵀ of a layer's features, F reshaped to N channels × M positions.
	 *
	 * @param features a (1, N, H, W) feature map
	 * @return the (N, N) Gram matrix
	 */
	public static NDArray gram(NDArray features) {
		Shape s = features.getShape();
		long channels = s.get(1);
		NDArray f = features.reshape(channels, s.size() / channels);
		return f.matMul(f.transpose());
	}

	/** The number of positions M = H·W of a (1, N, H, W) feature map. */
	public static long positions(NDArray features) {
		Shape s = features.getShape();
		return s.size() / s.get(1);
	}

	/** Content loss ½ Σ (F − P)². */
	public static NDArray content(NDArray features, NDArray target) {
		return features.sub(target).square().sum().mul(constant(features, 0.5));
	}

	/**
	 * One layer's style loss E = Σ (G − A)² / (4 N² M²), computed as Σ (G/M − A/M_A)² / (4 N²).
	 * <p>
	 * When the style image has as many positions as the generated image (M_A = M) this is exactly
	 * the paper's formula. When it has not ({@code style_scale} ≠ 1, other aspect ratio), the
	 * paper's formula would compare a sum over M positions with a sum over M_A positions and
	 * penalise the size difference itself; dividing each Gram matrix by its own positions compares
	 * the feature correlations, which is what the style loss means. Dividing before squaring also
	 * keeps float32 far from overflow for large images.
	 *
	 * @param gram G, the generated image's Gram matrix (N × N)
	 * @param positions M, positions of the generated image's layer (for a guided Gram matrix, the
	 *          sum of the squared mask values instead: the mask's weight of positions)
	 * @param targetPerPosition A/M_A, the target's Gram matrix divided by its positions (a blend of
	 *          several styles' is their weighted sum)
	 */
	public static NDArray styleLayer(NDArray gram, double positions, NDArray targetPerPosition) {
		long channels = gram.getShape().get(0);
		NDArray difference = gram.div(constant(gram, positions)).sub(targetPerPosition);
		return difference.square().sum().div(constant(gram, 4.0 * channels * channels));
	}

	/**
	 * The terms of {@link #totalVariation(NDArray)} whose first pixel (the upper or left one of the
	 * pair) lies in the region {@code [x0, x1) × [y0, y1)} of a (1, C, H, W) image. Regions that
	 * partition the image partition the sum; each needs one row and column beyond it, where the
	 * image has them.
	 *
	 * @return the sum, or null if the region holds no term
	 */
	public static NDArray totalVariation(NDArray image, int x0, int y0, int x1, int y1) {
		Shape s = image.getShape();
		long height = s.get(2), width = s.get(3);
		NDArray sum = null;
		long lastRow = Math.min(y1, height - 1);
		if (lastRow > y0 && x1 > x0) {
			NDArray down = image.get(new NDIndex(":, :, {}:{}, {}:{}", y0 + 1, lastRow + 1, x0, x1))
				.sub(image.get(new NDIndex(":, :, {}:{}, {}:{}", y0, lastRow, x0, x1)));
			sum = down.square().sum();
		}
		long lastColumn = Math.min(x1, width - 1);
		if (lastColumn > x0 && y1 > y0) {
			NDArray right = image.get(new NDIndex(":, :, {}:{}, {}:{}", y0, y1, x0 + 1, lastColumn + 1))
				.sub(image.get(new NDIndex(":, :, {}:{}, {}:{}", y0, y1, x0, lastColumn)));
			NDArray r = right.square().sum();
			sum = sum == null ? r : sum.add(r);
		}
		return sum;
	}

	/**
	 * Total variation Σ (x[i+1,j] − x[i,j])² + (x[i,j+1] − x[i,j])² over all channels of a
	 * (1, C, H, W) image; each difference is summed where both pixels exist.
	 */
	public static NDArray totalVariation(NDArray image) {
		NDArray down = image.get(new NDIndex(":, :, 1:, :")).sub(image.get(new NDIndex(":, :, :-1, :")));
		NDArray right = image.get(new NDIndex(":, :, :, 1:")).sub(image.get(new NDIndex(":, :, :, :-1")));
		return down.square().sum().add(right.square().sum());
	}
}

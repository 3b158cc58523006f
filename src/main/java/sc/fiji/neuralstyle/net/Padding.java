package sc.fiji.neuralstyle.net;

import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * How the first convolution pads the image: with zeros (as the networks were trained), or by
 * repeating the edge pixels, which crowsonkb/style-transfer-pytorch found gives fewer edge
 * artefacts (PyTorch's {@code padding_mode='replicate'}). Only the convolutions that read the image
 * change; deeper ones pad feature maps with zeros as always.
 */
public enum Padding {
	/** Zero padding (the default). */
	ZEROS,
	/** The image's edge pixels repeated. */
	REPLICATE;

	/** The name in parameters: zeros or replicate. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * zeros or replicate, any case.
	 *
	 * @throws IllegalArgumentException for other text
	 */
	public static Padding parse(String text) {
		String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
		for (Padding p : values()) {
			if (p.id().equals(t)) return p;
		}
		throw new IllegalArgumentException("'" + text + "' is not zeros or replicate");
	}

	/**
	 * A (N, C, H, W) image with {@code p} pixels added on every side, each a copy of the nearest edge
	 * pixel (differentiable: slices, broadcasts and concatenations).
	 */
	public static NDArray replicate(NDArray x, int p) {
		if (p == 0) return x;
		Shape s = x.getShape();
		long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
		NDArray left = x.get(new NDIndex(":, :, :, 0:1")).broadcast(new Shape(n, c, h, p));
		NDArray right = x.get(new NDIndex(":, :, :, -1:")).broadcast(new Shape(n, c, h, p));
		NDArray wide = NDArrays.concat(new NDList(left, x, right), 3);
		NDArray top = wide.get(new NDIndex(":, :, 0:1, :")).broadcast(new Shape(n, c, p, w + 2L * p));
		NDArray bottom = wide.get(new NDIndex(":, :, -1:, :")).broadcast(new Shape(n, c, p, w + 2L * p));
		return NDArrays.concat(new NDList(top, wide, bottom), 2);
	}
}

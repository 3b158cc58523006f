package sc.fiji.neuralstyle.fast;

import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;

/**
 * Styles images with a fast-style network: one forward pass per image, or, where that does not fit
 * the memory, tiles that give the same result ({@link TiledForward}).
 */
public final class FastStylizer {

	private final TransformerNet net;
	private final TiledForward forward;

	public FastStylizer(TransformerNet net) {
		this.net = net;
		this.forward = new TiledForward(net);
	}

	/**
	 * Styles one image.
	 *
	 * @param content RGB or gray in [0, 1] (gray is styled as the RGB image of its three equal channels)
	 * @param tile the side of the tiles' cores, a multiple of 4; 0 for one pass over the whole image
	 *          ({@link ApplyMemory#tileFor} chooses it for the memory there is)
	 * @param manager the manager whose device runs the network (the network's device)
	 * @return the styled image, RGB in [0, 1] (the network's 0–255 output divided by 255 and clamped),
	 *         at the content's size
	 * @throws IllegalArgumentException for an image smaller than {@link TransformerNet#minSide()}
	 */
	public FloatImage stylize(FloatImage content, int tile, NDManager manager) {
		int side = TransformerNet.minSide();
		if (content.width() < side || content.height() < side) {
			throw new IllegalArgumentException("content: the image is " + content.width() + "×" + content.height()
				+ " px, too small for a fast-style model; give an image of at least " + side + "×" + side + " px");
		}
		FloatImage rgb = ColorTransfer.rgb(content);
		float[] in = new float[rgb.data().length];
		for (int i = 0; i < in.length; i++) in[i] = 255 * rgb.data()[i];
		float[] out = forward.apply(in, rgb.width(), rgb.height(), tile, manager);
		for (int i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i] / 255));
		return new FloatImage(rgb.width(), rgb.height(), 3, out);
	}

	/** The network it applies. */
	public TransformerNet network() {
		return net;
	}
}

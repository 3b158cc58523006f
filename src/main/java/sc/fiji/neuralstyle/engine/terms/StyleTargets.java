package sc.fiji.neuralstyle.engine.terms;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.net.Padding;

/**
 * The style targets (each style layer's {@link StyleMoments}: the Gram matrix per position, A/M,
 * and for the Wasserstein loss the mean) of the last few style images a network saw, so that the next run with the same style image and settings skips the
 * style's forward passes: the images of a folder styled one after another, the planes of a stack,
 * the runs of one session. Kept with the network ({@code LoadedNetwork}), on its device, and freed
 * with it; used on its engine thread only.
 * <p>
 * A target is found by what it depends on: the style image as the network sees it (its pixels,
 * by SHA-256, and size: resizing to size × style_scale and the colour transfer of
 * {@code preserve_colors=histogram} happen before), the style layers, the padding of the
 * convolutions, whether the first moment is wanted, and the tiles it was computed in (tiles change
 * the sums' rounding, so a run is repeated bit for bit). Network, weights and pooling are the
 * network's own.
 */
public final class StyleTargets implements AutoCloseable {

	/** How many style images' targets to keep (VGG19's five default layers: 2.4 MB each). */
	static final int CAPACITY = 8;

	private record Key(String sha256, Shape shape, List<String> layers, Padding padding, boolean first, int tile,
		int margin)
	{}

	private final NDManager manager;
	private final Map<Key, StyleMoments> kept = new LinkedHashMap<>(16, 0.75f, true);

	/** @param manager owns the kept targets; closed with this */
	public StyleTargets(NDManager manager) {
		this.manager = manager;
	}

	/**
	 * The moments of a style image, as copies owned by {@code owner}: the kept ones, or those
	 * {@code compute} makes (already owned by {@code owner}), which are kept for next time.
	 *
	 * @param style the style image as the network gets it, (1, 3, H, W)
	 * @param layers the style layers
	 * @param padding the convolutions' padding
	 * @param first whether the first moments are wanted too
	 * @param tiling the tiles the targets are computed in, or null
	 */
	public StyleMoments moments(NDArray style, List<String> layers, Padding padding, boolean first,
		Tiling tiling, NDManager owner, Supplier<StyleMoments> compute)
	{
		Key key = new Key(sha256(style), style.getShape(), List.copyOf(layers), padding, first,
			tiling == null ? 0 : tiling.tile(), tiling == null ? 0 : tiling.margin());
		StyleMoments found = kept.get(key);
		if (found != null) return copies(found, owner);
		StyleMoments computed = compute.get();
		kept.put(key, copies(computed, manager));
		if (kept.size() > CAPACITY) {
			Key eldest = kept.keySet().iterator().next();
			StyleMoments dropped = kept.remove(eldest);
			dropped.second().values().forEach(NDArray::close);
			if (dropped.first() != null) dropped.first().values().forEach(NDArray::close);
		}
		return computed;
	}

	private static StyleMoments copies(StyleMoments moments, NDManager owner) {
		return new StyleMoments(copies(moments.second(), owner), moments.first() == null ? null
			: copies(moments.first(), owner));
	}

	private static Map<String, NDArray> copies(Map<String, NDArray> arrays, NDManager owner) {
		Map<String, NDArray> copies = new LinkedHashMap<>();
		arrays.forEach((layer, a) -> {
			NDArray copy = a.duplicate();
			copy.attach(owner);
			copies.put(layer, copy);
		});
		return copies;
	}

	private static String sha256(NDArray image) {
		float[] pixels = image.toFloatArray();
		ByteBuffer bytes = ByteBuffer.allocate(pixels.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(pixels);
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java has SHA-256", e);
		}
	}

	@Override
	public void close() {
		kept.clear();
		manager.close();
	}
}

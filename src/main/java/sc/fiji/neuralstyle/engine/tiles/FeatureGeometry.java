package sc.fiji.neuralstyle.engine.tiles;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.LayerSpec;

/**
 * Where a network's layer features sit on the input image, for cutting the image into tiles whose
 * features equal the whole image's.
 * <p>
 * Feature {@code q} of a layer is anchored at input pixel {@code q · jump} and depends on the
 * pixels from {@code q · jump − left} to {@code q · jump + right} (its receptive field, not counting
 * zero padding). A crop of the image whose origin is a multiple of the layer's jump has the whole
 * image's feature grid shifted by a whole number of features, and its features equal the whole
 * image's wherever their receptive field lies inside the crop (or reaches the crop's side only where
 * that is also the image's side, so both see the same padding). {@link #margin()} is the context a
 * tile needs around its core for every core feature to be exact, {@link #alignment()} the grid its
 * corners must sit on.
 */
public final class FeatureGeometry {

	/** A layer's jump (total stride) and receptive-field extents in input pixels. */
	record Layer(int jump, int left, int right) {}

	private final Architecture architecture;
	private final Map<String, Layer> layers;
	private final int alignment;
	private final int margin;

	private FeatureGeometry(Architecture architecture, Map<String, Layer> layers, int alignment, int margin) {
		this.architecture = architecture;
		this.layers = layers;
		this.alignment = alignment;
		this.margin = margin;
	}

	/**
	 * The geometry of the given layers.
	 *
	 * @throws IllegalArgumentException for an unknown layer or no layers
	 */
	public static FeatureGeometry of(Architecture architecture, Collection<String> layerNames) {
		if (layerNames.isEmpty()) throw new IllegalArgumentException("No layers given");
		int deepest = -1;
		for (String name : layerNames) deepest = Math.max(deepest, architecture.layerIndex(name));
		Map<String, Layer> wanted = new LinkedHashMap<>();
		List<sc.fiji.neuralstyle.net.Layer> graph = architecture.layers();
		Layer[] at = new Layer[deepest + 1];
		for (int i = 0; i <= deepest; i++) {
			sc.fiji.neuralstyle.net.Layer step = graph.get(i);
			Layer in = reach(at, step.inputs());
			int jump = in.jump(), left = in.left(), right = in.right();
			LayerSpec spec = step.spec();
			// Layer output i reads inputs i·stride − padding … i·stride − padding + kernel − 1.
			if (spec instanceof LayerSpec.Conv c) {
				left += c.padding() * jump;
				right += (c.kernel() - 1 - c.padding()) * jump;
				jump *= c.stride();
			}
			else if (spec instanceof LayerSpec.Pool p) {
				left += p.padding() * jump;
				right += (p.kernel() - 1 - p.padding()) * jump;
				jump *= p.stride();
			}
			at[i] = new Layer(jump, left, right);
			if (layerNames.contains(spec.name())) wanted.put(spec.name(), at[i]);
		}
		int alignment = 1;
		int needed = architecture.minInputSide(layerNames);
		for (Layer l : wanted.values()) {
			alignment = lcm(alignment, l.jump());
			// Left: the core's first feature reaches `left` pixels before the core. Right: the core's last
			// feature is anchored one jump before the core's end and reaches `right` beyond its anchor.
			needed = Math.max(needed, Math.max(l.left(), l.right() - l.jump() + 1));
		}
		int margin = roundUp(needed, alignment);
		return new FeatureGeometry(architecture, Map.copyOf(wanted), alignment, margin);
	}

	/**
	 * The extents of a step's input: the image's, or the widest of the layers it reads (an Inception
	 * module's branches all share one jump; their receptive fields differ).
	 */
	private static Layer reach(Layer[] at, List<Integer> inputs) {
		int jump = 0, left = 0, right = 0;
		for (int input : inputs) {
			Layer l = input == sc.fiji.neuralstyle.net.Layer.NETWORK_INPUT ? new Layer(1, 0, 0) : at[input];
			if (jump != 0 && l.jump() != jump) {
				throw new IllegalStateException("Branches with different strides: " + jump + " and " + l.jump());
			}
			jump = l.jump();
			left = Math.max(left, l.left());
			right = Math.max(right, l.right());
		}
		return new Layer(jump, left, right);
	}

	private static int lcm(int a, int b) {
		int x = a, y = b;
		while (y != 0) {
			int t = x % y;
			x = y;
			y = t;
		}
		return a / x * b;
	}

	/** {@code value} rounded up to a multiple of {@code step}. */
	public static int roundUp(int value, int step) {
		return (value + step - 1) / step * step;
	}

	/** The network. */
	Architecture architecture() {
		return architecture;
	}

	/** Tile corners must be multiples of this, so that every layer's features sit on the same grid. */
	public int alignment() {
		return alignment;
	}

	/**
	 * Context around a tile's core (pixels, a multiple of {@link #alignment()}, at least the smallest
	 * input the layers accept) that makes every core feature exact.
	 */
	public int margin() {
		return margin;
	}

	/** The jump of a layer: its features are this many input pixels apart. */
	int jump(String layer) {
		return layer(layer).jump();
	}

	/** A layer's jump and receptive field. */
	Layer layer(String layer) {
		Layer l = layers.get(layer);
		if (l == null) throw new IllegalArgumentException("Layer " + layer + " is not one of " + layers.keySet());
		return l;
	}

	/** The number of features of a layer along an axis of the given input length. */
	public int featureLength(String layer, int inputLength) {
		return Math.max(0, architecture.outputSide(layer, inputLength));
	}

	/**
	 * The features of a layer that belong to a core {@code [from, to)} along an axis of an image of
	 * the given length, as {@code [first, end)} feature indices of the whole image. Cores that
	 * partition the axis (corners on the alignment grid) partition the features.
	 */
	int[] coreFeatures(String layer, int from, int to, int imageLength) {
		int j = jump(layer);
		int all = featureLength(layer, imageLength);
		int first = Math.min(all, from / j);
		int end = to >= imageLength ? all : Math.min(all, to / j);
		return new int[] { first, Math.max(first, end) };
	}
}

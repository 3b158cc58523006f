package sc.fiji.neuralstyle.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The convolutional part of the networks that can extract features, as a graph of {@link Layer}s
 * in the order torchvision runs them: the single source of the project's layer tables. Each
 * convolution's weights are the state-dict entries torchvision's module of the same path holds.
 * <p>
 * Defaults: the layers the method's authors (VGG), or the references named below, take content and
 * style from. They are written as the {@code content_layers} and {@code style_layers} parameters take
 * them: layer names, each optionally followed by {@code :weight}.
 * </p>
 */
public enum Architecture {

	/** VGG-19 (torchvision configuration "E"), the network of Gatys et al. */
	VGG19(LayerGraphs.vgg(64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512,
		512, 0), List.of("relu4_2"), List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")),

	/** VGG-16 (torchvision configuration "D"): smaller and faster than VGG-19. */
	VGG16(LayerGraphs.vgg(64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0), List.of(
		"relu4_2"), List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")),

	/**
	 * AlexNet, torchvision's single-tower variant ("one weird trick"). Its content default is
	 * {@code relu4}: like VGG's {@code relu4_2} it is the second-to-last convolution, deep enough to
	 * describe objects rather than texture but, unlike {@code relu5}, not directly before the last
	 * pooling, so it keeps the most spatial detail of the high-level layers.
	 */
	ALEXNET(LayerGraphs.alexnet(), List.of("relu4"), List.of("relu1", "relu2", "relu3", "relu4", "relu5")),

	/**
	 * SqueezeNet 1.1: AlexNet's accuracy with 50 times fewer weights. Defaults of CS231n's
	 * style-transfer exercise, which uses this very network: content {@code features.3} (the first Fire
	 * module, a quarter of the input's resolution), style {@code features.1, .4, .6, .7} with its
	 * relative weights 20000 : 500 : 12 : 1, here scaled to sum 1. CS231n divides each Gram matrix by
	 * channels × positions, this project by positions and the loss by 4·channels², so the ratios
	 * between layers carry over unchanged; the large weight of the first layer makes up for its small
	 * activations.
	 */
	SQUEEZENET1_1(LayerGraphs.squeezenet11(), List.of("features.3"), List.of("features.1:0.975",
		"features.4:0.0244", "features.6:0.000585", "features.7:0.0000488")),

	/**
	 * GoogLeNet (Inception v1) as torchvision trained it, with batch normalisation. Defaults of
	 * fzliu/style-transfer, chosen there by trying layers on Caffe's GoogLeNet (same modules, same
	 * resolutions): content {@code inception3a}, at an eighth of the input's resolution like VGG's
	 * {@code relu4_2}; style one layer per resolution, {@code conv1, conv3, inception3a, inception4a,
	 * inception5a}, equal weights, as Gatys et al. take the first layer of each VGG block.
	 */
	GOOGLENET(LayerGraphs.googlenet(), List.of("inception3a"), List.of("conv1", "conv3", "inception3a",
		"inception4a", "inception5a"));

	/** The largest input side tried for {@link #minInputSide(String)}; far above any network's need. */
	private static final int LARGEST_MIN_SIDE = 4096;

	private final List<Layer> layers;
	private final List<String> layerNames;
	private final Map<String, Integer> positionByName;
	private final Map<String, long[]> weightShapes;
	private final int[] minInputSides;
	private final List<String> defaultContentLayers;
	private final List<String> defaultStyleLayers;

	Architecture(List<Layer> layers, List<String> contentLayers, List<String> styleLayers) {
		this.layers = List.copyOf(layers);
		Map<String, Integer> positions = new HashMap<>();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < this.layers.size(); i++) {
			Layer layer = this.layers.get(i);
			if (positions.put(layer.name(), i) != null) throw new IllegalStateException("Two layers named " + layer.name());
			if (layer.named()) names.add(layer.name());
		}
		this.positionByName = Collections.unmodifiableMap(positions);
		this.layerNames = List.copyOf(names);
		Map<String, long[]> shapes = new LinkedHashMap<>();
		for (LayerSpec.Conv conv : convolutions()) {
			shapes.put(conv.weightKey(), conv.weightShape());
			if (conv.batchNorm() == null) shapes.put(conv.biasKey(), conv.biasShape());
			else for (String key : conv.batchNorm().keys()) shapes.put(key, conv.biasShape());
		}
		this.weightShapes = Collections.unmodifiableMap(shapes);
		this.minInputSides = minInputSides(this.layers);
		this.defaultContentLayers = contentLayers;
		this.defaultStyleLayers = styleLayers;
	}

	/** The name used in parameters and macros, e.g. {@code vgg19}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** All layers, named or not, in an order in which each comes after the layers it reads. */
	public List<Layer> layers() {
		return layers;
	}

	/** The names of the layers users can choose for content and style, in network order. */
	public List<String> layerNames() {
		return layerNames;
	}

	/** The convolutions, in network order (which is torchvision's state-dict order). */
	public List<LayerSpec.Conv> convolutions() {
		return layers.stream().map(Layer::spec).filter(LayerSpec.Conv.class::isInstance)
			.map(LayerSpec.Conv.class::cast).toList();
	}

	/** The layers content is taken from when none are given, e.g. {@code relu4_2}. */
	public List<String> defaultContentLayers() {
		return defaultContentLayers;
	}

	/** The layers style is taken from when none are given, each optionally with {@code :weight}. */
	public List<String> defaultStyleLayers() {
		return defaultStyleLayers;
	}

	/**
	 * The state-dict keys the feature network needs, in torchvision's state-dict order: each
	 * convolution's weight, then its bias or its batch normalisation's weight, bias, running mean and
	 * running variance. Other keys of a full model ({@code classifier.*}, {@code fc.*}, GoogLeNet's
	 * {@code aux1.*}, {@code num_batches_tracked}) are not needed.
	 */
	public List<String> weightKeys() {
		return List.copyOf(weightShapes.keySet());
	}

	/** The shape each of {@link #weightKeys()} must have, in the same order. */
	public Map<String, long[]> weightShapes() {
		return weightShapes;
	}

	/**
	 * The position of a named layer in {@link #layers()}.
	 *
	 * @throws IllegalArgumentException listing this network's layer names if there is no such named layer
	 */
	public int layerIndex(String layerName) {
		Integer position = positionByName.get(layerName);
		if (position == null || !layers.get(position).named()) {
			throw new IllegalArgumentException("Unknown layer '" + layerName + "' for " + id()
				+ "; valid layers are: " + String.join(", ", layerNames));
		}
		return position;
	}

	/**
	 * The side of a layer's output for a square input of the given side; below 1 if the input is too
	 * small to reach the layer.
	 */
	public int outputSide(String layerName, int inputSide) {
		return sides(inputSide)[layerIndex(layerName)];
	}

	/**
	 * The output side of every layer for a square input of the given side, by position; 0 for a layer
	 * the input is too small to reach (and for all that read it).
	 */
	int[] sides(int inputSide) {
		return sides(layers, inputSide);
	}

	private static int[] sides(List<Layer> layers, int inputSide) {
		int[] sides = new int[layers.size()];
		for (int i = 0; i < sides.length; i++) {
			Layer layer = layers.get(i);
			int in = Integer.MAX_VALUE;
			for (int input : layer.inputs()) {
				int side = input == Layer.NETWORK_INPUT ? inputSide : sides[input];
				if (in != Integer.MAX_VALUE && in >= 1 && side >= 1 && side != in) {
					throw new IllegalStateException(layer.name() + " joins outputs of different sizes");
				}
				in = Math.min(in, side);
			}
			sides[i] = in < 1 ? 0 : Math.max(0, layer.spec().outputSide(in));
		}
		return sides;
	}

	/**
	 * The least input side that reaches each layer, by position: output sides grow with the input
	 * side, so the first side at which a layer's output is at least one pixel is its least.
	 */
	private static int[] minInputSides(List<Layer> layers) {
		int[] min = new int[layers.size()];
		int found = 0;
		for (int side = 1; side <= LARGEST_MIN_SIDE && found < min.length; side++) {
			int[] sides = sides(layers, side);
			for (int i = 0; i < min.length; i++) {
				if (min[i] == 0 && sides[i] >= 1) {
					min[i] = side;
					found++;
				}
			}
		}
		if (found < min.length) throw new IllegalStateException("A layer needs an input above " + LARGEST_MIN_SIDE + " px");
		return min;
	}

	/**
	 * The smallest input side (in pixels, after any resizing) for which the layer's output is at least
	 * one pixel; e.g. 32 for VGG's {@code pool5} and 63 for AlexNet's {@code pool5}. Non-square inputs
	 * need their shorter side to be at least this.
	 */
	public int minInputSide(String layerName) {
		return minInputSides[layerIndex(layerName)];
	}

	/** The largest {@link #minInputSide(String)} of the given layers, 1 if there are none. */
	public int minInputSide(Collection<String> layerNames) {
		int side = 1;
		for (String name : layerNames)
			side = Math.max(side, minInputSide(name));
		return side;
	}

	/**
	 * Parses an architecture name such as {@code vgg19}, {@code VGG16} or {@code googlenet}, ignoring
	 * case and surrounding blanks.
	 *
	 * @throws IllegalArgumentException naming the choices if the name is unknown
	 */
	public static Architecture parse(String text) {
		if (text != null) {
			String wanted = text.trim();
			for (Architecture a : values()) {
				if (a.id().equalsIgnoreCase(wanted)) return a;
			}
		}
		throw new IllegalArgumentException("Unknown network '" + text + "'; choose one of: " + ids());
	}

	/** The ids of all architectures, comma-separated. */
	static String ids() {
		return Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", "));
	}
}

package sc.fiji.neuralstyle.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The convolutional part of the networks that can extract features, laid out exactly as torchvision's
 * {@code vgg19().features}, {@code vgg16().features} and {@code alexnet().features}: the layer at
 * position {@code i} of {@link #layers()} is module {@code i} of that {@code Sequential}, so its
 * weights are the state-dict entries {@code features.i.weight} and {@code features.i.bias}.
 */
public enum Architecture {

	/** VGG-19 (torchvision configuration "E"), the network of Gatys et al. */
	VGG19(vgg(64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512,
		512, 0), List.of("relu4_2"), List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")),

	/** VGG-16 (torchvision configuration "D"): smaller and faster than VGG-19. */
	VGG16(vgg(64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0), List.of(
		"relu4_2"), List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")),

	/**
	 * AlexNet, torchvision's single-tower variant ("one weird trick"). Its content default is
	 * {@code relu4}: like VGG's {@code relu4_2} it is the second-to-last convolution, deep enough to
	 * describe objects rather than texture but, unlike {@code relu5}, not directly before the last
	 * pooling, so it keeps the most spatial detail of the high-level layers.
	 */
	ALEXNET(alexnet(), List.of("relu4"), List.of("relu1", "relu2", "relu3", "relu4", "relu5"));

	private final List<LayerSpec> layers;
	private final List<String> layerNames;
	private final Map<String, Integer> indexByName;
	private final List<String> defaultContentLayers;
	private final List<String> defaultStyleLayers;

	Architecture(List<LayerSpec> layers, List<String> contentLayers, List<String> styleLayers) {
		this.layers = List.copyOf(layers);
		this.layerNames = this.layers.stream().map(LayerSpec::name).toList();
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < layerNames.size(); i++)
			index.put(layerNames.get(i), i);
		this.indexByName = Collections.unmodifiableMap(index);
		this.defaultContentLayers = contentLayers;
		this.defaultStyleLayers = styleLayers;
	}

	/** The name used in parameters and macros, e.g. {@code vgg19}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** All layers in order; position {@code i} is torchvision's {@code features[i]}. */
	public List<LayerSpec> layers() {
		return layers;
	}

	/** The names of all layers, in order. */
	public List<String> layerNames() {
		return layerNames;
	}

	/** The convolutions, in order. */
	public List<LayerSpec.Conv> convolutions() {
		return layers.stream().filter(LayerSpec.Conv.class::isInstance).map(LayerSpec.Conv.class::cast)
			.toList();
	}

	/** The layer(s) Gatys et al. would take the content from. */
	public List<String> defaultContentLayers() {
		return defaultContentLayers;
	}

	/** The layers Gatys et al. would take the style from. */
	public List<String> defaultStyleLayers() {
		return defaultStyleLayers;
	}

	/**
	 * The state-dict keys the feature network needs: each convolution's weight and bias, in
	 * torchvision's state-dict order ({@code features.0.weight, features.0.bias, features.2.weight,
	 * ...}). Other keys of a full model ({@code classifier.*}) are not needed.
	 */
	public List<String> weightKeys() {
		List<String> keys = new ArrayList<>();
		for (LayerSpec.Conv conv : convolutions()) {
			keys.add(conv.weightKey());
			keys.add(conv.biasKey());
		}
		return keys;
	}

	/**
	 * The position of a layer in {@link #layers()}.
	 *
	 * @throws IllegalArgumentException listing this network's layer names if there is no such layer
	 */
	public int layerIndex(String layerName) {
		Integer index = indexByName.get(layerName);
		if (index == null) {
			throw new IllegalArgumentException("Unknown layer '" + layerName + "' for " + id()
				+ "; valid layers are: " + String.join(", ", layerNames));
		}
		return index;
	}

	/**
	 * The side of a layer's (square) output for a square input of the given side; below 1 if the input
	 * is too small to reach the layer.
	 */
	public int outputSide(String layerName, int inputSide) {
		int side = inputSide;
		for (int i = 0; i <= layerIndex(layerName) && side >= 1; i++)
			side = layers.get(i).outputSide(side);
		return side;
	}

	/**
	 * The smallest input side (in pixels, after any resizing) for which the layer's output is at least
	 * one pixel; e.g. 32 for VGG's {@code pool5} and 63 for AlexNet's {@code pool5}. Non-square inputs
	 * need their shorter side to be at least this.
	 */
	public int minInputSide(String layerName) {
		int side = 1;
		for (int i = layerIndex(layerName); i >= 0; i--)
			side = layers.get(i).minInputSide(side);
		return side;
	}

	/** The largest {@link #minInputSide(String)} of the given layers, 1 if there are none. */
	public int minInputSide(Collection<String> layerNames) {
		int side = 1;
		for (String name : layerNames)
			side = Math.max(side, minInputSide(name));
		return side;
	}

	/**
	 * Parses an architecture name such as {@code vgg19}, {@code VGG16} or {@code alexnet}, ignoring
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
		throw new IllegalArgumentException("Unknown network '" + text + "'; choose one of: " + Arrays
			.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")));
	}

	/**
	 * Builds a VGG feature stack as torchvision's {@code make_layers} does: 3×3 convolutions with
	 * padding 1, each followed by a ReLU; a 0 in the configuration is a 2×2 pooling with stride 2.
	 */
	private static List<LayerSpec> vgg(int... config) {
		List<LayerSpec> layers = new ArrayList<>();
		int block = 1, convInBlock = 0, channels = 3;
		for (int out : config) {
			if (out == 0) {
				layers.add(new LayerSpec.Pool("pool" + block, 2, 2));
				block++;
				convInBlock = 0;
				continue;
			}
			convInBlock++;
			String suffix = block + "_" + convInBlock;
			layers.add(new LayerSpec.Conv("conv" + suffix, "features." + layers.size(), channels, out, 3, 1,
				1));
			layers.add(new LayerSpec.Relu("relu" + suffix));
			channels = out;
		}
		return layers;
	}

	/** torchvision's {@code AlexNet.features}, module by module. */
	private static List<LayerSpec> alexnet() {
		return List.of( //
			new LayerSpec.Conv("conv1", "features.0", 3, 64, 11, 4, 2), //
			new LayerSpec.Relu("relu1"), //
			new LayerSpec.Pool("pool1", 3, 2), //
			new LayerSpec.Conv("conv2", "features.3", 64, 192, 5, 1, 2), //
			new LayerSpec.Relu("relu2"), //
			new LayerSpec.Pool("pool2", 3, 2), //
			new LayerSpec.Conv("conv3", "features.6", 192, 384, 3, 1, 1), //
			new LayerSpec.Relu("relu3"), //
			new LayerSpec.Conv("conv4", "features.8", 384, 256, 3, 1, 1), //
			new LayerSpec.Relu("relu4"), //
			new LayerSpec.Conv("conv5", "features.10", 256, 256, 3, 1, 1), //
			new LayerSpec.Relu("relu5"), //
			new LayerSpec.Pool("pool5", 3, 2));
	}
}

package sc.fiji.neuralstyle.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The layer graphs of the networks, module by module as torchvision defines them, so that each
 * convolution's state-dict keys are torchvision's. The one place the layers are written down.
 */
final class LayerGraphs {

	private LayerGraphs() {}

	/**
	 * A VGG feature stack as torchvision's {@code make_layers} builds it: 3×3 convolutions with
	 * padding 1, each followed by a ReLU; a 0 in the configuration is a 2×2 pooling with stride 2.
	 * Layer {@code i} is module {@code features.i}.
	 */
	static List<Layer> vgg(int... config) {
		Builder b = new Builder();
		int x = Layer.NETWORK_INPUT, block = 1, convInBlock = 0;
		for (int out : config) {
			if (out == 0) {
				x = b.add(new LayerSpec.Pool("pool" + block, 2, 2), true, x);
				block++;
				convInBlock = 0;
				continue;
			}
			convInBlock++;
			String suffix = block + "_" + convInBlock;
			x = b.add(new LayerSpec.Conv("conv" + suffix, "features." + b.size(), b.channels(x), out, 3, 1, 1),
				true, x);
			x = b.add(new LayerSpec.Relu("relu" + suffix), true, x);
		}
		return b.layers();
	}

	/** torchvision's {@code AlexNet.features}, module by module; layer {@code i} is {@code features.i}. */
	static List<Layer> alexnet() {
		Builder b = new Builder();
		int x = b.add(new LayerSpec.Conv("conv1", "features.0", 3, 64, 11, 4, 2), true, Layer.NETWORK_INPUT);
		x = b.add(new LayerSpec.Relu("relu1"), true, x);
		x = b.add(new LayerSpec.Pool("pool1", 3, 2), true, x);
		x = b.add(new LayerSpec.Conv("conv2", "features.3", 64, 192, 5, 1, 2), true, x);
		x = b.add(new LayerSpec.Relu("relu2"), true, x);
		x = b.add(new LayerSpec.Pool("pool2", 3, 2), true, x);
		x = b.add(new LayerSpec.Conv("conv3", "features.6", 192, 384, 3, 1, 1), true, x);
		x = b.add(new LayerSpec.Relu("relu3"), true, x);
		x = b.add(new LayerSpec.Conv("conv4", "features.8", 384, 256, 3, 1, 1), true, x);
		x = b.add(new LayerSpec.Relu("relu4"), true, x);
		x = b.add(new LayerSpec.Conv("conv5", "features.10", 256, 256, 3, 1, 1), true, x);
		x = b.add(new LayerSpec.Relu("relu5"), true, x);
		b.add(new LayerSpec.Pool("pool5", 3, 2), true, x);
		return b.layers();
	}

	/**
	 * torchvision's {@code squeezenet1_1().features}: the named layers are its thirteen modules
	 * {@code features.0} … {@code features.12}; a Fire module's squeeze and expand convolutions are
	 * steps inside its module, whose output is the two expand branches' channels side by side.
	 */
	static List<Layer> squeezenet11() {
		Builder b = new Builder();
		int x = b.add(new LayerSpec.Conv("features.0", "features.0", 3, 64, 3, 2, 0), true, Layer.NETWORK_INPUT);
		x = b.add(new LayerSpec.Relu("features.1"), true, x);
		x = b.add(squeezePool("features.2"), true, x);
		x = fire(b, "features.3", x, 16, 64, 64);
		x = fire(b, "features.4", x, 16, 64, 64);
		x = b.add(squeezePool("features.5"), true, x);
		x = fire(b, "features.6", x, 32, 128, 128);
		x = fire(b, "features.7", x, 32, 128, 128);
		x = b.add(squeezePool("features.8"), true, x);
		x = fire(b, "features.9", x, 48, 192, 192);
		x = fire(b, "features.10", x, 48, 192, 192);
		x = fire(b, "features.11", x, 64, 256, 256);
		fire(b, "features.12", x, 64, 256, 256);
		return b.layers();
	}

	private static LayerSpec.Pool squeezePool(String name) {
		return new LayerSpec.Pool(name, 3, 2, 0, true, true);
	}

	/** torchvision's {@code Fire}: squeeze (1×1) and ReLU, then 1×1 and 3×3 expands with ReLUs, side by side. */
	private static int fire(Builder b, String path, int input, int squeeze, int expand1x1, int expand3x3) {
		int s = b.add(new LayerSpec.Conv(path + ".squeeze", path + ".squeeze", b.channels(input), squeeze, 1, 1, 0),
			false, input);
		s = b.add(new LayerSpec.Relu(path + ".squeeze_activation"), false, s);
		int e1 = b.add(new LayerSpec.Conv(path + ".expand1x1", path + ".expand1x1", squeeze, expand1x1, 1, 1, 0),
			false, s);
		e1 = b.add(new LayerSpec.Relu(path + ".expand1x1_activation"), false, e1);
		int e3 = b.add(new LayerSpec.Conv(path + ".expand3x3", path + ".expand3x3", squeeze, expand3x3, 3, 1, 1),
			false, s);
		e3 = b.add(new LayerSpec.Relu(path + ".expand3x3_activation"), false, e3);
		return b.add(new LayerSpec.Concat(path), true, e1, e3);
	}

	/** The batch normalisation constant of torchvision's GoogLeNet ({@code BatchNorm2d(eps=0.001)}). */
	static final double GOOGLENET_BN_EPS = 0.001;

	/**
	 * torchvision's {@code googlenet()} up to {@code inception5b} (the auxiliary classifiers and the
	 * classifier are not features). Named layers are its top-level modules: {@code conv1},
	 * {@code maxpool1}, {@code conv2}, {@code conv3}, {@code maxpool2}, {@code inception3a} …
	 * {@code inception5b}.
	 */
	static List<Layer> googlenet() {
		Builder b = new Builder();
		int x = basicConv(b, "conv1", Layer.NETWORK_INPUT, 64, 7, 2, 3, true);
		x = b.add(googlenetPool("maxpool1", 3), true, x);
		x = basicConv(b, "conv2", x, 64, 1, 1, 0, true);
		x = basicConv(b, "conv3", x, 192, 3, 1, 1, true);
		x = b.add(googlenetPool("maxpool2", 3), true, x);
		x = inception(b, "inception3a", x, 64, 96, 128, 16, 32, 32);
		x = inception(b, "inception3b", x, 128, 128, 192, 32, 96, 64);
		x = b.add(googlenetPool("maxpool3", 3), true, x);
		x = inception(b, "inception4a", x, 192, 96, 208, 16, 48, 64);
		x = inception(b, "inception4b", x, 160, 112, 224, 24, 64, 64);
		x = inception(b, "inception4c", x, 128, 128, 256, 24, 64, 64);
		x = inception(b, "inception4d", x, 112, 144, 288, 32, 64, 64);
		x = inception(b, "inception4e", x, 256, 160, 320, 32, 128, 128);
		x = b.add(googlenetPool("maxpool4", 2), true, x);
		x = inception(b, "inception5a", x, 256, 160, 320, 32, 128, 128);
		inception(b, "inception5b", x, 384, 192, 384, 48, 128, 128);
		return b.layers();
	}

	private static LayerSpec.Pool googlenetPool(String name, int kernel) {
		return new LayerSpec.Pool(name, kernel, 2, 0, true, true);
	}

	/**
	 * torchvision's {@code BasicConv2d}: a convolution without bias, batch normalisation and ReLU. The
	 * module's output is the ReLU, so the ReLU carries the module's name; the convolution (with the
	 * batch normalisation folded in) is a step inside it.
	 */
	private static int basicConv(Builder b, String path, int input, int out, int kernel, int stride, int padding,
		boolean named)
	{
		int conv = b.add(new LayerSpec.Conv(path + ".conv", path + ".conv", b.channels(input), out, kernel, stride,
			padding, new LayerSpec.BatchNorm(path + ".bn", GOOGLENET_BN_EPS)), false, input);
		return b.add(new LayerSpec.Relu(path), named, conv);
	}

	/**
	 * torchvision's {@code Inception}: four branches side by side. Its "5×5" branch has a 3×3 kernel
	 * (a known slip kept for the published weights, pytorch/vision#906); the pool-projection branch's
	 * max pooling is part of the module's features and stays max pooling with {@code pooling=avg}.
	 */
	private static int inception(Builder b, String path, int input, int ch1x1, int ch3x3red, int ch3x3, int ch5x5red,
		int ch5x5, int poolProj)
	{
		int b1 = basicConv(b, path + ".branch1", input, ch1x1, 1, 1, 0, false);
		int b2 = basicConv(b, path + ".branch2.0", input, ch3x3red, 1, 1, 0, false);
		b2 = basicConv(b, path + ".branch2.1", b2, ch3x3, 3, 1, 1, false);
		int b3 = basicConv(b, path + ".branch3.0", input, ch5x5red, 1, 1, 0, false);
		b3 = basicConv(b, path + ".branch3.1", b3, ch5x5, 3, 1, 1, false);
		int b4 = b.add(new LayerSpec.Pool(path + ".branch4.0", 3, 1, 1, true, false), false, input);
		b4 = basicConv(b, path + ".branch4.1", b4, poolProj, 1, 1, 0, false);
		return b.add(new LayerSpec.Concat(path), true, b1, b2, b3, b4);
	}

	/** Appends layers and keeps track of each one's channels, so a wrong channel count fails at once. */
	private static final class Builder {

		private final List<Layer> layers = new ArrayList<>();
		private final List<Integer> channels = new ArrayList<>();

		int size() {
			return layers.size();
		}

		/** The channels of a layer's output (3 for the network input). */
		int channels(int position) {
			return position == Layer.NETWORK_INPUT ? 3 : channels.get(position);
		}

		/** Appends a layer reading the given layers; returns its position. */
		int add(LayerSpec spec, boolean named, int... inputs) {
			List<Integer> in = new ArrayList<>();
			int sum = 0;
			for (int i : inputs) {
				in.add(i);
				sum += channels(i);
			}
			int out = sum;
			if (spec instanceof LayerSpec.Conv conv) {
				if (conv.inChannels() != sum) {
					throw new IllegalStateException(conv.name() + " reads " + sum + " channels, not " + conv.inChannels());
				}
				out = conv.outChannels();
			}
			layers.add(new Layer(spec, in, named));
			channels.add(out);
			return layers.size() - 1;
		}

		List<Layer> layers() {
			return List.copyOf(layers);
		}
	}
}

package sc.fiji.neuralstyle.fast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers of pytorch/examples' {@code TransformerNet} (fast_neural_style/neural_style/transformer_net.py),
 * written down once as the operations of its forward pass, in order: the network, its state-dict keys
 * and shapes (the order of registration, which is {@code state_dict()}'s) and its tile geometry are all
 * read from this list.
 * <pre>
 * conv1 9×9 → in1 → ReLU → conv2 3×3/2 → in2 → ReLU → conv3 3×3/2 → in3 → ReLU
 * → res1 … res5 (x + in2(conv2(ReLU(in1(conv1(x))))))
 * → ×2 nearest → deconv1 3×3 → in4 → ReLU → ×2 nearest → deconv2 3×3 → in5 → ReLU → deconv3 9×9
 * </pre>
 * Every convolution pads its input by reflection (kernel / 2 on each side); instance normalisations
 * are affine (a weight and a bias per channel) without running statistics.
 */
final class TransformerLayout {

	/** One operation of the forward pass. */
	sealed interface Op {
	}

	/** A reflection-padded convolution, state-dict keys {@code <name>.conv2d.weight} and {@code .bias}. */
	record Conv(String name, int in, int out, int kernel, int stride) implements Op {

		String weightKey() {
			return name + ".conv2d.weight";
		}

		String biasKey() {
			return name + ".conv2d.bias";
		}

		int padding() {
			return kernel / 2;
		}
	}

	/** Affine instance normalisation number {@code index} (0-based, in forward order), keys {@code <name>.weight}, {@code .bias}. */
	record Norm(int index, String name, int channels) implements Op {

		String weightKey() {
			return name + ".weight";
		}

		String biasKey() {
			return name + ".bias";
		}
	}

	/** ReLU. */
	record Relu() implements Op {
	}

	/** Nearest-neighbour ×2 upsampling ({@code interpolate(mode='nearest', scale_factor=2)}). */
	record Upsample() implements Op {
	}

	/** Keeps the current features for a residual connection. */
	record Save() implements Op {
	}

	/** Adds the features kept by the last {@link Save}. */
	record Add() implements Op {
	}

	/** The operations of the forward pass, in order. */
	static final List<Op> OPS;
	/** The normalisations, by index. */
	static final List<Norm> NORMS;
	/** Every parameter's key and shape, in {@code state_dict()} order. */
	static final Map<String, long[]> SHAPES;

	/** The channels of the image in and out. */
	static final int IMAGE_CHANNELS = 3;
	/** Residual blocks. */
	static final int RESIDUAL_BLOCKS = 5;

	static {
		List<Op> ops = new ArrayList<>();
		List<Norm> norms = new ArrayList<>();
		convNormRelu(ops, norms, new Conv("conv1", 3, 32, 9, 1), "in1");
		convNormRelu(ops, norms, new Conv("conv2", 32, 64, 3, 2), "in2");
		convNormRelu(ops, norms, new Conv("conv3", 64, 128, 3, 2), "in3");
		for (int r = 1; r <= RESIDUAL_BLOCKS; r++) {
			String block = "res" + r;
			ops.add(new Save());
			convNormRelu(ops, norms, new Conv(block + ".conv1", 128, 128, 3, 1), block + ".in1");
			ops.add(new Conv(block + ".conv2", 128, 128, 3, 1));
			norm(ops, norms, block + ".in2", 128);
			ops.add(new Add());
		}
		ops.add(new Upsample());
		convNormRelu(ops, norms, new Conv("deconv1", 128, 64, 3, 1), "in4");
		ops.add(new Upsample());
		convNormRelu(ops, norms, new Conv("deconv2", 64, 32, 3, 1), "in5");
		ops.add(new Conv("deconv3", 32, IMAGE_CHANNELS, 9, 1));
		OPS = List.copyOf(ops);
		NORMS = List.copyOf(norms);

		Map<String, long[]> shapes = new LinkedHashMap<>();
		for (Op op : OPS) {
			if (op instanceof Conv c) {
				shapes.put(c.weightKey(), new long[] { c.out(), c.in(), c.kernel(), c.kernel() });
				shapes.put(c.biasKey(), new long[] { c.out() });
			}
			else if (op instanceof Norm n) {
				shapes.put(n.weightKey(), new long[] { n.channels() });
				shapes.put(n.biasKey(), new long[] { n.channels() });
			}
		}
		SHAPES = Collections.unmodifiableMap(shapes);
	}

	private TransformerLayout() {}

	private static void convNormRelu(List<Op> ops, List<Norm> norms, Conv conv, String norm) {
		ops.add(conv);
		norm(ops, norms, norm, conv.out());
		ops.add(new Relu());
	}

	private static void norm(List<Op> ops, List<Norm> norms, String name, int channels) {
		Norm n = new Norm(norms.size(), name, channels);
		norms.add(n);
		ops.add(n);
	}

	/** The parameters' keys in {@code state_dict()} order. */
	static List<String> keys() {
		return List.copyOf(SHAPES.keySet());
	}
}

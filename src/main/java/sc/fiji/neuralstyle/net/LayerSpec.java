package sc.fiji.neuralstyle.net;

import java.util.List;

/**
 * What one layer of a feature network computes. Names follow torchvision's modules where the
 * project has no older names of its own ({@code conv1_1} for VGG, {@code features.3} for SqueezeNet,
 * {@code inception4a} for GoogLeNet). All kernels, strides and paddings are square.
 */
public sealed interface LayerSpec {

	/** The layer's name, e.g. {@code relu4_2}. */
	String name();

	/**
	 * The side of this layer's output for an input of the given side, or a value below 1 if the input
	 * is too small for this layer (PyTorch's rounding, as in torchvision).
	 */
	int outputSide(int inputSide);

	/**
	 * A 2-D convolution, with a bias or followed by a batch normalisation that is folded into it when
	 * the weights are loaded (the network only runs in inference mode, where batch normalisation is a
	 * fixed per-channel affine map).
	 *
	 * @param name e.g. {@code conv1_1}
	 * @param stateKey the state-dict prefix of its weights, e.g. {@code features.0}
	 * @param inChannels input channels
	 * @param outChannels output channels
	 * @param kernel kernel side
	 * @param stride stride
	 * @param padding zero padding on each side
	 * @param batchNorm the batch normalisation after it, or null for a convolution with a bias
	 */
	record Conv(String name, String stateKey, int inChannels, int outChannels, int kernel, int stride,
		int padding, BatchNorm batchNorm) implements LayerSpec
	{

		/** A convolution with a bias. */
		public Conv(String name, String stateKey, int inChannels, int outChannels, int kernel, int stride,
			int padding)
		{
			this(name, stateKey, inChannels, outChannels, kernel, stride, padding, null);
		}

		/** The state-dict key of the weight, e.g. {@code features.0.weight}. */
		public String weightKey() {
			return stateKey + ".weight";
		}

		/** The state-dict key of the bias, e.g. {@code features.0.bias}; null with batch normalisation. */
		public String biasKey() {
			return batchNorm == null ? stateKey + ".bias" : null;
		}

		/** The weight's shape: out, in, kernel, kernel. */
		public long[] weightShape() {
			return new long[] { outChannels, inChannels, kernel, kernel };
		}

		/** The shape of the bias and of each batch-normalisation tensor: out. */
		public long[] biasShape() {
			return new long[] { outChannels };
		}

		@Override
		public int outputSide(int inputSide) {
			return Math.floorDiv(inputSide + 2 * padding - kernel, stride) + 1;
		}
	}

	/**
	 * The batch normalisation after a convolution, as torchvision's {@code BatchNorm2d} keeps it.
	 *
	 * @param stateKey its state-dict prefix, e.g. {@code conv1.bn}
	 * @param eps the constant added to the variance
	 */
	record BatchNorm(String stateKey, double eps) {

		/** Its state-dict keys: scale (γ), shift (β), running mean and running variance. */
		public List<String> keys() {
			return List.of(stateKey + ".weight", stateKey + ".bias", stateKey + ".running_mean",
				stateKey + ".running_var");
		}
	}

	/**
	 * A rectified linear unit.
	 *
	 * @param name e.g. {@code relu1_1}
	 */
	record Relu(String name) implements LayerSpec {

		@Override
		public int outputSide(int inputSide) {
			return inputSide;
		}
	}

	/**
	 * A pooling step: max pooling as the networks were trained, or average pooling of the same window
	 * where the user asks for it and the pool is {@code switchable}.
	 *
	 * @param name e.g. {@code pool1}
	 * @param kernel window side
	 * @param stride stride
	 * @param padding padding on each side (never part of a maximum or an average)
	 * @param ceilMode whether the output side rounds up, letting the last window hang over the edge
	 * @param switchable whether {@link Pooling#AVG} turns it into average pooling: true for the pools
	 *          that bring a network from one resolution to the next, false for a pool that is part of
	 *          a module's own features (GoogLeNet's pool-projection branch)
	 */
	record Pool(String name, int kernel, int stride, int padding, boolean ceilMode, boolean switchable)
		implements LayerSpec
	{

		/** A switchable downsampling pool without padding and with floor rounding (VGG, AlexNet). */
		public Pool(String name, int kernel, int stride) {
			this(name, kernel, stride, 0, false, true);
		}

		/** PyTorch's {@code pooling_output_shape}, including its rule for windows that hang over. */
		@Override
		public int outputSide(int inputSide) {
			int numerator = inputSide + 2 * padding - kernel + (ceilMode ? stride - 1 : 0);
			int side = Math.floorDiv(numerator, stride) + 1;
			// In ceil mode the last window must start inside the image or its left padding.
			if (ceilMode && (side - 1) * stride >= inputSide + padding) side--;
			return side;
		}
	}

	/**
	 * Channels of several layers side by side (an Inception module's or a Fire module's output).
	 *
	 * @param name e.g. {@code inception3a}
	 */
	record Concat(String name) implements LayerSpec {

		@Override
		public int outputSide(int inputSide) {
			return inputSide;
		}
	}
}

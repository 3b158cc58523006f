package sc.fiji.neuralstyle.net;

/**
 * One step of a feature network, named as in the project's layer names ({@code conv1_1},
 * {@code relu1_1}, {@code pool1}, ...). All kernels, strides and paddings are square.
 */
public sealed interface LayerSpec {

	/** The layer's name, e.g. {@code relu4_2}. */
	String name();

	/**
	 * The side of this layer's output for an input of the given side, or a value below 1 if the input
	 * is too small for this layer (PyTorch floor rounding, as in torchvision).
	 */
	int outputSide(int inputSide);

	/** The smallest input side that gives an output of at least the given side. */
	int minInputSide(int outputSide);

	/**
	 * A 2-D convolution with bias.
	 *
	 * @param name e.g. {@code conv1_1}
	 * @param stateKey the state-dict prefix of its weights, e.g. {@code features.0}
	 * @param inChannels input channels
	 * @param outChannels output channels
	 * @param kernel kernel side
	 * @param stride stride
	 * @param padding zero padding on each side
	 */
	record Conv(String name, String stateKey, int inChannels, int outChannels, int kernel, int stride,
		int padding) implements LayerSpec
	{

		/** The state-dict key of the weight, e.g. {@code features.0.weight}. */
		public String weightKey() {
			return stateKey + ".weight";
		}

		/** The state-dict key of the bias, e.g. {@code features.0.bias}. */
		public String biasKey() {
			return stateKey + ".bias";
		}

		/** The weight's shape: out, in, kernel, kernel. */
		public long[] weightShape() {
			return new long[] { outChannels, inChannels, kernel, kernel };
		}

		/** The bias's shape: out. */
		public long[] biasShape() {
			return new long[] { outChannels };
		}

		@Override
		public int outputSide(int inputSide) {
			return Math.floorDiv(inputSide + 2 * padding - kernel, stride) + 1;
		}

		@Override
		public int minInputSide(int outputSide) {
			return Math.max(1, (outputSide - 1) * stride + kernel - 2 * padding);
		}
	}

	/**
	 * A rectified linear unit, applied to the previous layer's output.
	 *
	 * @param name e.g. {@code relu1_1}
	 */
	record Relu(String name) implements LayerSpec {

		@Override
		public int outputSide(int inputSide) {
			return inputSide;
		}

		@Override
		public int minInputSide(int outputSide) {
			return outputSide;
		}
	}

	/**
	 * A pooling step without padding; max or average is chosen when the network is built.
	 *
	 * @param name e.g. {@code pool1}
	 * @param kernel window side
	 * @param stride stride
	 */
	record Pool(String name, int kernel, int stride) implements LayerSpec {

		@Override
		public int outputSide(int inputSide) {
			return Math.floorDiv(inputSide - kernel, stride) + 1;
		}

		@Override
		public int minInputSide(int outputSide) {
			return (outputSide - 1) * stride + kernel;
		}
	}
}

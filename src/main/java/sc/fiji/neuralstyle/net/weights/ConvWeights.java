package sc.fiji.neuralstyle.net.weights;

import java.util.List;
import java.util.Map;
import sc.fiji.neuralstyle.net.LayerSpec;
import sc.fiji.neuralstyle.net.pth.TensorData;

/**
 * A convolution's weight and bias as the network runs it. A batch normalisation after the convolution,
 * y = γ (x − μ) / √(σ² + ε) + β with its running statistics, is a fixed per-channel affine map at
 * inference time, so it is folded in: weight·s and β − μ·s with s = γ / √(σ² + ε) per output channel.
 */
final class ConvWeights {

	private ConvWeights() {}

	/**
	 * The weight and bias of {@code conv}, from a state dict that has every key it needs with the
	 * right shape.
	 *
	 * @return {weight, bias} as float32, the weight in (out, in, kernel, kernel) order
	 * @throws IllegalArgumentException if a batch normalisation's variance makes the scale undefined
	 */
	static float[][] of(LayerSpec.Conv conv, Map<String, TensorData> stateDict, String sourceName) {
		float[] weight = stateDict.get(conv.weightKey()).values();
		LayerSpec.BatchNorm bn = conv.batchNorm();
		if (bn == null) return new float[][] { weight, stateDict.get(conv.biasKey()).values() };

		List<String> keys = bn.keys();
		float[] gamma = stateDict.get(keys.get(0)).values();
		float[] beta = stateDict.get(keys.get(1)).values();
		float[] mean = stateDict.get(keys.get(2)).values();
		float[] variance = stateDict.get(keys.get(3)).values();
		int out = conv.outChannels();
		int perChannel = weight.length / out;
		float[] folded = new float[weight.length];
		float[] bias = new float[out];
		for (int o = 0; o < out; o++) {
			double denominator = Math.sqrt((double) variance[o] + bn.eps());
			if (!(denominator > 0) || !Double.isFinite(denominator)) {
				throw new IllegalArgumentException("The weights in " + sourceName + " have '" + keys.get(3) + "' = "
					+ variance[o] + " at channel " + o + ", not a variance. The file is damaged or not a trained model.");
			}
			double scale = gamma[o] / denominator;
			for (int j = o * perChannel; j < (o + 1) * perChannel; j++)
				folded[j] = (float) (weight[j] * scale);
			bias[o] = (float) (beta[o] - mean[o] * scale);
		}
		return new float[][] { folded, bias };
	}
}

package sc.fiji.neuralstyle.setup;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.LayerSpec;
import sc.fiji.neuralstyle.net.pth.TensorData;

/**
 * Random weights for a network, made in memory, for the self-test: it tests the engine and the
 * device, not the pretrained weights, so it needs no download. He-uniform convolution weights
 * (bound √(6 / fan-in), as a freshly initialised network), small biases, and batch normalisations
 * near the identity; the same seed gives the same weights, so the CPU's and a GPU's runs start from
 * the same network.
 */
final class SeededNetworkWeights {

	private static final double BIAS_BOUND = 0.1;

	private SeededNetworkWeights() {}

	/** The state dict of every key the feature network reads ({@link Architecture#weightShapes()}). */
	static Map<String, TensorData> of(Architecture architecture, long seed) {
		// Per key: the bound of the uniform values and the value they are centred on.
		Map<String, double[]> boundAndCentre = new HashMap<>();
		for (LayerSpec.Conv conv : architecture.convolutions()) {
			double fanIn = (double) conv.inChannels() * conv.kernel() * conv.kernel();
			boundAndCentre.put(conv.weightKey(), new double[] { Math.sqrt(6 / fanIn), 0 });
			if (conv.batchNorm() == null) {
				boundAndCentre.put(conv.biasKey(), new double[] { BIAS_BOUND, 0 });
				continue;
			}
			List<String> bn = conv.batchNorm().keys(); // γ, β, running mean, running variance
			boundAndCentre.put(bn.get(0), new double[] { 0.25, 1 });
			boundAndCentre.put(bn.get(1), new double[] { BIAS_BOUND, 0 });
			boundAndCentre.put(bn.get(2), new double[] { BIAS_BOUND, 0 });
			boundAndCentre.put(bn.get(3), new double[] { 0.5, 1 });
		}
		SplittableRandom random = new SplittableRandom(seed);
		Map<String, TensorData> weights = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : architecture.weightShapes().entrySet()) {
			double[] bc = boundAndCentre.get(e.getKey());
			if (bc == null) throw new IllegalStateException("no rule for the weights " + e.getKey());
			long count = 1;
			for (long side : e.getValue()) count *= side;
			float[] values = new float[Math.toIntExact(count)];
			for (int i = 0; i < values.length; i++) values[i] = (float) (bc[1] + bc[0] * (2 * random.nextDouble() - 1));
			weights.put(e.getKey(), new TensorData(e.getKey(), e.getValue(), values));
		}
		return weights;
	}
}

package sc.fiji.neuralstyle.engine.network;

import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;

/** Test weights: the seeded (random, reproducible) weights instead of a pretrained file. */
public final class SeededLoader {

	private SeededLoader() {}

	public static final WeightsLoader INSTANCE = (model, override, keys, progress) -> new WeightsLoader.Weights(
		SeededWeights.forArchitecture(Architecture.parse(model.architecture())), "seeded test weights");
}

package sc.fiji.neuralstyle.engine.network;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import sc.fiji.neuralstyle.net.weights.DownloadListener;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.pth.PthReader;
import sc.fiji.neuralstyle.net.pth.TensorData;
import sc.fiji.neuralstyle.net.weights.WeightStore;

/** Where a network's weights come from. The default reads the model's {@code .pth} file. */
@FunctionalInterface
public interface WeightsLoader {

	/**
	 * The named tensors of a model.
	 *
	 * @param model the model descriptor
	 * @param override a local weights file chosen by the user, or null
	 * @param keys the state-dict keys needed; others may be left out
	 * @param progress hears about a download, if one happens
	 */
	Weights load(ModelDescriptor model, Path override, Set<String> keys, DownloadListener progress);

	/**
	 * Loaded weights and where they came from (for messages).
	 *
	 * @param tensors state-dict key → tensor
	 * @param source the file name or a description
	 */
	record Weights(Map<String, TensorData> tensors, String source) {}

	/** Weights from the {@link WeightStore} that this JVM's properties and environment name now. */
	static WeightsLoader fromEnvironment() {
		return fromFiles(WeightStore.fromEnvironment());
	}

	/** Finds (and if allowed downloads) the file through {@link WeightStore}, then reads it. */
	static WeightsLoader fromFiles(WeightStore store) {
		return (model, override, keys, progress) -> {
			Path file = store.resolve(model, override, progress);
			return new Weights(PthReader.read(file, keys::contains), file.toString());
		};
	}
}

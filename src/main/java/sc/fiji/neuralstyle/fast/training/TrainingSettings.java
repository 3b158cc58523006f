package sc.fiji.neuralstyle.fast.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.fast.TransformerNet;

/**
 * Everything that decides how a fast-style network is trained: the front makes it from its
 * parameters (pinned names {@code steps}, {@code batch_size}, {@code learning_rate}, {@code size},
 * {@code seed} and the style rows). No defaults or checks of its own beyond what keeps the trainer
 * sound; the parameter rules come from the table when it is wired.
 *
 * @param steps training steps in all (a run continued from a checkpoint trains up to this many)
 * @param batchSize images (for the temporal loss: pairs of frames) per step
 * @param learningRate Adam's learning rate (pytorch/examples': 0.001)
 * @param seed the batches' order and crops, and a new network's initial weights
 * @param size the side of the square samples
 * @param sampling how an image becomes a sample
 * @param network what identifies the feature network and its weights (the network's name and the
 *          weights file's identity), for checkpoints
 * @param contentLayers content layers with their weights
 * @param styleLayers style layers with their weights
 * @param contentWeight α
 * @param styleWeight β
 * @param tvWeight the total variation's weight
 * @param temporalWeight the temporal loss's weight (0: none; above 0, batches of consecutive pairs)
 * @param styleBlend one weight per style image
 * @param checkpointEvery steps between checkpoints (the last step writes one too)
 * @param previewEvery steps between previews of the held-out image (0: none)
 */
public record TrainingSettings(int steps, int batchSize, double learningRate, long seed, int size, Sampling sampling,
	String network, LayerWeights contentLayers, LayerWeights styleLayers, double contentWeight, double styleWeight,
	double tvWeight, double temporalWeight, double[] styleBlend, int checkpointEvery, int previewEvery)
{

	public TrainingSettings {
		Objects.requireNonNull(sampling, "sampling");
		Objects.requireNonNull(network, "network");
		Objects.requireNonNull(contentLayers, "contentLayers");
		Objects.requireNonNull(styleLayers, "styleLayers");
		styleBlend = styleBlend.clone();
		if (steps < 1 || batchSize < 1 || size < TransformerNet.minSide() || checkpointEvery < 1 || previewEvery < 0) {
			throw new IllegalArgumentException("Training settings out of range: " + this);
		}
	}

	@Override
	public double[] styleBlend() {
		return styleBlend.clone();
	}

	/** The same settings with another number of steps (a run that goes on). */
	public TrainingSettings withSteps(int newSteps) {
		return new TrainingSettings(newSteps, batchSize, learningRate, seed, size, sampling, network, contentLayers,
			styleLayers, contentWeight, styleWeight, tvWeight, temporalWeight, styleBlend, checkpointEvery, previewEvery);
	}

	/**
	 * The settings that change what the steps compute, by name, as text: a checkpoint records them, and
	 * a run continues from it only where they are equal. Not among them: {@code steps} (a longer run
	 * continues a shorter one), how often checkpoints and previews are made.
	 */
	public Map<String, String> identity() {
		Map<String, String> m = new LinkedHashMap<>();
		m.put("batch_size", Integer.toString(batchSize));
		m.put("learning_rate", Double.toString(learningRate));
		m.put("seed", Long.toString(seed));
		m.put("size", Integer.toString(size));
		m.put("sampling", sampling.name().toLowerCase(java.util.Locale.ROOT));
		m.put("network", network);
		m.put("content_layers", contentLayers.toString());
		m.put("style_layers", styleLayers.toString());
		m.put("content_weight", Double.toString(contentWeight));
		m.put("style_weight", Double.toString(styleWeight));
		m.put("tv_weight", Double.toString(tvWeight));
		m.put("temporal_weight", Double.toString(temporalWeight));
		m.put("style_blend_weights", Arrays.toString(styleBlend));
		return m;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TrainingSettings t && steps == t.steps && checkpointEvery == t.checkpointEvery
			&& previewEvery == t.previewEvery && identity().equals(t.identity());
	}

	@Override
	public int hashCode() {
		return Objects.hash(steps, checkpointEvery, previewEvery, identity());
	}

	@Override
	public String toString() {
		return "steps=" + steps + ", " + identity() + ", checkpoint_every=" + checkpointEvery + ", preview_every="
			+ previewEvery;
	}
}

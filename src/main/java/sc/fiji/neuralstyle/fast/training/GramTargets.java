package sc.fiji.neuralstyle.fast.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.terms.LossFormulas;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.Preprocessing;

/**
 * The style loss's targets for training: per style layer the blend Σ b_s A_s / M_s of the style
 * images' Gram matrices per position (each image at its own size), as the pixel optimisation's
 * Gram term forms them, so a style weight means the same in both.
 */
final class GramTargets implements AutoCloseable {

	private final NDManager manager;
	private final Map<String, NDArray> perPosition;

	private GramTargets(NDManager manager, Map<String, NDArray> perPosition) {
		this.manager = manager;
		this.perPosition = Collections.unmodifiableMap(perPosition);
	}

	/**
	 * @param styles RGB or gray images in [0, 1]
	 * @param blend a weight per style (normalised here to sum 1)
	 * @param parent the manager whose device holds the targets (a sub-manager is used)
	 */
	static GramTargets of(FeatureNetwork network, Preprocessing preprocessing, LayerWeights layers, List<FloatImage> styles,
		double[] blend, NDManager parent)
	{
		if (styles.isEmpty() || styles.size() != blend.length) {
			throw new IllegalArgumentException("One blend weight per style image: " + styles.size() + " images, " + blend.length
				+ " weights");
		}
		double sum = 0;
		for (double b : blend) sum += b;
		NDManager manager = parent.newSubManager();
		try {
			Map<String, NDArray> targets = new LinkedHashMap<>();
			for (int s = 0; s < styles.size(); s++) {
				try (NDManager scope = manager.newSubManager()) {
					NDArray image = rgb(styles.get(s), scope);
					Map<String, NDArray> f = network.forward(preprocessing.apply(image), layers.names());
					for (String layer : layers.names()) {
						NDArray features = f.get(layer);
						NDArray gram = LossFormulas.gram(features);
						NDArray weighted = gram.mul(LossFormulas.constant(gram, blend[s] / sum / LossFormulas.positions(features)));
						NDArray before = targets.get(layer);
						NDArray next = before == null ? weighted : before.add(weighted);
						next.attach(manager);
						targets.put(layer, next);
					}
				}
			}
			return new GramTargets(manager, targets);
		}
		catch (RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	/** A (1, 3, H, W) array of an image in [0, 1], gray repeated to three channels. */
	static NDArray rgb(FloatImage image, NDManager manager) {
		NDArray a = manager.create(image.data(), new Shape(1, image.channels(), image.height(), image.width()));
		return image.channels() == 3 ? a : a.repeat(1, 3);
	}

	/** A/M of a style layer, (N, N). */
	NDArray get(String layer) {
		return perPosition.get(layer);
	}

	@Override
	public void close() {
		manager.close();
	}
}

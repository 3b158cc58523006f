package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.net.FeatureNetwork;
import sc.fiji.neuralstyle.net.Preprocessing;

/**
 * The total loss α·L_content + β·L_style + γ·L_tv of an image and its gradient. Holds the content
 * features P and the style Gram matrices A, computed once from the target images and detached.
 * The image it is evaluated at is in [0, 1] with 1 (gray) or 3 (RGB) channels; gray images are
 * broadcast to three channels inside the graph, so the gradient comes back gray.
 */
final class StyleObjective implements AutoCloseable {

	private final Engine engine;
	private final FeatureNetwork network;
	private final Preprocessing preprocessing;
	private final LayerWeights contentLayers;
	private final LayerWeights styleLayers;
	private final double contentWeight;
	private final double styleWeight;
	private final double tvWeight;
	private final NDManager targets;
	private final Map<String, NDArray> contentTargets = new LinkedHashMap<>();
	private final Map<String, NDArray> styleGrams = new LinkedHashMap<>();
	private final Map<String, Long> stylePositions = new LinkedHashMap<>();
	private final List<String> layers;

	/**
	 * Computes the targets.
	 *
	 * @param content the content image, (1, C, H, W) in [0, 1]
	 * @param style the style image, (1, 3, H', W') in [0, 1]
	 * @param parent owns the targets until {@link #close()}
	 */
	StyleObjective(Engine engine, FeatureNetwork network, Preprocessing preprocessing, StyleSettings settings,
		LayerWeights contentLayers, LayerWeights styleLayers, NDArray content, NDArray style, NDManager parent)
	{
		this.engine = engine;
		this.network = network;
		this.preprocessing = preprocessing;
		this.contentLayers = contentLayers;
		this.styleLayers = styleLayers;
		this.contentWeight = settings.contentWeight();
		this.styleWeight = settings.styleWeight();
		this.tvWeight = settings.tvWeight();
		this.targets = parent.newSubManager();
		Set<String> needed = new LinkedHashSet<>();
		if (contentWeight > 0) needed.addAll(contentLayers.names());
		if (styleWeight > 0) needed.addAll(styleLayers.names());
		this.layers = new ArrayList<>(needed);
		if (contentWeight > 0) {
			try (NDManager scope = parent.newSubManager()) {
				Map<String, NDArray> f = features(content, contentLayers.names(), scope);
				for (String layer : contentLayers.names()) keep(contentTargets, layer, f.get(layer));
			}
		}
		if (styleWeight > 0) {
			try (NDManager scope = parent.newSubManager()) {
				Map<String, NDArray> f = features(style, styleLayers.names(), scope);
				for (String layer : styleLayers.names()) {
					keep(styleGrams, layer, Losses.gram(f.get(layer)));
					stylePositions.put(layer, Losses.positions(f.get(layer)));
				}
			}
		}
	}

	private void keep(Map<String, NDArray> into, String layer, NDArray value) {
		NDArray copy = value.duplicate();
		copy.attach(targets);
		into.put(layer, copy);
	}

	/** Runs the network on an image in [0, 1], in {@code scope}. */
	private Map<String, NDArray> features(NDArray image, List<String> wanted, NDManager scope) {
		NDArray input = image.duplicate();
		input.attach(scope);
		return network.forward(preprocessing.apply(toRgb(input)), wanted);
	}

	private static NDArray toRgb(NDArray image) {
		Shape s = image.getShape();
		return s.get(1) == 3 ? image : image.broadcast(new Shape(s.get(0), 3, s.get(2), s.get(3)));
	}

	/**
	 * Loss terms and the gradient at x. A fresh leaf is made from x for every call, so the gradient
	 * never accumulates across evaluations (DJL's PyTorch collector does not zero it).
	 *
	 * @param x the image, (1, C, H, W) in [0, 1]-ish, not modified
	 * @param owner owns the returned gradient
	 */
	Terms evaluate(NDArray x, NDManager owner) {
		try (NDManager scope = owner.newSubManager()) {
			NDArray leaf = x.duplicate();
			leaf.attach(scope);
			leaf.setRequiresGradient(true);
			double content = 0, style = 0, tv = 0, total;
			try (GradientCollector collector = engine.newGradientCollector()) {
				NDArray loss = scope.zeros(new Shape(), leaf.getDataType());
				if (!layers.isEmpty()) {
					Map<String, NDArray> f = network.forward(preprocessing.apply(toRgb(leaf)), layers);
					if (contentWeight > 0) {
						NDArray c = weightedSum(contentLayers, layer -> Losses.content(f.get(layer), contentTargets.get(layer)));
						content = c.getFloat();
						loss = loss.add(c.mul(Losses.constant(c, contentWeight)));
					}
					if (styleWeight > 0) {
						NDArray s = weightedSum(styleLayers, layer -> {
							NDArray features = f.get(layer);
							return Losses.styleLayer(Losses.gram(features), styleGrams.get(layer), Losses.positions(features),
								stylePositions.get(layer));
						});
						style = s.getFloat();
						loss = loss.add(s.mul(Losses.constant(s, styleWeight)));
					}
				}
				if (tvWeight > 0) {
					NDArray t = Losses.totalVariation(leaf);
					tv = t.getFloat();
					loss = loss.add(t.mul(Losses.constant(t, tvWeight)));
				}
				total = loss.getFloat();
				collector.backward(loss);
			}
			NDArray gradient = leaf.getGradient().duplicate();
			gradient.attach(owner);
			return new Terms(total, content, style, tv, gradient);
		}
	}

	private static NDArray weightedSum(LayerWeights layers, java.util.function.Function<String, NDArray> term) {
		NDArray sum = null;
		for (String layer : layers.names()) {
			NDArray term0 = term.apply(layer);
			NDArray t = term0.mul(Losses.constant(term0, layers.weight(layer)));
			sum = sum == null ? t : sum.add(t);
		}
		return sum;
	}

	@Override
	public void close() {
		targets.close();
	}

	/** The loss terms (content, style, tv unweighted) and the gradient of the total. */
	record Terms(double total, double content, double style, double tv, NDArray gradient) {}
}

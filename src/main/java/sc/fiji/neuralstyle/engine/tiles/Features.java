package sc.fiji.neuralstyle.engine.tiles;

import java.util.Collection;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.Padding;
import sc.fiji.neuralstyle.net.Preprocessing;

/**
 * The feature network as the loss terms see it: images in [0, 1], gray ones broadcast to three
 * channels inside the graph (so a gray image's gradient comes back gray), preprocessed for the
 * network's weights, padded by the first convolutions as {@code padding} says.
 */
public final class Features {

	private final FeatureNetwork network;
	private final Preprocessing preprocessing;
	private final Padding padding;

	/** @param padding how the convolutions that read the image pad it */
	public Features(FeatureNetwork network, Preprocessing preprocessing, Padding padding) {
		this.network = network;
		this.preprocessing = preprocessing;
		this.padding = padding;
	}

	/** The layers' features of an image, in the image's manager and (under a collector) in its graph. */
	public Map<String, NDArray> of(NDArray image, Collection<String> layers) {
		return network.forward(preprocessing.apply(toRgb(image)), layers, padding);
	}

	/** The layers' features of a copy of the image made in {@code scope}, which then owns them all. */
	public Map<String, NDArray> copyOf(NDArray image, Collection<String> layers, NDManager scope) {
		NDArray input = image.duplicate();
		input.attach(scope);
		return of(input, layers);
	}

	FeatureNetwork network() {
		return network;
	}

	private static NDArray toRgb(NDArray image) {
		Shape s = image.getShape();
		return s.get(1) == 3 ? image : image.broadcast(new Shape(s.get(0), 3, s.get(2), s.get(3)));
	}
}

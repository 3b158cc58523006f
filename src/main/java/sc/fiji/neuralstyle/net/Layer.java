package sc.fiji.neuralstyle.net;

import java.util.List;

/**
 * One step of a feature network: an operation applied to the outputs of earlier steps.
 *
 * @param spec what it computes
 * @param inputs positions (in {@link Architecture#layers()}) of the layers it reads, in order;
 *          {@link #NETWORK_INPUT} for the image itself
 * @param named whether users can choose it as a content or style layer; the steps inside a module
 *          (a Fire module's squeeze, an Inception branch) are not named, their module's output is
 */
public record Layer(LayerSpec spec, List<Integer> inputs, boolean named) {

	/** The input position that stands for the network's input image. */
	public static final int NETWORK_INPUT = -1;

	public Layer {
		inputs = List.copyOf(inputs);
		if (inputs.isEmpty()) throw new IllegalArgumentException(spec.name() + " has no input");
		if (!(spec instanceof LayerSpec.Concat) && inputs.size() != 1) {
			throw new IllegalArgumentException(spec.name() + " takes one input, not " + inputs.size());
		}
	}

	/** The layer's name. */
	public String name() {
		return spec.name();
	}
}

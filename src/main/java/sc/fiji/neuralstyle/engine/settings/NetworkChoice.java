package sc.fiji.neuralstyle.engine.settings;

import java.util.List;
import java.util.Objects;

import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.text.BadValueException;
import sc.fiji.neuralstyle.text.Counts;

/**
 * The feature network a run uses, resolved once from its name: the descriptor ({@code models/<name>.json}:
 * weights, preprocessing) and the architecture (its layer graph and default layers). Everything after
 * the parameters takes these objects, so no room looks a network name up again.
 *
 * @param descriptor the descriptor of the name
 * @param architecture the descriptor's architecture
 */
public record NetworkChoice(ModelDescriptor descriptor, Architecture architecture) {

	public NetworkChoice {
		Objects.requireNonNull(descriptor, "descriptor");
		Objects.requireNonNull(architecture, "architecture");
	}

	/**
	 * The network of a name: the one place a network name is resolved.
	 *
	 * @throws BadValueException naming {@code network}: not a network (with the choices), or a
	 *           descriptor that cannot be read
	 */
	public static NetworkChoice named(String name) {
		List<String> available = ModelDescriptor.available();
		if (!available.contains(name)) {
			throw new BadValueException("network", "'" + name + "' is not a network", "choose " + Counts.orList(available));
		}
		try {
			ModelDescriptor descriptor = ModelDescriptor.load(name);
			return new NetworkChoice(descriptor, Architecture.parse(descriptor.architecture()));
		}
		catch (WeightsException | IllegalArgumentException e) {
			throw new BadValueException("network", "its description cannot be read (" + e.getMessage() + ")",
				"reinstall the plugin, or choose another network");
		}
	}

	/** The name users choose it by, e.g. {@code vgg19}. */
	public String name() {
		return descriptor.name();
	}

	/** The content layers of a run that gives none: the architecture's defaults. */
	public LayerWeights defaultContentLayers() {
		return LayerWeights.parse(String.join(",", architecture.defaultContentLayers()), "content_layers");
	}

	/** The style layers of a run that gives none: the architecture's defaults, which may carry weights. */
	public LayerWeights defaultStyleLayers() {
		return LayerWeights.parse(String.join(",", architecture.defaultStyleLayers()), "style_layers");
	}

	/** Its name, as the parameter is written. */
	@Override
	public String toString() {
		return name();
	}
}

package sc.fiji.neuralstyle.engine.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.neuralstyle.text.BadValueException;

/**
 * An ordered list of layer names with a weight each, parsed from text such as
 * {@code relu1_1,relu2_1,relu3_1} (equal weights summing to 1) or {@code relu1_1:0.5,relu2_1:0.5}.
 */
public final class LayerWeights {

	private final Map<String, Double> weights;

	private LayerWeights(Map<String, Double> weights) {
		this.weights = Collections.unmodifiableMap(weights);
	}

	/**
	 * Parses a comma-separated list of layer names, each optionally followed by {@code :weight}.
	 * Layers without a weight share what is left of 1 equally when no layer has one, and otherwise
	 * get weight 1/n each (n = number of layers), as in Gatys et al.
	 *
	 * @param what what the list is, for messages ("style_layers")
	 * @throws IllegalArgumentException when the text is empty, names a layer twice, or has a bad weight
	 */
	public static LayerWeights parse(String text, String what) {
		if (text == null || text.isBlank()) {
			throw new BadValueException(what, "no layer is named", "give at least one layer name, e.g. relu4_2");
		}
		String[] items = text.split(",");
		Map<String, Double> parsed = new LinkedHashMap<>();
		for (String item : items) {
			String entry = item.trim();
			if (entry.isEmpty()) continue;
			String name = entry;
			Double weight = null;
			int colon = entry.indexOf(':');
			if (colon >= 0) {
				name = entry.substring(0, colon).trim();
				String number = entry.substring(colon + 1).trim();
				try {
					weight = Double.parseDouble(number);
				}
				catch (NumberFormatException e) {
					throw new BadValueException(what, "'" + number + "' is not a number (in '" + entry + "')",
						"write layer:weight, e.g. relu1_1:0.2");
				}
				if (!Double.isFinite(weight) || weight < 0) {
					throw new BadValueException(what, "the weight of " + name + " is " + number, "give a number of at least 0");
				}
			}
			if (name.isEmpty()) {
				throw new BadValueException(what, "a weight without a layer name in '" + entry + "'",
					"write layer:weight, e.g. relu1_1:0.2");
			}
			if (parsed.containsKey(name)) {
				throw new BadValueException(what, name + " is named twice", "list each layer once");
			}
			parsed.put(name, weight);
		}
		if (parsed.isEmpty()) {
			throw new BadValueException(what, "no layer is named", "give at least one layer name, e.g. relu4_2");
		}
		double equal = 1.0 / parsed.size();
		Map<String, Double> result = new LinkedHashMap<>();
		parsed.forEach((name, w) -> result.put(name, w == null ? equal : w));
		return new LayerWeights(result);
	}

	/** The layer names in the order given. */
	public List<String> names() {
		return new ArrayList<>(weights.keySet());
	}

	/** The weight of a layer. */
	public double weight(String layer) {
		return weights.get(layer);
	}

	/** Back to the text form, weights written out only where they differ from 1/n. */
	@Override
	public String toString() {
		double equal = 1.0 / weights.size();
		boolean allEqual = weights.values().stream().allMatch(w -> Math.abs(w - equal) < 1e-12);
		StringBuilder sb = new StringBuilder();
		weights.forEach((name, w) -> {
			if (sb.length() > 0) sb.append(',');
			sb.append(name);
			if (!allEqual) sb.append(':').append(w);
		});
		return sb.toString();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof LayerWeights other && weights.equals(other.weights);
	}

	@Override
	public int hashCode() {
		return weights.hashCode();
	}
}

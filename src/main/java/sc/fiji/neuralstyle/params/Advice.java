package sc.fiji.neuralstyle.params;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import sc.fiji.neuralstyle.engine.settings.NetworkChoice;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.text.BadValueException;
import sc.fiji.neuralstyle.net.weights.CacheLocation;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.weights.WeightStore;

/** Explanatory lines that fronts show beside the parameters (the dialog updates them as the user types). */
public final class Advice {

	/** α/β the original study found gives a good balance of content and style. */
	public static final double GOOD_RATIO = 1e-3;
	/** Below this α/β the original study found the content unrecognisable. */
	public static final double LOST_RATIO = 1e-5;

	private Advice() {}

	/**
	 * One line on the balance of content and style weights, in the terms of the original study
	 * (α/β = 1e-3 good, below 1e-5 the content is lost).
	 */
	public static String ratio(double alpha, double beta) {
		if (!Double.isFinite(alpha) || !Double.isFinite(beta) || alpha < 0 || beta < 0) {
			return "α and β must be numbers ≥ 0.";
		}
		if (alpha == 0 && beta == 0) return "α and β are both 0: nothing to optimise.";
		if (beta == 0) return "β = 0: the style is ignored, the result only reproduces the content.";
		if (alpha == 0) return "α = 0: the content is ignored, the result is a texture of the style.";
		double r = alpha / beta;
		String judgement;
		if (r > 1e-2) judgement = "mostly content, little style; 1e-3 is the balance the original study found good";
		else if (r > 1e-4) judgement = "around 1e-3, the balance the original study found good";
		else if (r >= LOST_RATIO) judgement = "strong style; below 1e-5 the content becomes unrecognisable";
		else judgement = "below 1e-5: expect the content to be unrecognisable (1e-3 keeps it)";
		return "α/β = " + NumberText.ratio(r) + ": " + judgement + ".";
	}

	/**
	 * The line on α/β for a style loss (its text in the dialog): the study's terms for {@code gram};
	 * for the others, whose losses have their own scale, the ratio and that the study's balance is
	 * not theirs.
	 */
	public static String ratio(double alpha, double beta, String styleLoss) {
		boolean gram = styleLoss == null || styleLoss.strip().equalsIgnoreCase("gram");
		// A ratio of two positive numbers has a judgement; the other lines (a weight of 0, not a number) stay.
		boolean ratio = Double.isFinite(alpha) && Double.isFinite(beta) && alpha > 0 && beta > 0;
		if (gram || !ratio) return ratio(alpha, beta);
		return "α/β = " + NumberText.ratio(alpha / beta) + ": style_loss=" + styleLoss.strip() + " has its own scale; the "
			+ "study's 1e-3 is for gram (docs/style-controls.md, Style losses).";
	}

	/** The layers used when the layer fields are empty, for a network name; what is wrong if it is unknown. */
	public static String layerDefaults(String network) {
		String name = network == null ? "" : network.strip().toLowerCase(Locale.ROOT);
		try {
			Architecture a = NetworkChoice.named(name).architecture();
			return "Empty layers = " + name + "'s defaults: content " + String.join(",", a.defaultContentLayers())
				+ "; style " + String.join(",", a.defaultStyleLayers());
		}
		catch (BadValueException e) {
			return e.getMessage();
		}
	}

	/**
	 * One line on where the network's weights come from: the weights file given, or the network's own
	 * file, with its size, and when it is not on this computer yet what the run does about that.
	 *
	 * @param network the network parameter's text
	 * @param weights the weights parameter's text (empty: the network's own file)
	 * @param store where the networks' own files are kept
	 * @param getThem how this front gets weights ahead of a run, a clause: "Download Weights gets them now"
	 * @return the line; empty for a network that is not known (the layers' line says so)
	 */
	public static String weights(String network, String weights, WeightStore store, String getThem) {
		String name = network == null ? "" : network.strip().toLowerCase(Locale.ROOT);
		if (!ModelDescriptor.available().contains(name)) return "";
		if (weights != null && !weights.isBlank()) {
			Path file = Path.of(weights.strip()).getFileName();
			return name + " with the weights file " + (file == null ? weights.strip() : file) + ".";
		}
		ModelDescriptor d = ModelDescriptor.load(name);
		String what = name + "'s weights (" + d.sizeText() + ")";
		if (Files.isRegularFile(store.location(d))) return what + " are on this computer.";
		if (store.downloadsAllowed()) return what + " are not on this computer yet: the run downloads them first, or " + getThem + ".";
		return what + " are not on this computer, and downloads are off (" + CacheLocation.OFFLINE_PROPERTY + "): "
			+ getThem + "; or give a weights file.";
	}

	/** How many changed options {@link #advancedChanges} names before it counts the rest. */
	static final int CHANGES_NAMED = 4;

	/**
	 * One line for the first dialog on what its "Advanced options" hold: the dialog rows outside
	 * {@link Group#BASIC} whose text differs from the default, as {@code name=value}, so that a value
	 * remembered from an earlier run is never hidden.
	 *
	 * @param texts the dialog's texts by parameter name (rows left out count as defaults)
	 */
	public static String advancedChanges(Map<String, String> texts) {
		Map<String, String> defaults = ParamValues.defaults().texts(Front.DIALOG);
		List<String> changed = new ArrayList<>();
		for (Param<?> p : Params.on(Front.DIALOG)) {
			if (p.group() == Group.BASIC) continue;
			String text = texts.getOrDefault(p.name(), defaults.get(p.name())).strip();
			if (!isDefault(p, text)) changed.add(p.name() + "=" + text);
		}
		if (changed.isEmpty()) return "Advanced options: all at their defaults.";
		String named = String.join(", ", changed.subList(0, Math.min(CHANGES_NAMED, changed.size())));
		int more = changed.size() - CHANGES_NAMED;
		return "Advanced options in use: " + named + (more > 0 ? " and " + more + " more" : "") + ".";
	}

	/** Whether a text means the row's default ("1.0" for 1 too); a text that does not parse is no default. */
	private static boolean isDefault(Param<?> p, String text) {
		try {
			return Objects.equals(p.parse(text), p.parse(p.defaultText()));
		}
		catch (ParameterException e) {
			return false;
		}
	}
}

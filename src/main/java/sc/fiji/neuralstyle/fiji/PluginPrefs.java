package sc.fiji.neuralstyle.fiji;

import ij.Prefs;

/**
 * Remembers the dialog's choices between interactive runs in ImageJ's preferences (IJ_Prefs.txt),
 * under {@code neuralstyle.<key>}. Macro runs neither read nor write them, so a macro means the same
 * thing on every machine. The content title and the output files are not remembered: the content
 * changes from run to run, and a remembered output path would silently overwrite last run's file.
 */
final class PluginPrefs {

	static final String PREFIX = "neuralstyle.";

	private PluginPrefs() {}

	/** The remembered values, {@code defaults} where nothing (valid) is remembered. */
	static DialogParameters load(DialogParameters defaults) {
		DialogParameters d = defaults;
		return new DialogParameters(d.content(), text("style", d.style()), text("network", d.network()),
			text("weights", d.weights()), text("content_layers", d.contentLayers()),
			text("style_layers", d.styleLayers()), text("optimizer", d.optimizer()),
			number("learning_rate", d.learningRate()), number("iterations", d.iterations()),
			number("content_weight", d.contentWeight()), number("style_weight", d.styleWeight()),
			number("tv_weight", d.tvWeight()), text("init", d.init()), text("pooling", d.pooling()),
			number("size", d.size()), number("style_scale", d.styleScale()), number("seed", d.seed()),
			text("device", d.device()), Prefs.get(PREFIX + "preserve_colors", d.preserveColors()),
			number("preview_every", d.previewEvery()), text("channel", d.channel()), text("planes", d.planes()),
			d.output(), d.lossLog());
	}

	/** Remembers the values of a run that was started (see the class comment for what is left out). */
	static void save(DialogParameters p) {
		set("style", p.style());
		set("network", p.network());
		set("weights", p.weights());
		set("content_layers", p.contentLayers());
		set("style_layers", p.styleLayers());
		set("optimizer", p.optimizer());
		set("learning_rate", NumberText.format(p.learningRate()));
		set("iterations", NumberText.format(p.iterations()));
		set("content_weight", NumberText.format(p.contentWeight()));
		set("style_weight", NumberText.format(p.styleWeight()));
		set("tv_weight", NumberText.format(p.tvWeight()));
		set("init", p.init());
		set("pooling", p.pooling());
		set("size", NumberText.format(p.size()));
		set("style_scale", NumberText.format(p.styleScale()));
		set("seed", NumberText.format(p.seed()));
		set("device", p.device());
		Prefs.set(PREFIX + "preserve_colors", p.preserveColors());
		set("preview_every", NumberText.format(p.previewEvery()));
		set("channel", p.channel());
		set("planes", p.planes());
	}

	/** Forgets every remembered value. */
	static void clear() {
		for (String key : DialogParameters.KEYS) Prefs.set(PREFIX + key, (String) null);
	}

	private static void set(String key, String value) {
		Prefs.set(PREFIX + key, value);
	}

	private static String text(String key, String fallback) {
		return Prefs.get(PREFIX + key, fallback);
	}

	private static double number(String key, double fallback) {
		double value = NumberText.parse(Prefs.get(PREFIX + key, NumberText.format(fallback)));
		return Double.isFinite(value) ? value : fallback;
	}
}

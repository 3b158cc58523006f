package sc.fiji.neuralstyle.fiji;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * The ImageJ macro option string of a run, e.g.
 * {@code content=[coffee.png] style=starry_night.jpg network=vgg19 ... preserve_colors}: the one
 * place where a run's parameters become text that {@code run("Neural Style", options)} reads back.
 * <p>
 * It follows ImageJ1's conventions, as read by {@code ij.Macro.getValue} and {@code GenericDialog}:
 * {@code name=value}, a value with spaces in [brackets], a true check box as its bare name and a
 * false one left out. Names are the shared snake_case parameter names. Because {@code Macro.getValue}
 * also finds {@code size=} inside {@code history_size=}, the L-BFGS extras come last (and only when
 * they differ from their defaults).
 */
public final class MacroOptions {

	/** The command name macros call. */
	public static final String COMMAND = "Neural Style";

	/** Check boxes: written as a bare name when true, left out when false. */
	static final Set<String> FLAGS = Set.of("preserve_colors", "line_search");

	private static final String MACRO_PREFIX = "run(\"" + COMMAND + "\", \"";

	private MacroOptions() {}

	/**
	 * The options reproducing a run.
	 *
	 * @param request the run
	 * @param contentLayers the content layers in use (defaults written out, so a later change of
	 *          defaults does not change what the string means)
	 * @param styleLayers the style layers in use
	 */
	public static String of(StyleJob.Request request, String contentLayers, String styleLayers) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("content", request.content().getTitle());
		values.put("style", request.style().getTitle());
		StyleSettings s = request.settings();
		Map<String, String> settings = s.describe(contentLayers, styleLayers);
		String historySize = settings.remove("history_size");
		String lineSearch = settings.remove("line_search");
		values.putAll(settings);
		if (request.content().getNChannels() > 1) values.put("channel", Integer.toString(request.channel()));
		if (request.content().getNSlices() * request.content().getNFrames() > 1) {
			values.put("planes", request.allPlanes() ? "all" : "current");
		}
		if (request.previewEvery() > 0) values.put("preview_every", Integer.toString(request.previewEvery()));
		if (request.output() != null) values.put("output", request.output().toString());
		if (request.lossLog() != null) values.put("loss_log", request.lossLog().toString());
		// Last, see the class description.
		if (historySize != null && s.historySize() != StyleSettings.DEFAULT_HISTORY_SIZE) values.put("history_size", historySize);
		if (lineSearch != null && s.lineSearch()) values.put("line_search", lineSearch);
		return format(values);
	}

	/** Name/value pairs as an option string; names in {@link #FLAGS} become bare words when "true". */
	public static String format(Map<String, String> values) {
		StringBuilder sb = new StringBuilder();
		values.forEach((name, value) -> {
			if (FLAGS.contains(name)) {
				if (Boolean.parseBoolean(value)) sb.append(name).append(' ');
				return;
			}
			sb.append(name).append('=').append(quote(value)).append(' ');
		});
		return sb.toString().strip();
	}

	/** A value as ImageJ writes it: in [brackets] if it is empty or has spaces (or would be misread). */
	public static String quote(String value) {
		String v = value == null ? "" : value;
		boolean plain = !v.isEmpty() && v.chars().noneMatch(Character::isWhitespace) && !v.startsWith("[")
			&& !v.startsWith("'");
		return plain ? v : "[" + v + "]";
	}

	/**
	 * Splits an option string into name → value, the inverse of {@link #format}: bare words map to
	 * "true", [bracketed] values lose their brackets.
	 *
	 * @throws IllegalArgumentException for a [ without its ]
	 */
	public static Map<String, String> parse(String options) {
		Map<String, String> values = new LinkedHashMap<>();
		String s = options == null ? "" : options;
		int i = 0, n = s.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(s.charAt(i))) i++;
			if (i >= n) break;
			int start = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
			String name = s.substring(start, i).toLowerCase(Locale.ROOT);
			if (i >= n || s.charAt(i) != '=') {
				values.put(name, "true");
				continue;
			}
			i++; // '='
			String value;
			if (i < n && s.charAt(i) == '[') {
				int depth = 1, j = i + 1;
				for (; j < n && depth > 0; j++) {
					if (s.charAt(j) == '[') depth++;
					else if (s.charAt(j) == ']') depth--;
				}
				if (depth > 0) throw new IllegalArgumentException("In the macro options, the value of " + name + " has a [ without ]");
				value = s.substring(i + 1, j - 1);
				i = j;
			}
			else {
				int end = i;
				while (end < n && !Character.isWhitespace(s.charAt(end))) end++;
				value = s.substring(i, end);
				i = end;
			}
			values.put(name, value);
		}
		return values;
	}

	/**
	 * The settings an option string describes; parameters not in it keep their defaults, as in a macro.
	 * {@code learning_rate=0} means the optimiser's default.
	 *
	 * @throws IllegalArgumentException naming the parameter whose value is wrong
	 */
	public static StyleSettings settings(Map<String, String> values) {
		StyleSettings.Builder b = StyleSettings.builder();
		String v;
		if ((v = values.get("network")) != null) b.network(v.trim().toLowerCase(Locale.ROOT));
		if ((v = values.get("weights")) != null && !v.isBlank()) b.weights(Path.of(v));
		if ((v = values.get("content_layers")) != null) b.contentLayers(v);
		if ((v = values.get("style_layers")) != null) b.styleLayers(v);
		if ((v = values.get("content_weight")) != null) b.contentWeight(number("content_weight", v));
		if ((v = values.get("style_weight")) != null) b.styleWeight(number("style_weight", v));
		if ((v = values.get("tv_weight")) != null) b.tvWeight(number("tv_weight", v));
		if ((v = values.get("optimizer")) != null) b.optimizer(OptimizerKind.parse(v));
		if ((v = values.get("iterations")) != null) b.iterations(integer("iterations", v));
		if ((v = values.get("learning_rate")) != null) {
			double rate = number("learning_rate", v);
			b.learningRate(rate == 0 ? Double.NaN : rate);
		}
		if ((v = values.get("init")) != null) b.init(Init.parse(v));
		if ((v = values.get("pooling")) != null) b.pooling(Pooling.parse(v));
		if ((v = values.get("size")) != null) b.size(integer("size", v));
		if ((v = values.get("style_scale")) != null) b.styleScale(number("style_scale", v));
		if ((v = values.get("seed")) != null) b.seed(wholeNumber("seed", v));
		if ((v = values.get("device")) != null) b.device(v.trim().toLowerCase(Locale.ROOT));
		b.preserveColors(Boolean.parseBoolean(values.getOrDefault("preserve_colors", "false")));
		if ((v = values.get("history_size")) != null) b.historySize(integer("history_size", v));
		b.lineSearch(Boolean.parseBoolean(values.getOrDefault("line_search", "false")));
		return b.build();
	}

	/** {@link #settings(Map)} of {@link #parse(String)}. */
	public static StyleSettings settings(String options) {
		return settings(parse(options));
	}

	/** The macro line that repeats a run: {@code run("Neural Style", "…");}, quotes and backslashes escaped. */
	public static String macroCall(String options) {
		return MACRO_PREFIX + options.replace("\\", "\\\\").replace("\"", "\\\"") + "\");";
	}

	/**
	 * The options of the first {@link #macroCall} line in a text (an image's Info), unescaped; null if
	 * there is none.
	 */
	public static String fromInfo(String info) {
		if (info == null) return null;
		for (String line : info.split("\\R")) {
			String l = line.strip();
			if (l.startsWith(MACRO_PREFIX) && l.endsWith("\");")) {
				String body = l.substring(MACRO_PREFIX.length(), l.length() - 3);
				StringBuilder sb = new StringBuilder();
				for (int i = 0; i < body.length(); i++) {
					char c = body.charAt(i);
					if (c == '\\' && i + 1 < body.length()) c = body.charAt(++i);
					sb.append(c);
				}
				return sb.toString();
			}
		}
		return null;
	}

	private static double number(String name, String text) {
		try {
			return Double.parseDouble(text.trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(name + "=" + text + " is not a number; write e.g. " + name + "=1e3");
		}
	}

	private static int integer(String name, String text) {
		long v = wholeNumber(name, text);
		if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
			throw new IllegalArgumentException(name + "=" + text + " is too large");
		}
		return (int) v;
	}

	/** A whole number; ImageJ's dialogs may write 300 as 300.0, which is accepted. */
	private static long wholeNumber(String name, String text) {
		String t = text.trim();
		try {
			return Long.parseLong(t);
		}
		catch (NumberFormatException e) {
			double d;
			try {
				d = Double.parseDouble(t);
			}
			catch (NumberFormatException e2) {
				throw new IllegalArgumentException(name + "=" + text + " is not a whole number");
			}
			if (d != Math.rint(d) || Math.abs(d) > 0x1p53) {
				throw new IllegalArgumentException(name + "=" + text + " is not a whole number");
			}
			return (long) d;
		}
	}
}

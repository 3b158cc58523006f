package sc.fiji.neuralstyle.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters as ImageJ macro option text, e.g.
 * {@code content=[coffee.png] style=starry_night.jpg iterations=300 preserve_colors}: the form of
 * {@code run("Neural Style", options)}, of the macro recorder and of the result's Info line.
 * <p>
 * ImageJ's conventions: {@code name=value}, a value with spaces (or none) in [brackets], a flag that
 * is on as its bare name and one that is off left out. Unlike ImageJ's {@code Macro.getValue}, which
 * also finds {@code size=} inside {@code tile_size=}, {@link #parse} matches whole names only.
 */
public final class OptionText {

	/** The command name macros call. */
	public static final String COMMAND = "Neural Style";

	private static final String MACRO_PREFIX = "run(\"" + COMMAND + "\", \"";

	private OptionText() {}

	/**
	 * The option text of the values a front offers, in table order; flags as bare names when on,
	 * left out when off.
	 */
	public static String of(ParamValues values, Front front) {
		return format(values.texts(front));
	}

	/** Name/value pairs as option text; values of flags (FLAG rows) become bare names or nothing. */
	public static String format(Map<String, String> values) {
		StringBuilder sb = new StringBuilder();
		for (Map.Entry<String, String> e : options(values)) {
			if (isFlag(e.getKey())) sb.append(e.getKey()).append(' ');
			else sb.append(e.getKey()).append('=').append(quote(e.getValue())).append(' ');
		}
		return sb.toString().strip();
	}

	/**
	 * The options that option text of these pairs holds, in its order ({@link #format}'s): flags
	 * (FLAG rows) only when on, each value as its text (unquoted). What the macro recorder records.
	 */
	public static List<Map.Entry<String, String>> options(Map<String, String> values) {
		return recordingOrder(values).stream().filter(e -> !isFlag(e.getKey()) || Boolean.parseBoolean(e.getValue()))
			.toList();
	}

	/** Whether a name is a flag's, written as a bare name. */
	public static boolean isFlag(String name) {
		Param<?> p = Params.named(name);
		return p != null && p.kind() == Kind.FLAG;
	}

	/**
	 * The pairs in their order, except that a name comes before any name that ends with it
	 * ({@code size} before {@code history_size}): ImageJ's recorder takes a later {@code size=} that
	 * it finds inside {@code history_size=} for a duplicate and stops to complain.
	 */
	static List<Map.Entry<String, String>> recordingOrder(Map<String, String> values) {
		List<Map.Entry<String, String>> pending = new ArrayList<>(values.entrySet());
		List<Map.Entry<String, String>> ordered = new ArrayList<>();
		while (!pending.isEmpty()) {
			Map.Entry<String, String> next = pending.get(0);
			for (boolean moved = true; moved;) {
				moved = false;
				for (Map.Entry<String, String> e : pending) {
					if (next.getKey().endsWith(e.getKey()) && !next.getKey().equals(e.getKey())) {
						next = e; // shorter: this ends
						moved = true;
						break;
					}
				}
			}
			pending.remove(next);
			ordered.add(next);
		}
		return ordered;
	}

	/** A value as ImageJ writes it: in [brackets] if it is empty or has spaces (or would be misread). */
	public static String quote(String value) {
		String v = value == null ? "" : value;
		boolean plain = !v.isEmpty() && v.chars().noneMatch(Character::isWhitespace) && !v.startsWith("[")
			&& !v.startsWith("'");
		return plain ? v : "[" + v + "]";
	}

	/**
	 * Splits option text into name → value, the inverse of {@link #format}: bare names map to "true",
	 * [bracketed] values lose their brackets; names are lower-cased.
	 *
	 * @throws ParameterException for a [ without its ]
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
				if (depth > 0) throw new ParameterException(name, "the value has a [ without ]", "close it: " + name + "=[...]");
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

	/** The macro line that repeats a run: {@code run("Neural Style", "…");}, quotes and backslashes escaped. */
	public static String macroCall(String options) {
		return MACRO_PREFIX + options.replace("\\", "\\\\").replace("\"", "\\\"") + "\");";
	}
}

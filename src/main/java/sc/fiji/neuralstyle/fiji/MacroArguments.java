package sc.fiji.neuralstyle.fiji;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import sc.fiji.neuralstyle.params.OptionText;

/**
 * Macro arguments read with exact names, for macros that take Neural Style's parameters and pass
 * them on: {@code call("sc.fiji.neuralstyle.fiji.MacroArguments.value", args, "style", "")}. ImageJ's
 * own {@code Macro.getValue} also finds {@code size=} inside {@code history_size=}.
 */
public final class MacroArguments {

	private MacroArguments() {}

	/** The value of {@code name} in macro option text, or {@code defaultValue}; a bare name is "true". */
	public static String value(String options, String name, String defaultValue) {
		return OptionText.parse(options).getOrDefault(name.toLowerCase(Locale.ROOT), defaultValue);
	}

	/**
	 * The option text without the comma-separated {@code names}: the rest of a macro's argument, to
	 * pass on to {@code run("Neural Style", ...)} unchanged. Empty, or starting with a space.
	 */
	public static String without(String options, String names) {
		Map<String, String> values = OptionText.parse(options);
		Arrays.stream(names.split(",")).map(n -> n.strip().toLowerCase(Locale.ROOT)).forEach(values::remove);
		String rest = OptionText.format(values);
		return rest.isEmpty() ? "" : " " + rest;
	}
}

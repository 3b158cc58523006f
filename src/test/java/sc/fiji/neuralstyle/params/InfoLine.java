package sc.fiji.neuralstyle.params;

/** The run a result's Info names, read back as the tests check it. */
public final class InfoLine {

	/** {@code run("Neural Style", "}: how the macro line of {@link OptionText#macroCall} starts. */
	private static final String PREFIX = OptionText.macroCall("").substring(0, OptionText.macroCall("").length() - 3);

	private InfoLine() {}

	/**
	 * The options of the first {@link OptionText#macroCall} line in a text (an image's Info),
	 * unescaped; null if there is none.
	 */
	public static String options(String info) {
		if (info == null) return null;
		for (String line : info.split("\\R")) {
			String l = line.strip();
			if (l.startsWith(PREFIX) && l.endsWith("\");")) {
				String body = l.substring(PREFIX.length(), l.length() - 3);
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
}

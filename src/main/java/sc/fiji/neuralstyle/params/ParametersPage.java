package sc.fiji.neuralstyle.params;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter table of the documentation's parameters page, docs/parameters.md, made from {@link Params}:
 * {@code java ... ParametersPage docs/parameters.md} writes it between the page's markers, and a test fails
 * when the page's copy differs.
 */
public final class ParametersPage {

	/** The line before the table on the page. */
	public static final String BEGIN = "<!-- parameter table: made by params.ParametersPage from params.Params; do not edit -->";
	/** The line after the table on the page. */
	public static final String END = "<!-- end of parameter table -->";

	/** The page that holds the table, from the project's folder. */
	public static final String PAGE = "docs/parameters.md";

	private ParametersPage() {}

	/** The table in Markdown, one row per parameter, in table order. */
	public static String markdown() {
		StringBuilder sb = new StringBuilder("| name | in the Fiji dialog | default | where | meaning |\n|---|---|---|---|---|\n");
		for (Param<?> p : Params.ALL) {
			sb.append("| `").append(p.name()).append("` | ").append(dialogCell(p)).append(" | ").append(defaultCell(p))
				.append(" | ").append(where(p))
				.append(" | ").append(p.help().replace("|", "\\|"));
			if (p.kind() == Kind.CHOICE) {
				sb.append(" Choices: ");
				List<String> choices = new ArrayList<>();
				for (String c : p.choices()) choices.add("`" + c + "`");
				sb.append(String.join(", ", choices)).append(p.isOpenChoice() ? " or " + p.otherChoices() + "." : ".");
			}
			sb.append(" |\n");
		}
		return sb.toString();
	}

	/**
	 * The row's label in the Fiji dialog (the first dialog's, or the advanced options' with its heading),
	 * so that a Fiji user who came by the dialog's Help finds the row.
	 */
	private static String dialogCell(Param<?> p) {
		if (!p.offeredBy(Front.DIALOG)) return "";
		String label = p.slots() > 1 ? p.slotLabel(0) + ", " + p.slotLabel(1) + ", \u2026" : p.label();
		return p.group() == Group.BASIC ? label : label + " (advanced: " + p.group().title() + ")";
	}

	private static String defaultCell(Param<?> p) {
		if (p.requiredOn(Front.COMMAND_LINE) && p.requiredOn(Front.MACRO)) return "required";
		if (p.requiredOn(Front.COMMAND_LINE)) return "required on the command line";
		if (p.kind() == Kind.FLAG) return "off";
		String d = p.defaultText();
		return d.isEmpty() ? "none" : "`" + d + "`";
	}

	private static String where(Param<?> p) {
		List<String> fronts = new ArrayList<>();
		if (p.offeredBy(Front.COMMAND_LINE)) fronts.add("command line");
		if (p.offeredBy(Front.DIALOG)) fronts.add("dialog");
		if (p.offeredBy(Front.MACRO)) fronts.add("macro");
		if (p.offeredBy(Front.SCIJAVA)) fronts.add("SciJava");
		if (p.offeredBy(Front.SPARK)) fronts.add("Spark");
		String where = fronts.size() == 5 ? "all" : String.join(", ", fronts);
		return p.offeredBy(Front.TRAINING) ? where + "; Train Fast Style" : where;
	}

	/** The page's text with its table replaced by {@link #markdown()}. */
	public static String update(String page) {
		int begin = page.indexOf(BEGIN), end = page.indexOf(END);
		if (begin < 0 || end < begin) throw new IllegalArgumentException("the page has no parameter table markers");
		return page.substring(0, begin + BEGIN.length()) + "\n" + markdown() + page.substring(end);
	}

	/** Writes the table into the page given (default docs/parameters.md). */
	public static void main(String... args) throws IOException {
		Path page = Path.of(args.length > 0 ? args[0] : PAGE);
		Files.writeString(page, update(Files.readString(page, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
	}
}

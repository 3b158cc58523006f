package sc.fiji.neuralstyle.headless;

import picocli.CommandLine.Model.OptionSpec;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.Param;

/**
 * The {@code --name value} option of a table row, for the fronts on files (the command line, Spark),
 * built in one place: its value as text (the table parses it), a flag's value optional ({@code --quiet}
 * is {@code --quiet true}), and its help from the row: the help, the choices, and Required or the
 * default.
 */
public final class TableOptions {

	private TableOptions() {}

	/** The row's option on {@code front}, with the row's help; Required where the row is on that front. */
	public static OptionSpec.Builder option(Param<?> p, Front front) {
		return option(p, p.requiredOn(front), p.help());
	}

	/**
	 * The row's option with the front's own words for what it is.
	 *
	 * @param required whether the help says Required (else the default)
	 */
	public static OptionSpec.Builder option(Param<?> p, boolean required, String help) {
		OptionSpec.Builder o = OptionSpec.builder("--" + p.name()).type(String.class).arity("1")
			.paramLabel(p.kind().valueLabel());
		if (p.kind() == Kind.FLAG) o.arity("0..1").fallbackValue("true");
		StringBuilder d = new StringBuilder(help);
		if (p.kind() == Kind.CHOICE) d.append(" One of: ").append(p.choicesText()).append('.');
		if (required) d.append(" Required.");
		else if (!p.defaultText().isEmpty() && p.kind() != Kind.FLAG) d.append(" Default: ").append(p.defaultText()).append('.');
		return o.description(d.toString());
	}
}

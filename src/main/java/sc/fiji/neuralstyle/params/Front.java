package sc.fiji.neuralstyle.params;

/** The places a parameter can be set; each row of {@link Params} says which of them offer it. */
public enum Front {
	/** {@code ./neural-style --name value}. */
	COMMAND_LINE,
	/** The Fiji/ImageJ dialog of "Neural Style". */
	DIALOG,
	/** Macro options, {@code run("Neural Style", "name=value ...")}, and the result's Info line. */
	MACRO,
	/** The SciJava command, for scripts and {@code CommandService}. */
	SCIJAVA,
	/** Remembered between interactive dialog runs (ImageJ's preferences). */
	PREFERENCES
}

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
	PREFERENCES,
	/**
	 * The Apache Spark application (module spark/): {@code --name value} options, and the columns of
	 * its CSV manifest, one job per row. It offers the command line's rows.
	 */
	SPARK,
	/**
	 * Fiji's Train Fast Style (the ImageJ1 command, its dialog and macro options, and the SciJava
	 * command): the rows that act when a fast-style model is trained. Not part of
	 * {@code Param.Builder.everywhere()}: a row acts in training only where the table says so.
	 */
	TRAINING
}

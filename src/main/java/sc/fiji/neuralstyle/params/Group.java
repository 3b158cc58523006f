package sc.fiji.neuralstyle.params;

/**
 * Where the Fiji dialog shows a parameter: {@link #BASIC} rows in the first dialog, the others under
 * their heading in the second ("Advanced options"), in this order. A row gets its group from the
 * table ({@link Param#group()}); a dialog row that names none goes under {@link #MORE}, so a new
 * parameter is never left out of the dialog.
 */
public enum Group {
	/** The first dialog: what the method needs and a new user sets. */
	BASIC("Basic"),
	/** Train Fast Style's own rows: steps, batch, checkpoints. */
	TRAINING("Training"),
	STYLE_CONTROLS("Style controls"),
	LARGE_IMAGES("Large images and device"),
	OPTIMISER("Optimiser details"),
	STACKS_AND_CHANNELS("Stacks and channels"),
	FILES("Files"),
	/** Rows the table gives no group. */
	MORE("More options");

	private final String title;

	Group(String title) {
		this.title = title;
	}

	/** The heading in the dialog. */
	public String title() {
		return title;
	}
}

package sc.fiji.neuralstyle.params;

/** What sort of value a parameter takes: decides its parsing, its dialog field and its SciJava type. */
public enum Kind {
	/** An image: a file; in Fiji also the title of an open image. */
	IMAGE,
	/** A file that is read; empty for none. */
	INPUT_FILE,
	/** A file that is written; empty for none. */
	OUTPUT_FILE,
	/** Free text with its own syntax (layer lists, a device). */
	TEXT,
	/** One of a list of names; an open choice also takes other text its parser accepts. */
	CHOICE,
	/** A whole number in a range. */
	INTEGER,
	/** A finite number in a range. */
	NUMBER,
	/** On or off: {@code --name} / {@code name} alone means on. */
	FLAG;

	/** How the command lines' help names a value of this kind: {@code --size N}, {@code --output FILE}. */
	public String valueLabel() {
		return switch (this) {
			case IMAGE, INPUT_FILE, OUTPUT_FILE -> "FILE";
			case INTEGER -> "N";
			case NUMBER -> "X";
			case CHOICE -> "NAME";
			case FLAG -> "true|false";
			case TEXT -> "TEXT";
		};
	}
}

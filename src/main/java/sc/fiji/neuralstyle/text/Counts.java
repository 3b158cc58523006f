package sc.fiji.neuralstyle.text;

/**
 * A count with its noun for messages: "1 iteration", "2 iterations". The one place that makes a
 * plural, so that no message says "1 iterations"; and a list of choices, "a, b or c".
 */
public final class Counts {

	private Counts() {}

	/** {@code n} and the noun, with an s unless {@code n} is 1. */
	public static String of(long n, String singular) {
		return of(n, singular, singular + "s");
	}

	/** {@code n} and the noun, for a plural that is not the singular with an s. */
	public static String of(long n, String singular, String plural) {
		return n + " " + (n == 1 ? singular : plural);
	}

	/** Choices as a message offers them: "a", "a or b", "a, b or c". */
	public static String orList(java.util.List<String> items) {
		if (items.size() <= 1) return String.join("", items);
		return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
	}
}

package sc.fiji.neuralstyle.text;

import java.util.Locale;

/**
 * Numbers for people: a loss in a message, a status line or Info with a few significant digits
 * ("17.34", "1.235e5"), where the loss log keeps every digit. The one place that rounds them, so
 * every front writes a loss the same way.
 */
public final class Numbers {

	/** The significant digits of a loss in a message: enough to compare two runs, few enough to read. */
	public static final int LOSS_DIGITS = 4;

	private Numbers() {}

	/** A loss with {@link #LOSS_DIGITS} significant digits: 17.33675 → "17.34", 123456 → "1.235e5". */
	public static String loss(double v) {
		return significant(v, LOSS_DIGITS);
	}

	/**
	 * {@code v} with {@code digits} significant digits and no trailing zeros; in powers of ten from
	 * 1e4 up and below 0.01 (0.00123 → "1.23e-3"), written as a macro or the command line reads them.
	 */
	public static String significant(double v, int digits) {
		if (!Double.isFinite(v)) return Double.toString(v);
		double a = Math.abs(v);
		String s = String.format(Locale.ROOT, "%." + digits + "g", v);
		if (a != 0 && (a >= 1e4 || a < 1e-2) || s.contains("e")) {
			String e = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
			int i = e.indexOf('e');
			return trimZeros(e.substring(0, i)) + "e" + Integer.parseInt(e.substring(i + 1));
		}
		return trimZeros(s);
	}

	/** A size for people, in MB (10⁶ bytes): {@code 575 MB}, {@code 5.0 MB}. */
	public static String megabytes(long bytes) {
		double mb = bytes / 1e6;
		return String.format(Locale.ROOT, mb < 10 ? "%.1f MB" : "%.0f MB", mb);
	}

	private static String trimZeros(String s) {
		return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
	}
}

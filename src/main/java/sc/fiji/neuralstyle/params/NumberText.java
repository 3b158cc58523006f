package sc.fiji.neuralstyle.params;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Numbers as the dialog shows and records them: the shortest text that reads back as the same double
 * ("1000", "0.02", "1e-5"), so that a recorded macro line replays exactly the values of the run.
 */
public final class NumberText {

	private NumberText() {}

	/** The shortest round-tripping text of {@code value}; "NaN" and "Infinity" as Java writes them. */
	public static String format(double value) {
		if (!Double.isFinite(value)) return Double.toString(value);
		if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
		// Double.toString writes the shortest decimal that reads back the same: 0.02, 1.0E-5, 1.5E-7.
		return Double.toString(value).replace(".0E", "E").replace('E', 'e');
	}

	/**
	 * A ratio such as α/β in the form users of the original study read it: "1e-3", "2.5e-4", "0.5".
	 */
	public static String ratio(double value) {
		if (Double.isInfinite(value)) return "∞";
		if (value == 0 || Double.isNaN(value)) return format(value);
		double exponent = Math.floor(Math.log10(Math.abs(value)));
		if (exponent >= -2 && exponent <= 3) return format(round(value, 3));
		double mantissa = round(value / Math.pow(10, exponent), 3);
		if (Math.abs(mantissa) >= 10) {
			mantissa /= 10;
			exponent++;
		}
		return format(mantissa) + "e" + (long) exponent;
	}

	private static double round(double value, int significant) {
		return new BigDecimal(value).round(new MathContext(significant)).doubleValue();
	}

	/** Parses a dialog number; NaN for text that is no number. */
	public static double parse(String text) {
		try {
			return Double.parseDouble(text.strip().toLowerCase(Locale.ROOT));
		}
		catch (NumberFormatException | NullPointerException e) {
			return Double.NaN;
		}
	}
}

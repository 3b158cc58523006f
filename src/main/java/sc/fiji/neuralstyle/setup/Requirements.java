package sc.fiji.neuralstyle.setup;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Neural Style needs of its host: the Java and ImageJ versions. The example macros say the same
 * ImageJ version in their {@code requires(...)} (a test keeps them in step).
 */
public final class Requirements {

	/** The oldest Java that runs it (the class files are Java 17's). */
	public static final int JAVA = 17;

	/**
	 * The oldest ImageJ 1.x it supports, the version the example macros ask for with
	 * {@code requires(...)}. (The tests run in 1.54p.)
	 */
	public static final String IMAGEJ = "1.54f";

	/** An ImageJ 1.x version: 1.54f, 1.54p, 1.54p12 (a daily build), 1.53 (no letter). */
	private static final Pattern IMAGEJ_VERSION = Pattern.compile("(\\d+)\\.(\\d+)([a-z]?)(\\d*)");

	private Requirements() {}

	/** The check of this JVM's version. */
	static Check java(Runtime.Version version, String vendor, String home) {
		String detail = "Java " + version + " (" + vendor + ") from " + home;
		if (version.feature() >= JAVA) return Check.ok("Java", detail);
		return Check.failed("Java", detail + " is older than Java " + JAVA, "start Fiji or ImageJ (or the command line) "
			+ "with Java " + JAVA + " or newer; current Fiji bundles Java 21");
	}

	/**
	 * The check of the ImageJ version a plugin runs in.
	 *
	 * @param version as ImageJ writes it, e.g. "1.54p" or "1.54p12" (a daily build)
	 */
	public static Check imageJ(String version) {
		Integer order = compareImageJ(version, IMAGEJ);
		if (order == null) {
			return Check.warning("ImageJ", "version '" + version + "' not understood; Neural Style needs " + IMAGEJ
				+ " or newer", "check Help > About ImageJ; update with Help > Update ImageJ if it is older");
		}
		if (order >= 0) return Check.ok("ImageJ", version + " (at least " + IMAGEJ + ")");
		return Check.failed("ImageJ", version + " is older than " + IMAGEJ + ", which Neural Style and its macros need",
			"update ImageJ with Help > Update ImageJ (in Fiji: Help > Update...) and restart it");
	}

	/**
	 * Orders two ImageJ 1.x versions: by major, minor, letter (none before a), then daily-build number.
	 *
	 * @return negative, zero or positive as {@code a} is older, the same or newer; null if either is no version
	 */
	static Integer compareImageJ(String a, String b) {
		Matcher x = a == null ? null : IMAGEJ_VERSION.matcher(a.strip());
		Matcher y = b == null ? null : IMAGEJ_VERSION.matcher(b.strip());
		if (x == null || y == null || !x.matches() || !y.matches()) return null;
		for (int group = 1; group <= 4; group++) {
			int order = group == 3 ? x.group(3).compareTo(y.group(3)) : Integer.compare(number(x.group(group)),
				number(y.group(group)));
			if (order != 0) return Integer.signum(order);
		}
		return 0;
	}

	private static int number(String digits) {
		return digits.isEmpty() ? 0 : Integer.parseInt(digits);
	}
}

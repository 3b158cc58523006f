package sc.fiji.neuralstyle.params;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One message for a failure that ended a run where a parameter check could not see it coming: a
 * library that is not installed, memory that ran out, PyTorch's native code that does not load. Every
 * front reports every failure with it, so nothing ends silently or as a bare stack trace.
 */
public final class Failures {

	/** Package prefix of a class → the jar that has it, for "a library is missing". */
	private static final Map<String, String> JARS = new LinkedHashMap<>();
	static {
		JARS.put("net/imglib2/", "imglib2");
		JARS.put("org/scijava/parsington/", "parsington");
		JARS.put("org/scijava/", "scijava-common");
		JARS.put("ai/djl/pytorch/jni/", "pytorch-jni");
		JARS.put("ai/djl/pytorch/", "pytorch-engine");
		JARS.put("ai/djl/", "api (DJL)");
		JARS.put("com/google/gson/", "gson");
		JARS.put("com/sun/jna/", "jna");
		JARS.put("net/razorvine/pickle/", "pickle");
		JARS.put("org/apache/commons/compress/", "commons-compress");
		JARS.put("org/slf4j/", "slf4j-api");
		JARS.put("picocli/", "picocli");
		JARS.put("me/tongfei/progressbar/", "progressbar");
		JARS.put("ij/", "ij (ImageJ)");
	}

	private Failures() {}

	/** Whether {@link #describe} has a message of its own for this failure (else it is a bug to report). */
	public static boolean isKnown(Throwable t) {
		return t instanceof LinkageError || t instanceof OutOfMemoryError || nativeOutOfMemory(t);
	}

	/**
	 * What happened and what to do.
	 *
	 * @param installHint how this front's libraries are installed, e.g. "copy target/Fiji.app/jars/*.jar
	 *          into ImageJ's jars folder (docs/fiji.md, Install into Fiji or ImageJ)"
	 * @param size the output size of the run, for the memory advice (0 if unknown)
	 */
	public static String describe(Throwable t, String installHint, int size) {
		if (t instanceof UnsatisfiedLinkError) {
			return "PyTorch's native library could not be loaded (" + t.getMessage() + "); install the PyTorch build "
				+ "for this machine (docs/weights-and-check.md, CPU and GPU), or " + installHint;
		}
		if (t instanceof LinkageError) {
			String missing = missingClass(t);
			String jar = jarOf(missing);
			return "a library is missing" + (jar != null ? ": " + jar : "") + " (class " + missing.replace('/', '.')
				+ " not found); " + installHint;
		}
		if (t instanceof OutOfMemoryError || nativeOutOfMemory(t)) {
			long maxMb = Runtime.getRuntime().maxMemory() >> 20;
			String where = t instanceof OutOfMemoryError ? "Java's memory (at most " + maxMb + " MB)" : "the memory of the device";
			return "the run ran out of " + where + (size > 0 ? " at size " + size : "") + "; lower size"
				+ (size > 0 ? " (memory grows with its square: size " + size / 2 + " needs about a quarter)" : "")
				+ ", or give Java more memory (Fiji: Edit > Options > Memory & Threads; command line: "
				+ "NEURAL_STYLE_JAVA_OPTS=-Xmx16g)";
		}
		String m = t.getMessage();
		return t.getClass().getSimpleName() + (m != null ? ": " + m : "");
	}

	private static boolean nativeOutOfMemory(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
			if (m.contains("can't allocate memory") || m.contains("out of memory")) return true;
		}
		return false;
	}

	/** The class that was not found, in the slash form the JVM reports. */
	private static String missingClass(Throwable t) {
		String m = t.getMessage() == null ? "" : t.getMessage().strip();
		if (t.getCause() instanceof ClassNotFoundException c && c.getMessage() != null) m = c.getMessage();
		return m.replace('.', '/');
	}

	private static String jarOf(String className) {
		for (Map.Entry<String, String> e : JARS.entrySet()) {
			if (className.startsWith(e.getKey())) return e.getValue();
		}
		return null;
	}
}

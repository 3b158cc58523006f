package sc.fiji.neuralstyle.engine.plan;

import java.util.Locale;

/**
 * Java's heap as a run's input images need it, and the one advice for giving Java more. The images
 * live in it twice: as read (ImageJ's pixels) and as the engine's floating-point copy at full
 * resolution, made before they are scaled to {@code size}; the network's tensors do not (PyTorch
 * holds them, see {@link MemoryPlanner}). So an input too large for the heap cannot be helped by a
 * lower {@code size}, only by more memory for Java or a smaller image.
 */
public final class JavaHeap {

	private static final long MB = 1L << 20;
	/** Steps of the suggested -Xmx: 256 MB, whole gigabytes from 1 GB on. */
	private static final long STEP = 256 * MB;

	private JavaHeap() {}

	/** The most Java may use ({@code -Xmx}). */
	public static long max() {
		return Runtime.getRuntime().maxMemory();
	}

	/** What Java has left now: the most it may use less what it holds (garbage not yet collected too). */
	public static long left() {
		Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	/**
	 * Bytes an image takes as read and as the engine's copy (4 bytes per sample).
	 *
	 * @param planes planes held as read (the copy is of one plane at a time)
	 * @param bytesPerPixel what ImageJ holds per pixel: 1, 2 or 4 (32-bit and RGB)
	 * @param channels the copy's channels: 3 for RGB, else 1
	 */
	public static long toStyle(long width, long height, int planes, int bytesPerPixel, int channels) {
		long pixels = width * height;
		return pixels * bytesPerPixel * Math.max(1, planes) + pixels * channels * Float.BYTES;
	}

	/**
	 * What to do when the input images need {@code needed} bytes of Java's memory: "give Java more
	 * memory, at least -Xmx512m (command line: NEURAL_STYLE_JAVA_OPTS=-Xmx512m; Fiji: Edit &gt; Options
	 * &gt; Memory &amp; Threads; Spark: --driver-memory and --executor-memory), or scale the image down".
	 */
	public static String advice(long needed) {
		String xmx = xmx(needed);
		return "give Java more memory, at least -Xmx" + xmx + " (command line: NEURAL_STYLE_JAVA_OPTS=-Xmx" + xmx
			+ "; Fiji: Edit > Options > Memory & Threads; Spark: --driver-memory and --executor-memory " + xmx
			+ "), or scale the image down";
	}

	/** An -Xmx value that holds {@code needed} plus a quarter for the rest of the program, in 256 MB steps. */
	static String xmx(long needed) {
		long want = needed + needed / 4;
		long steps = Math.max(1, (want + STEP - 1) / STEP);
		long bytes = steps * STEP;
		if (bytes >= 1024 * MB) {
			long gb = (bytes + 1024 * MB - 1) / (1024 * MB);
			return gb + "g";
		}
		return bytes / MB + "m";
	}

	/** Megabytes, rounded, for messages. */
	public static String mb(long bytes) {
		return String.format(Locale.ROOT, "%d MB", Math.round(bytes / (double) MB));
	}
}

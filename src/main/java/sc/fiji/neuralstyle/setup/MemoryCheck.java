package sc.fiji.neuralstyle.setup;

import java.util.Locale;

import sc.fiji.neuralstyle.engine.plan.MemoryPlanner;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.settings.TileSize;
import sc.fiji.neuralstyle.params.Params;

/**
 * How much memory a run may use and what it allows: the largest image the default network styles in
 * one pass ({@link MemoryPlanner}'s rule, the one the parameter checks apply before a run), with the
 * other settings at their defaults.
 */
final class MemoryCheck {

	/** Below this much Java heap, large images run out of it before the native memory. */
	static final long SMALL_HEAP = 1L << 30;

	/** What to do about too little Java heap, said once for the whole report (the memory check, a self-test). */
	static final String MORE_JAVA_MEMORY = "give Java more memory: Fiji's Edit > Options > Memory & Threads, or "
		+ "NEURAL_STYLE_JAVA_OPTS=-Xmx8g for the command line";

	private MemoryCheck() {}

	/**
	 * The memory of a run on the CPU.
	 *
	 * @param settings the settings whose network, optimiser and size are judged (the defaults)
	 * @param available the memory available to a run, in bytes
	 * @param javaHeap the most the JVM's heap may grow to
	 * @param source where {@code available} comes from, for the report
	 */
	static Check cpu(StyleSettings settings, long available, long javaHeap, String source) {
		String name = "Memory (CPU)";
		int largest = largestSinglePass(settings, available, true);
		String detail = gib(available) + " available to a run (" + source + "), Java may use " + heap(javaHeap) + "; "
			+ sizes(settings, largest);
		if (largest == 0) {
			return Check.failed(name, detail, "free memory (close other programs), or run on a machine with more");
		}
		if (largest < settings.size()) {
			return Check.warning(name, detail, "use tile_size=auto (same result, memory bounded by a tile) or a smaller "
				+ "size, or free memory");
		}
		if (javaHeap < SMALL_HEAP) {
			return Check.warning(name, detail, MORE_JAVA_MEMORY);
		}
		return Check.ok(name, detail);
	}

	/** "vgg19 styles up to about 2900 px in one pass with the default settings; …". */
	static String sizes(StyleSettings settings, int largest) {
		String network = settings.network().name();
		if (largest == 0) return "not even a " + Params.SIZE.min().intValue() + " px image of " + network + " fits";
		return network + " styles up to about " + largest + " px in one pass (" + settings.optimizer().id()
			+ ", other settings at their defaults; larger sizes run with tile_size)";
	}

	/**
	 * The longest side of a square RGB image that the settings' network styles in one pass within
	 * {@code available} bytes; 0 if not even the smallest size does.
	 *
	 * @param javaSide whether the Java side's images share that memory (the CPU)
	 */
	static int largestSinglePass(StyleSettings settings, long available, boolean javaSide) {
		int low = Params.SIZE.min().intValue(), high = Params.MAX_SIZE;
		if (!fits(settings, low, available, javaSide)) return 0;
		if (fits(settings, high, available, javaSide)) return high;
		while (high - low > 1) { // fits(low), not fits(high)
			int middle = (low + high) >>> 1;
			if (fits(settings, middle, available, javaSide)) low = middle;
			else high = middle;
		}
		return low;
	}

	private static boolean fits(StyleSettings settings, int side, long available, boolean javaSide) {
		StyleSettings one = settings.toBuilder().size(side).scales(1).tileSize(TileSize.WHOLE).build();
		return MemoryPlanner.check(one, side, side, 3, side, side, available, javaSide).isEmpty();
	}

	/** Java's heap: in GiB, or in MiB below 1 GiB (a 48 MiB heap was "0.0 GiB"). */
	static String heap(long bytes) {
		return bytes < 1L << 30 ? (bytes >> 20) + " MiB" : gib(bytes);
	}

	static String gib(long bytes) {
		return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
	}
}

package sc.fiji.neuralstyle.engine.plan;

/** Memory probes of a fixed figure, so that nothing a test asserts depends on the machine's free memory. */
public final class FixedMemory {

	private FixedMemory() {}

	/** Always {@code bytes}, with no heap limit. */
	public static MemoryProbe of(long bytes) {
		return of(bytes, Long.MAX_VALUE);
	}

	/** Always {@code bytes}, and a Java heap of at most {@code heapBytes}. */
	public static MemoryProbe of(long bytes, long heapBytes) {
		MemoryProbe.Reading reading = new MemoryProbe.Reading(bytes, "a fixed figure", heapBytes);
		return () -> reading;
	}
}

package sc.fiji.neuralstyle.engine.run;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The bytes the C library's allocator has handed out and not taken back (glibc's {@code mallinfo2}:
 * in-use heap blocks plus mmapped blocks). PyTorch's CPU tensors live there; the Java heap does not.
 */
final class NativeHeap {

	/** glibc's functions, through JNA. */
	public interface CLib extends Library {

		Mallinfo2.ByValue mallinfo2();

		Pointer malloc(long size);

		void free(Pointer p);
	}

	/** {@code struct mallinfo2}: ten size_t fields. */
	@Structure.FieldOrder({ "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
		"keepcost" })
	public static class Mallinfo2 extends Structure {

		public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;

		/** Returned by value. */
		public static class ByValue extends Mallinfo2 implements Structure.ByValue {}
	}

	private static final CLib C = load();

	private NativeHeap() {}

	private static CLib load() {
		try {
			CLib c = Native.load("c", CLib.class);
			c.mallinfo2();
			return c;
		}
		catch (UnsatisfiedLinkError e) {
			return null; // not glibc 2.33 or newer (macOS, musl, Windows)
		}
	}

	/** Whether {@link #inUse} can be measured here. */
	static boolean available() {
		return C != null;
	}

	/** Bytes allocated through malloc and not freed, or -1 where that cannot be measured. */
	static long inUse() {
		if (C == null) return -1;
		Mallinfo2 m = C.mallinfo2();
		return m.uordblks + m.hblkhd;
	}

	/** The C library itself, for a test's deliberate leak. */
	static CLib c() {
		if (C == null) throw new IllegalStateException("no glibc mallinfo2 here");
		return C;
	}
}

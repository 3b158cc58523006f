package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Failures that no parameter check can foresee still get one message with what to do. */
class FailuresTest {

	@Test
	void aMissingLibraryIsNamed() {
		String m = Failures.describe(new NoClassDefFoundError("net/imglib2/RandomAccessibleInterval"), "install it", 0);
		assertEquals("a library is missing: imglib2 (class net.imglib2.RandomAccessibleInterval not found); install it", m);
		m = Failures.describe(new NoClassDefFoundError("com/google/gson/JsonParseException"), "install it", 0);
		assertTrue(m.startsWith("a library is missing: gson "), m);
		assertTrue(Failures.isKnown(new NoClassDefFoundError("x/Y")));
	}

	@Test
	void runningOutOfMemorySaysWhatWouldFit() {
		String m = Failures.describe(new OutOfMemoryError("Java heap space"), "install it", 1024);
		assertTrue(m.startsWith("the run ran out of Java's memory (at most "), m);
		assertTrue(m.contains("at size 1024; lower size (memory grows with its square: size 512 needs about a quarter)"), m);
		assertTrue(m.contains("-Xmx16g"), m);
		RuntimeException nativeMemory = new RuntimeException("engine failed",
			new RuntimeException("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory: you tried to allocate 9663676416 bytes"));
		assertTrue(Failures.isKnown(nativeMemory));
		assertTrue(Failures.describe(nativeMemory, "", 2048).startsWith("the run ran out of the memory of the device at size 2048"));
	}

	@Test
	void otherFailuresAreBugs() {
		assertFalse(Failures.isKnown(new IllegalStateException("boom")));
		assertEquals("IllegalStateException: boom", Failures.describe(new IllegalStateException("boom"), "", 0));
	}
}

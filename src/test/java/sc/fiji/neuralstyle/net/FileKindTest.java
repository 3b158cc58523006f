package sc.fiji.neuralstyle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link FileKind}: what a file that is not weights is called in the message. */
class FileKindTest {

	/** Before, most random files of up to 16 bytes were called "a text file" (bytes above 0x7f counted as text). */
	@Test
	void randomBytesAreNotCalledText() {
		Random random = new Random(15);
		for (int length : new int[] { 2, 3, 5, 9, 16, 64, 512 }) {
			for (int i = 0; i < 2000; i++) {
				byte[] head = new byte[length];
				random.nextBytes(head);
				boolean ascii = true;
				for (byte b : head) ascii &= b >= 0x20 && b < 0x7f;
				if (ascii) continue; // printable ASCII is text, however it came about
				String kind = FileKind.describe(head);
				assertTrue(!kind.equals("a text file"), Arrays.toString(head) + " is " + kind);
			}
		}
	}

	@Test
	void textInUtf8IsText() {
		assertEquals("a text file", FileKind.describe("Größe: 3×3 Filter\n".getBytes(StandardCharsets.UTF_8)));
		assertEquals("a text file", FileKind.describe("plain ascii\r\n".getBytes(StandardCharsets.US_ASCII)));
		// Cut inside a character by the end of the head that was read (the file goes on): still text.
		byte[] head = ("a".repeat(FileKind.HEAD - 1) + "é").getBytes(StandardCharsets.UTF_8);
		assertEquals("a text file", FileKind.describe(Arrays.copyOf(head, FileKind.HEAD)));
	}

	/** Before, a 9-byte file whose last byte is '{' ended in an ArrayIndexOutOfBoundsException. */
	@Test
	void nineBytesEndingInABraceAreDescribed() {
		byte[] head = "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008{".getBytes(StandardCharsets.ISO_8859_1);
		assertEquals(9, head.length);
		assertTrue(FileKind.describe(head).startsWith("a file of unknown kind"), FileKind.describe(head));
	}
}

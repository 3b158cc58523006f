package sc.fiji.neuralstyle.net.pth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link FileKind}: what a file that is not weights is called in the message. */
class FileKindTest {

	/**
	 * Before, a random file of 16 bytes was called "a text file" one time in six, of 9 bytes one time
	 * in three (bytes above 0x7f counted as text). Now only valid UTF-8 is text, which random bytes
	 * rarely are: never here from 16 bytes on, seldom at 9 (below that, a few random bytes may well be
	 * a character or two).
	 */
	@Test
	void randomBytesAreNotCalledText() {
		Random random = new Random(15);
		for (int length : new int[] { 9, 16, 64, FileKind.HEAD }) {
			int text = 0;
			for (int i = 0; i < 2000; i++) {
				byte[] head = new byte[length];
				random.nextBytes(head);
				if (FileKind.describe(head).equals("a text file")) text++;
			}
			if (length >= 16) assertEquals(0, text, length + " random bytes called text");
			else assertTrue(text < 20, text + " of 2000 random " + length + "-byte files called text");
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

package sc.fiji.neuralstyle.net.pth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Names common kinds of files from their first bytes, for messages about a file that is not weights. */
final class FileKind {

	/** How many bytes of a file to give {@link #describe}. */
	static final int HEAD = 512;

	private FileKind() {}

	/** E.g. "a PNG image", "a web page (HTML)", "a text file", from the first {@link #HEAD} bytes (or all of a shorter file). */
	static String describe(byte[] head) {
		String ascii = new String(head, StandardCharsets.ISO_8859_1);
		String start = ascii.stripLeading().toLowerCase(Locale.ROOT);
		if (ascii.startsWith("\u0089PNG")) return "a PNG image";
		if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
			return "a JPEG image";
		}
		if (ascii.startsWith("GIF8")) return "a GIF image";
		if (ascii.startsWith("II*\0") || ascii.startsWith("MM\0*")) return "a TIFF image";
		if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
			return "a gzip-compressed file (decompress it first)";
		}
		if (ascii.startsWith("\u0093NUMPY")) return "a NumPy .npy array";
		if (ascii.startsWith("\u0089HDF")) return "an HDF5 file (e.g. Keras weights)";
		if (start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<?xml")) {
			return "a web page (HTML/XML), probably an error or login page saved instead of the download";
		}
		if (head.length > 9 && head[8] == '{' && head[9] == '"') return "a safetensors file (not supported; use a .pth file)";
		if (isText(head)) return "a text file";
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < Math.min(8, head.length); i++) hex.append(String.format("%02X ", head[i] & 0xff));
		return "a file of unknown kind (it starts with bytes " + hex.toString().trim() + ")";
	}

	/**
	 * No control characters, and UTF-8 (ASCII included): random bytes above 0x7f are rarely valid
	 * UTF-8, so they are not called text. A character cut by the end of a head of {@link #HEAD} bytes
	 * (the file goes on) is no error; at the end of a shorter head it is the end of the file.
	 */
	private static boolean isText(byte[] head) {
		for (byte b : head) {
			int c = b & 0xff;
			if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) return false;
		}
		CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		CharBuffer chars = CharBuffer.allocate(head.length);
		ByteBuffer bytes = ByteBuffer.wrap(head);
		boolean whole = head.length < HEAD;
		if (utf8.decode(bytes, chars, whole).isError()) return false;
		return !whole || !utf8.flush(chars).isError() && !bytes.hasRemaining();
	}
}

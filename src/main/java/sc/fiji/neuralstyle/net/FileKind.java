package sc.fiji.neuralstyle.net;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Names common kinds of files from their first bytes, for messages about a file that is not weights. */
final class FileKind {

	private FileKind() {}

	/** E.g. "a PNG image", "a web page (HTML)", "a text file". */
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
		if (head.length > 8 && head[8] == '{' && head[9] == '"') return "a safetensors file (not supported; use a .pth file)";
		if (isText(head)) return "a text file";
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < Math.min(8, head.length); i++) hex.append(String.format("%02X ", head[i] & 0xff));
		return "a file of unknown kind (it starts with bytes " + hex.toString().trim() + ")";
	}

	private static boolean isText(byte[] head) {
		for (byte b : head) {
			int c = b & 0xff;
			if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) return false;
		}
		return true;
	}
}

package sc.fiji.neuralstyle.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Text broken into lines of a readable width, for windows that show lines as they are given
 * (ImageJ's message dialogs and dialog lines): a long message would otherwise make a window wider
 * than the screen. Lines already in the text stay; a line's leading blanks indent its continuations.
 */
public final class Lines {

	private Lines() {}

	/**
	 * The text with each line broken at blanks so that none is longer than {@code columns}; a word
	 * longer than that (a path, a URL) is broken after a '/' where it has one, else where it must.
	 */
	public static String wrap(String text, int columns) {
		if (columns < 10) throw new IllegalArgumentException("columns: " + columns + " is too few");
		List<String> out = new ArrayList<>();
		for (String line : text.split("\n", -1)) wrapLine(line, columns, out);
		return String.join("\n", out);
	}

	private static void wrapLine(String line, int columns, List<String> out) {
		int indentEnd = 0;
		while (indentEnd < line.length() && line.charAt(indentEnd) == ' ') indentEnd++;
		String indent = line.substring(0, Math.min(indentEnd, columns / 2));
		StringBuilder current = new StringBuilder(line.substring(0, indentEnd));
		boolean empty = true; // no word on the current line yet
		for (String word : line.substring(indentEnd).split(" +")) {
			if (word.isEmpty()) continue;
			if (!empty && current.length() + 1 + word.length() > columns) {
				out.add(current.toString());
				current = new StringBuilder(indent);
				empty = true;
			}
			if (!empty) current.append(' ');
			// A word longer than a line: pieces, each ending after a '/' if it can.
			while (current.length() + word.length() > columns && columns - current.length() > 0) {
				int room = columns - current.length();
				int cut = word.lastIndexOf('/', room - 1) + 1;
				if (cut <= 0) cut = room;
				if (cut < room / 2 && empty) cut = room; // a '/' too early would leave most of the line empty
				current.append(word, 0, cut);
				out.add(current.toString());
				current = new StringBuilder(indent);
				word = word.substring(cut);
			}
			current.append(word);
			empty = false;
		}
		out.add(current.toString());
	}
}

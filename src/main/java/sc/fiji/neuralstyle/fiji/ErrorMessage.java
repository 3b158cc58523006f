package sc.fiji.neuralstyle.fiji;

import ij.IJ;
import sc.fiji.neuralstyle.text.Lines;

/**
 * An error as the plugin's commands show it: in a message dialog wrapped to a readable width (a long
 * message made a dialog wider than the screen, cut mid-sentence) and in the Log window, where it stays
 * once the dialog is closed and where batch runs keep it. In a macro, IJ.error aborts the macro with
 * the message (a dialog, or the console when headless).
 */
final class ErrorMessage {

	/** The width of error messages, in characters (about 600 px). */
	static final int COLUMNS = 90;

	private ErrorMessage() {}

	/** Writes the message to the Log, as "title: message", and shows it in a dialog. */
	static void show(String title, String message) {
		IJ.log(title + ": " + message);
		dialog(title, message);
	}

	/** The dialog alone, for a message that is in the Log already. */
	static void dialog(String title, String message) {
		// A blank line as ImageJ writes one: its MultiLineLabel drops empty lines.
		IJ.error(title, Lines.wrap(message, COLUMNS).replace("\n\n", "\n \n"));
	}
}

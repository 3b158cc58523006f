package sc.fiji.neuralstyle.fiji.dialog;

import java.util.LinkedHashMap;
import java.util.Map;

import ij.Prefs;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;

/**
 * Remembers the dialog's choices between interactive runs in ImageJ's preferences (IJ_Prefs.txt),
 * under {@code neuralstyle.<name>}, for the rows of the parameter table that say so. Macro runs
 * neither read nor write them, so a macro means the same thing on every machine. The content and
 * the output files are not remembered: the content changes from run to run, and a remembered output
 * path would silently overwrite last run's file. Both dialogs' rows are kept (the table's
 * preference rows), and whether the second dialog was opened.
 */
public final class PluginPrefs {

	static final String PREFIX = "neuralstyle.";
	/** The key (after the prefix) of whether the advanced dialog was opened; no parameter has this name. */
	static final String ADVANCED_DIALOG = "advanced_dialog";

	private PluginPrefs() {}

	/** The remembered texts by parameter name; a value that no longer parses is left out. */
	public static Map<String, String> load() {
		Map<String, String> texts = new LinkedHashMap<>();
		for (Param<?> p : Params.on(Front.PREFERENCES)) {
			String text = Prefs.get(PREFIX + p.name(), null);
			if (text == null) continue;
			try {
				p.parse(text);
				texts.put(p.name(), text);
			}
			catch (ParameterException e) {
				// a garbled or outdated value: the default serves
			}
		}
		return texts;
	}

	/** Remembers the texts of a run that was started (see the class comment for what is left out). */
	public static void save(Map<String, String> texts) {
		for (Param<?> p : Params.on(Front.PREFERENCES)) {
			if (texts.containsKey(p.name())) Prefs.set(PREFIX + p.name(), texts.get(p.name()));
		}
	}

	/** Whether the last interactive run opened the second dialog (its check box starts so). */
	public static boolean advancedDialog() {
		return Prefs.get(PREFIX + ADVANCED_DIALOG, false);
	}

	/** Remembers whether the second dialog was opened. */
	public static void saveAdvancedDialog(boolean opened) {
		Prefs.set(PREFIX + ADVANCED_DIALOG, opened);
	}

	/** Forgets every remembered value. */
	static void clear() {
		for (Param<?> p : Params.ALL) Prefs.set(PREFIX + p.name(), (String) null);
		Prefs.set(PREFIX + ADVANCED_DIALOG, (String) null);
	}
}

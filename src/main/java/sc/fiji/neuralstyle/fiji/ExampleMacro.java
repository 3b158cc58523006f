package sc.fiji.neuralstyle.fiji;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import ij.Macro;
import ij.plugin.Macro_Runner;
import ij.plugin.PlugIn;
import sc.fiji.neuralstyle.fiji.dialog.PluginDialog;

/**
 * Runs one of the example macros shipped inside the plugin's jar (under {@value #FOLDER}), for the
 * submenu entries Style Current Image…, Style Folder…, Style Time Lapse…, Study Comparisons… and Train and Style
 * Time Lapse…. The
 * entry's macro options, if a macro calls it ({@code run("Style Folder...", "input=[...] style=[...]")}),
 * become the example's argument, which is how the examples take their settings headless. Without
 * options the example asks for its settings itself.
 */
public class ExampleMacro implements PlugIn {

	/** Where the examples are in the jar (the build copies macros/*.ijm there). */
	static final String FOLDER = "/sc/fiji/neuralstyle/macros/";

	/** @param arg the macro's file name, e.g. {@code Style_Folder.ijm} (from plugins.config) */
	@Override
	public void run(String arg) {
		String macro = read(arg);
		if (macro == null) {
			ErrorMessage.show(PluginDialog.TITLE, "The example macro " + arg + " is not in the plugin's jar.\n"
				+ NeuralStylePlugin.INSTALL_HINT);
			return;
		}
		String options = Macro.getOptions();
		// The options are the example's argument now; left set, its own dialogs would read them instead of showing.
		Macro.setOptions(null);
		new Macro_Runner().runMacro(macro, options == null ? "" : options.strip());
	}

	/** The text of an example macro in the jar, or null if it is not there. */
	static String read(String name) {
		try (InputStream in = ExampleMacro.class.getResourceAsStream(FOLDER + name)) {
			return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			return null;
		}
	}
}

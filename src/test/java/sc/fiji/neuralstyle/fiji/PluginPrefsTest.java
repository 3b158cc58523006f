package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ij.Prefs;

/** Remembered dialog values (ImageJ's preferences, in memory: nothing is written to IJ_Prefs.txt). */
class PluginPrefsTest {

	@BeforeEach
	@AfterEach
	void forget() {
		PluginPrefs.clear();
	}

	@Test
	void nothingRememberedGivesTheDefaults() {
		assertEquals(DialogParameters.DEFAULTS, PluginPrefs.load(DialogParameters.DEFAULTS));
	}

	@Test
	void savedValuesComeBackExceptContentAndFiles() {
		DialogParameters used = new DialogParameters("cells.tif", "starry.jpg", "alexnet", "/w/a.pth", "relu3",
			"relu1,relu2", "adam", 0.05, 20, 2, 3e4, 1e-6, "noise", "max", 64, 0.5, 7, "cpu", true, 5, "2", "all",
			"/out/x.png", "/out/x.csv");
		PluginPrefs.save(used);
		DialogParameters expected = new DialogParameters("", "starry.jpg", "alexnet", "/w/a.pth", "relu3",
			"relu1,relu2", "adam", 0.05, 20, 2, 3e4, 1e-6, "noise", "max", 64, 0.5, 7, "cpu", true, 5, "2", "all",
			"", "");
		assertEquals(expected, PluginPrefs.load(DialogParameters.DEFAULTS));
		assertEquals("1e-6", Prefs.get(PluginPrefs.PREFIX + "tv_weight", null));
	}

	@Test
	void garbledNumbersFallBackToTheDefault() {
		Prefs.set(PluginPrefs.PREFIX + "iterations", "many");
		assertEquals(DialogParameters.DEFAULTS.iterations(), PluginPrefs.load(DialogParameters.DEFAULTS).iterations());
	}
}

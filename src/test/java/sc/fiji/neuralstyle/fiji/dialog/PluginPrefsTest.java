package sc.fiji.neuralstyle.fiji.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ij.Prefs;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Group;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.Params;

/** Remembered dialog values (ImageJ's preferences, in memory: nothing is written to IJ_Prefs.txt). */
class PluginPrefsTest {

	@BeforeEach
	@AfterEach
	void forget() {
		PluginPrefs.clear();
	}

	@Test
	void nothingRememberedGivesNothing() {
		assertEquals(Map.of(), PluginPrefs.load());
	}

	@Test
	void savedValuesComeBackExceptContentAndFiles() {
		Map<String, String> used = new LinkedHashMap<>(ParamValues.defaults().texts(Front.DIALOG));
		used.putAll(Map.of("content", "cells.tif", "style", "starry.jpg", "network", "alexnet", "weights", "/w/a.pth",
			"iterations", "20", "tv_weight", "1e-6", "preserve_colors", "true", "channel", "2", "output", "/out/x.png",
			"loss_log", "/out/x.csv"));
		PluginPrefs.save(used);
		Map<String, String> expected = new LinkedHashMap<>();
		for (Param<?> p : Params.on(Front.PREFERENCES)) expected.put(p.name(), used.get(p.name()));
		assertEquals(expected, PluginPrefs.load());
		assertEquals("1e-6", Prefs.get(PluginPrefs.PREFIX + "tv_weight", null));
		assertEquals(null, Prefs.get(PluginPrefs.PREFIX + "content", null), "the content is not remembered");
		assertEquals(null, Prefs.get(PluginPrefs.PREFIX + "output", null), "nor the output");
	}

	@Test
	void garbledValuesAreForgotten() {
		Prefs.set(PluginPrefs.PREFIX + "iterations", "many");
		Prefs.set(PluginPrefs.PREFIX + "size", "128");
		assertEquals(Map.of("size", "128"), PluginPrefs.load());
	}

	@Test
	void whetherTheSecondDialogWasOpenedIsRemembered() {
		assertEquals(false, PluginPrefs.advancedDialog());
		PluginPrefs.saveAdvancedDialog(true);
		assertEquals(true, PluginPrefs.advancedDialog());
		assertEquals(Map.of(), PluginPrefs.load(), "no parameter of that name");
	}

	/** Both dialogs' rows together are the table's dialog rows, each once; the second's in the order of their groups. */
	@Test
	void theTwoDialogsShareTheDialogRows() {
		List<Param<?>> first = PluginDialog.rows(Group.BASIC), second = PluginDialog.rows(null);
		List<Param<?>> both = new ArrayList<>(first);
		both.addAll(second);
		assertEquals(Set.copyOf(Params.on(Front.DIALOG)), Set.copyOf(both));
		assertEquals(Params.on(Front.DIALOG).size(), both.size());
		assertEquals(List.of("style_blend_weights", "tv_weight", "style_loss", "normalize_gradients", "style_scale",
			"pooling", "padding", "preserve_colors", "masks", "content_masks", "scales", "tile_size", "device",
			"learning_rate", "average", "stop_tolerance", "init", "seed", "preview_every", "channel", "planes",
			"temporal_weight", "temporal_frames", "weights", "model",
			"loss_log"), second.stream().map(Param::name).toList());
	}
}

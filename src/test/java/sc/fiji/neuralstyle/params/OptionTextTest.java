package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Macro option text: written and read back exactly, whole names only. */
class OptionTextTest {

	/** Every macro parameter away from its default. */
	private static Map<String, String> unusual() {
		Map<String, String> t = new LinkedHashMap<>();
		t.put("content", "my coffee.png");
		t.put("style", "starry_night.jpg");
		t.put("network", "vgg16");
		t.put("weights", "/models/my weights.pth");
		t.put("content_layers", "relu3_2");
		t.put("style_layers", "relu1_1:0.3,relu2_1:0.7");
		t.put("content_weight", "2.5");
		t.put("style_weight", "1e4");
		t.put("tv_weight", "0.001");
		t.put("optimizer", "adam");
		t.put("iterations", "123");
		t.put("learning_rate", "0.5");
		t.put("history_size", "20");
		t.put("line_search", "true");
		t.put("normalize_gradients", "true"); // every flag of the macro front on, so that it is written
		t.put("init", "/tmp/a b/start.tif");
		t.put("seed", "1234567890123");
		t.put("pooling", "max");
		t.put("size", "256");
		t.put("style_scale", "0.75");
		t.put("device", "cpu");
		t.put("preserve_colors", "histogram");
		t.put("style_blend_weights", "");
		t.put("masks", "files");
		t.put("content_masks", "/m/a.png");
		t.put("channel", "2");
		t.put("planes", "all");
		t.put("preview_every", "10");
		t.put("output", "/out/x y.tif");
		t.put("loss_log", "/out/l.csv");
		return t;
	}

	@Test
	void everyMacroParameterRoundTrips() {
		ParamValues values = ParamValues.parse(unusual(), Front.MACRO);
		String options = OptionText.of(values, Front.MACRO);
		assertEquals(values, ParamValues.parse(OptionText.parse(options), Front.MACRO), options);
		assertEquals(Params.on(Front.MACRO).stream().map(Param::name).sorted().toList(),
			OptionText.parse(options).keySet().stream().sorted().toList(), "every macro parameter is written");
		assertTrue(options.startsWith("content=[my coffee.png] style=starry_night.jpg "), options);
		assertTrue(options.indexOf(" weights=") < options.indexOf(" style_blend_weights="),
			"weights= before the name that ends with it: " + options);
		assertTrue(options.contains(" preserve_colors=histogram "), options);
		assertTrue(options.contains(" line_search "), "a flag that is on is a bare name: " + options);
		assertTrue(options.contains(" output=[/out/x y.tif] "), options);
	}

	@Test
	void defaultsWriteEveryValueButFlagsThatAreOff() {
		String options = OptionText.of(ParamValues.defaults().with(Params.CONTENT, "a.png").with(Params.STYLE, List.of("b.png")),
			Front.MACRO);
		assertTrue(options.contains(" preserve_colors=none "), options);
		assertFalse(options.contains("line_search"), options);
		assertTrue(options.contains(" weights=[] "), "an empty value is written as []: " + options);
		assertTrue(options.contains(" iterations=300 ") && options.contains(" channel=merged "), options);
	}

	/**
	 * ImageJ's own reader finds {@code size=} inside {@code history_size=}; this one does not, and
	 * the written order puts a name before the names that end with it (ImageJ's recorder).
	 */
	@Test
	void namesAreMatchedWholeAndWrittenSuffixFirst() {
		Map<String, String> v = OptionText.parse("history_size=25 content=a style=b");
		assertNull(v.get("size"));
		assertEquals("25", v.get("history_size"));
		String options = OptionText.of(ParamValues.parse(Map.of("content", "a", "style", "b"), Front.MACRO), Front.MACRO);
		assertTrue(options.indexOf(" size=") < options.indexOf("history_size="), options);
		List<String> order = OptionText.recordingOrder(new LinkedHashMap<>(Map.of("tile_size", "1"))).stream()
			.map(Map.Entry::getKey).toList();
		assertEquals(List.of("tile_size"), order);
		Map<String, String> pairs = new LinkedHashMap<>();
		pairs.put("style_blend_weights", "1");
		pairs.put("history_size", "2");
		pairs.put("weights", "3");
		pairs.put("size", "4");
		assertEquals(List.of("weights", "style_blend_weights", "size", "history_size"),
			OptionText.recordingOrder(pairs).stream().map(Map.Entry::getKey).toList());
	}

	@Test
	void quoting() {
		assertEquals("abc", OptionText.quote("abc"));
		assertEquals("[a b]", OptionText.quote("a b"));
		assertEquals("[]", OptionText.quote(""));
		assertEquals("[[x]", OptionText.quote("[x"), "a leading [ would be read as a bracket");
		assertEquals("['x']", OptionText.quote("'x'"));
	}

	@Test
	void parseHandlesNestedBracketsAndFlags() {
		Map<String, String> v = OptionText.parse("content=[a [1].tif] preserve_colors Size=64 weights=");
		assertEquals("a [1].tif", v.get("content"));
		assertEquals("true", v.get("preserve_colors"));
		assertEquals("64", v.get("size"), "names in any case");
		assertEquals("", v.get("weights"));
		ParameterException e = assertThrows(ParameterException.class, () -> OptionText.parse("content=[a b"));
		assertEquals("content: the value has a [ without ]; close it: content=[...]", e.getMessage());
	}

	@Test
	void macroLineEscapesAndParsesBack() {
		String options = "content=[C:\\images\\a \"b\".tif] size=64";
		String call = OptionText.macroCall(options);
		assertEquals("run(\"Neural Style\", \"content=[C:\\\\images\\\\a \\\"b\\\".tif] size=64\");", call);
		assertEquals(options, InfoLine.options("Neural Style\nTo repeat:\n" + call + "\nResult: done\n"));
		assertNull(InfoLine.options("no macro here"));
		assertNull(InfoLine.options(null));
	}
}

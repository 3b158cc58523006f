package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.Macro;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

class MacroOptionsTest {

	private static final ImagePlus CONTENT = Fixtures.rgb("my coffee.png", 8, 8, 1);
	private static final ImagePlus STYLE = Fixtures.rgb("starry_night.jpg", 8, 8, 2);

	private static StyleSettings unusual() {
		return StyleSettings.builder().network("vgg16").weights(Path.of("/models/my weights.pth"))
			.contentLayers("relu3_2").styleLayers("relu1_1:0.3,relu2_1:0.7").contentWeight(2.5).styleWeight(1e4)
			.tvWeight(1e-3).optimizer(OptimizerKind.LBFGS).iterations(123).learningRate(0.5)
			.init(Init.file(Path.of("/tmp/a b/start.tif"))).pooling(Pooling.MAX).size(256).styleScale(0.75)
			.seed(1234567890123L).device("cpu").preserveColors(true).historySize(20).lineSearch(true).build();
	}

	@Test
	void roundTrip() {
		StyleSettings s = unusual();
		StyleJob.Request r = new StyleJob.Request(CONTENT, STYLE, s, 0, false, 10, Path.of("/out/x y.tif"), Path.of("/out/l.csv"));
		String options = MacroOptions.of(r, s.contentLayers().toString(), s.styleLayers().toString());
		assertEquals(s, MacroOptions.settings(options), options);
		Map<String, String> values = MacroOptions.parse(options);
		assertEquals("my coffee.png", values.get("content"));
		assertEquals("starry_night.jpg", values.get("style"));
		assertEquals("10", values.get("preview_every"));
		assertEquals("/out/x y.tif", values.get("output"));
		assertEquals("/out/l.csv", values.get("loss_log"));
		assertTrue(options.startsWith("content=[my coffee.png] style=starry_night.jpg network=vgg16 "), options);
		assertTrue(options.contains(" preserve_colors "), "a true check box is a bare word: " + options);
	}

	@Test
	void defaultsLeaveOutChecksAndLbfgsExtras() {
		StyleSettings s = StyleSettings.builder().build();
		String options = MacroOptions.of(new StyleJob.Request(CONTENT, STYLE, s, 0, false, 0, null, null), "relu4_2",
			"relu1_1,relu2_1,relu3_1,relu4_1,relu5_1");
		assertFalse(options.contains("preserve_colors"), options);
		assertFalse(options.contains("history_size"), options);
		assertFalse(options.contains("line_search"), options);
		assertFalse(options.contains("channel="), "no channel for a one-channel image: " + options);
		assertFalse(options.contains("planes="), "no planes for a single plane: " + options);
		assertFalse(options.contains("output="), options);
		assertTrue(options.contains("learning_rate=1.0"), "the effective learning rate is written: " + options);
	}

	/** What ImageJ1's GenericDialog reads in a macro must be what was written. */
	@Test
	void imageJReadsTheSameValues() {
		StyleSettings s = unusual();
		StyleJob.Request r = new StyleJob.Request(CONTENT, STYLE, s, 0, false, 10, Path.of("/out/x y.tif"), null);
		String options = MacroOptions.of(r, s.contentLayers().toString(), s.styleLayers().toString());
		MacroOptions.parse(options).forEach((name, value) -> {
			if (MacroOptions.FLAGS.contains(name)) assertEquals("true", value);
			else assertEquals(value, Macro.getValue(options, name, null), "ImageJ reads " + name + " from " + options);
		});
	}

	@Test
	void quoting() {
		assertEquals("abc", MacroOptions.quote("abc"));
		assertEquals("[a b]", MacroOptions.quote("a b"));
		assertEquals("[]", MacroOptions.quote(""));
		assertEquals("[[x]", MacroOptions.quote("[x"), "a leading [ would be read as a bracket");
		assertEquals("['x']", MacroOptions.quote("'x'"));
	}

	@Test
	void parseHandlesNestedBracketsAndFlags() {
		Map<String, String> v = MacroOptions.parse("content=[a [1].tif] preserve_colors size=64");
		assertEquals("a [1].tif", v.get("content"));
		assertEquals("true", v.get("preserve_colors"));
		assertEquals("64", v.get("size"));
		assertThrows(IllegalArgumentException.class, () -> MacroOptions.parse("content=[a b"));
	}

	@Test
	void settingsFromSparseOptionsUseDefaults() {
		StyleSettings s = MacroOptions.settings("network=alexnet iterations=300.0 learning_rate=0");
		assertEquals("alexnet", s.network());
		assertEquals(300, s.iterations(), "ImageJ may write whole numbers as 300.0");
		assertTrue(Double.isNaN(s.learningRate()), "0 = the optimiser's default");
		assertEquals(StyleSettings.DEFAULT_STYLE_WEIGHT, s.styleWeight());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacroOptions.settings("iterations=many"));
		assertTrue(e.getMessage().contains("iterations=many is not a whole number"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> MacroOptions.settings("style_weight=lots"));
		assertTrue(e.getMessage().contains("style_weight=lots is not a number"), e.getMessage());
	}

	@Test
	void macroLineEscapesAndParsesBack() {
		String options = "content=[C:\\images\\a \"b\".tif] size=64";
		String call = MacroOptions.macroCall(options);
		assertEquals("run(\"Neural Style\", \"content=[C:\\\\images\\\\a \\\"b\\\".tif] size=64\");", call);
		assertEquals(options, MacroOptions.fromInfo("Neural Style\nTo repeat:\n" + call + "\nResult: done\n"));
		assertNull(MacroOptions.fromInfo("no macro here"));
		assertNull(MacroOptions.fromInfo(null));
	}
}

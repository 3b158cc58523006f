package sc.fiji.neuralstyle.engine.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sc.fiji.neuralstyle.engine.progress.LossLog;
import sc.fiji.neuralstyle.engine.progress.LossRecord;

/** Layer lists, init values and the loss log: parsing and messages (the parameters are tested in params). */
class EngineTextsTest {

	@Test
	void layerListsTakeOptionalWeights() {
		LayerWeights equal = LayerWeights.parse("relu1_1, relu2_1,relu3_1,relu4_1", "style_layers");
		assertEquals(List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1"), equal.names());
		assertEquals(0.25, equal.weight("relu2_1"));
		assertEquals("relu1_1,relu2_1,relu3_1,relu4_1", equal.toString());
		LayerWeights given = LayerWeights.parse("relu1_1:0.75,relu2_1:0.25", "style_layers");
		assertEquals(0.75, given.weight("relu1_1"));
		assertEquals(given, LayerWeights.parse(given.toString(), "style_layers"));
		assertMessage("twice", () -> LayerWeights.parse("relu1_1,relu1_1", "style_layers"));
		assertMessage("not a number", () -> LayerWeights.parse("relu1_1:x", "style_layers"));
		assertMessage("style_layers: no layer is named", () -> LayerWeights.parse(" , ", "style_layers"));
	}

	@Test
	void initIsAKeywordOrAFile() {
		assertEquals(Init.NOISE, Init.parse("Noise"));
		assertEquals(Init.STYLE, Init.parse("style"));
		Init file = Init.parse("start.png");
		assertEquals(Init.Kind.FILE, file.kind());
		assertEquals(Path.of("start.png"), file.file());
		assertMessage("init", () -> Init.parse(" "));
	}

	@Test
	void lossLogHasTheDocumentedColumns(@TempDir Path dir) throws IOException {
		Path csv = dir.resolve("losses.csv");
		LossLog.write(List.of(new LossRecord(0, 10, 1, 0.01, 0, 0, 64), new LossRecord(1, 5.5, 0.5, 0.005, 0, 42, 64)), csv);
		List<String> lines = Files.readAllLines(csv);
		assertEquals(List.of("iteration,total,content,style,tv,elapsed_ms,scale", "0,10.0,1.0,0.01,0.0,0,64",
			"1,5.5,0.5,0.005,0.0,42,64"), lines);
		try (var files = Files.list(dir)) {
			assertEquals(1, files.count(), "no temporary file is left behind");
		}
	}

	static void assertMessage(String expected, org.junit.jupiter.api.function.Executable code) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, code);
		assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should mention " + expected);
	}
}

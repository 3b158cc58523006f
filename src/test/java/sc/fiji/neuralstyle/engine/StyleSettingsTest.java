package sc.fiji.neuralstyle.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/** Settings, layer lists, init values and the loss log: parsing, defaults and messages. */
class StyleSettingsTest {

	@Test
	void defaultsFollowGatys() {
		StyleSettings s = StyleSettings.builder().build();
		assertEquals("vgg19", s.network());
		assertEquals(1e-3, s.contentStyleRatio(), 1e-15);
		assertEquals(OptimizerKind.LBFGS, s.optimizer());
		assertEquals(Pooling.AVG, s.pooling());
		assertEquals(Init.CONTENT, s.init());
		assertNull(s.contentLayers(), "null means the network's default");
		assertEquals(OptimizerKind.LBFGS.defaultLearningRate(), s.effectiveLearningRate());
	}

	@Test
	void outOfRangeValuesNameTheParameter() {
		assertMessage("iterations", () -> StyleSettings.builder().iterations(0).build());
		assertMessage("size", () -> StyleSettings.builder().size(8).build());
		assertMessage("style_weight", () -> StyleSettings.builder().styleWeight(-1).build());
		assertMessage("content_weight", () -> StyleSettings.builder().contentWeight(Double.NaN).build());
		assertMessage("learning_rate", () -> StyleSettings.builder().learningRate(0).build());
		assertMessage("style_scale", () -> StyleSettings.builder().styleScale(0).build());
		assertMessage("device", () -> StyleSettings.builder().device("tpu").build());
		assertMessage("nothing to optimise", () -> StyleSettings.builder().contentWeight(0).styleWeight(0).build());
	}

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
		assertMessage("empty", () -> LayerWeights.parse(" , ", "style_layers"));
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
	void describeUsesTheSharedParameterNames() {
		var described = StyleSettings.builder().build().describe("relu4_2", "relu1_1");
		assertTrue(described.keySet().containsAll(List.of("network", "content_layers", "style_layers", "content_weight",
			"style_weight", "tv_weight", "optimizer", "iterations", "learning_rate", "init", "pooling", "size",
			"style_scale", "seed", "device", "preserve_colors")));
		assertEquals("lbfgs", described.get("optimizer"));
		assertEquals("avg", described.get("pooling"));
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

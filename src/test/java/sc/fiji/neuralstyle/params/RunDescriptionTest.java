package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.engine.objective.TermTable;
import sc.fiji.neuralstyle.engine.plan.FixedMemory;
import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.engine.settings.TemporalFrames;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.styling.RunDescription;

/**
 * The checks make one run description in resolved values (network, layers, device, sequence, files),
 * or give every independent problem at once, each typed.
 */
class RunDescriptionTest {

	@TempDir
	Path dir;

	private Path content, style;

	private ParamValues values(String... pairs) throws IOException {
		content = Files.writeString(dir.resolve("coffee.tif"), "image");
		style = Files.writeString(dir.resolve("starry.jpg"), "image");
		Map<String, String> t = new HashMap<>();
		t.put("content", content.toString());
		t.put("style", style.toString());
		t.put("output", dir.resolve("out.tif").toString());
		for (int i = 0; i < pairs.length; i += 2) t.put(pairs[i], pairs[i + 1]);
		return ParamValues.parse(t, Front.COMMAND_LINE);
	}

	/** The checks of a front on files, with images of these sizes: the description they end with. */
	private RunDescription describe(ParamValues v, int planes) {
		Preflight.checkFiles(v, true);
		Preflight.ImageFacts c = new Preflight.ImageFacts(400, 300, 24, planes, content);
		List<Preflight.ImageFacts> s = List.of(new Preflight.ImageFacts(300, 300, 24, 1, style));
		Preflight.checkImages(v, FixedMemory.of(16L << 30), c, s, List.of());
		return Preflight.describe(v, WrittenFiles.Writer.FILES, c, s, List.of());
	}

	@Test
	void theNetworkIsResolvedOnceToItsDescriptorAndArchitecture() throws IOException {
		RunDescription run = describe(values("network", "SqueezeNet1_1", "device", "GPU:1"), 1);
		assertEquals(ModelDescriptor.load("squeezenet1_1"), run.network().descriptor());
		assertSame(Architecture.SQUEEZENET1_1, run.network().architecture());
		assertEquals(ComputeDevice.gpu(1), run.device(), "the device typed, as given (resolved on the engine's GPUs)");
		assertNull(run.model());
	}

	@Test
	void layersLeftEmptyAreTheNetworksDefaultsWithTheirWeights() throws IOException {
		RunDescription run = describe(values("network", "squeezenet1_1"), 1);
		assertEquals(List.of("features.3"), run.contentLayers().names());
		assertEquals(List.of("features.1", "features.4", "features.6", "features.7"), run.styleLayers().names());
		assertEquals(0.975, run.styleLayers().weight("features.1"), 1e-12, "CS231n's relative weights, kept");
		RunDescription given = describe(values("content_layers", "relu3_1", "style_layers", "relu1_1:0.25,relu2_1:0.75"), 1);
		assertEquals(List.of("relu3_1"), given.contentLayers().names());
		assertEquals(0.75, given.styleLayers().weight("relu2_1"));
		assertEquals(ComputeDevice.AUTO, given.device());
	}

	@Test
	void aSequenceHeldTogetherSaysSoWithItsTermsAndFrames() throws IOException {
		RunDescription stack = describe(values("planes", "all", "temporal_weight", "50", "temporal_frames", "1,2", "tv_weight",
			"0"), 5);
		assertEquals(5, stack.planes());
		assertTrue(stack.temporal(), "a temporal weight and several planes");
		assertEquals(TemporalFrames.parse("1,2"), stack.temporalFrames());
		assertEquals(List.of("content", "style", "temporal"), stack.terms().stream().map(TermTable.Column::name).toList(),
			"the terms with a weight; tv is off");
		RunDescription single = describe(values("temporal_weight", "50"), 1);
		assertFalse(single.temporal(), "one plane is no sequence");
		assertEquals(List.of("content", "style"), single.terms().stream().map(TermTable.Column::name).toList());
	}

	@Test
	void theFilesItReadsAndWritesAreListed() throws IOException {
		Path log = dir.resolve("losses.csv");
		RunDescription run = describe(values("loss_log", log.toString()), 1);
		assertEquals(List.of(content, style), run.reads());
		assertEquals(List.of(dir.resolve("out.tif"), log), run.writes());
	}

	@Test
	void independentProblemsComeBackTogetherEachTyped() throws IOException {
		ParamValues v = values("content_layers", "relu9_9", "iterations", "2", "scales", "3", "content_weight", "0",
			"style_weight", "0", "weights", dir.resolve("missing.pth").toString());
		ParameterException e = assertThrows(ParameterException.class, () -> Preflight.checkFiles(v, true));
		ParameterProblems all = assertInstanceOf(ParameterProblems.class, e);
		assertEquals(List.of("content_layers", "iterations", "style_weight", "weights"),
			all.problems().stream().map(ParameterException::parameter).toList(), "in the order of the rules");
		ParameterException weights = all.problems().get(3);
		assertEquals("there is no file " + dir.resolve("missing.pth").toAbsolutePath(), weights.problem());
		assertEquals(Params.WEIGHTS.advice(), weights.advice());
		assertEquals("content_layers", all.parameter(), "it reads as its first problem");
		assertEquals(all.problems().stream().map(ParameterException::getMessage).toList(),
			List.of(all.getMessage().split("\n")), "its message: every problem's, one a line");
	}

	@Test
	void badValuesOfSeveralParametersAreAllSaid() {
		ParameterException e = assertThrows(ParameterException.class, () -> ParamValues.parse(Map.of("content", "a.png",
			"style", "b.png", "output", "c.png", "size", "0", "network", "resnet", "device", "tpu"), Front.COMMAND_LINE));
		assertEquals(List.of("device", "network", "size"), e.problems().stream().map(ParameterException::parameter).sorted()
			.toList());
		assertTrue(e.getMessage().contains("network: 'resnet' is not a choice; choose vgg19"), e.getMessage());
	}

	@Test
	void oneProblemIsThrownAsItIs() throws IOException {
		ParamValues v = values("iterations", "2", "scales", "3");
		ParameterException e = assertThrows(ParameterException.class, () -> Preflight.checkFiles(v, true));
		assertFalse(e instanceof ParameterProblems);
		assertEquals(List.of(e), e.problems());
		assertEquals("iterations: 2 iterations are fewer than the 3 scales; give at least one iteration per scale, or lower "
			+ "scales", e.getMessage());
	}
}

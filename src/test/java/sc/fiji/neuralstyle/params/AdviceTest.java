package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.weights.WeightStore;

/** Numbers and explanations as the fronts show them. */
class AdviceTest {

	@Test
	void numbersAreShortAndReadBackExactly() {
		assertEquals("1000", NumberText.format(1000));
		assertEquals("0", NumberText.format(0));
		assertEquals("0.02", NumberText.format(0.02));
		assertEquals("2.5", NumberText.format(2.5));
		assertEquals("1e-5", NumberText.format(1e-5));
		assertEquals("1.5e-7", NumberText.format(1.5e-7));
		assertEquals("-3", NumberText.format(-3));
		for (double v : new double[] { 0.1, 1.0 / 3, 1e-9, 123456.789, 7e20 }) {
			assertEquals(v, NumberText.parse(NumberText.format(v)), NumberText.format(v));
		}
		assertTrue(Double.isNaN(NumberText.parse("ten")));
	}

	@Test
	void ratiosReadLikeThePaper() {
		assertEquals("1e-3", NumberText.ratio(1.0 / 1000));
		assertEquals("1e-5", NumberText.ratio(1.0 / 1e5));
		assertEquals("2.5e-4", NumberText.ratio(1.0 / 4000));
		assertEquals("3.33e-4", NumberText.ratio(1.0 / 3000));
		assertEquals("0.5", NumberText.ratio(0.5));
		assertEquals("1e-8", NumberText.ratio(1e-8));
		assertEquals("∞", NumberText.ratio(Double.POSITIVE_INFINITY));
	}

	@Test
	void ratioLineFollowsTheStudy() {
		assertEquals("α/β = 1e-3: around 1e-3, the balance the original study found good.", Advice.ratio(1, 1000));
		assertEquals("α/β = 1e-5: strong style; below 1e-5 the content becomes unrecognisable.", Advice.ratio(1, 1e5));
		assertEquals("α/β = 1e-6: below 1e-5: expect the content to be unrecognisable (1e-3 keeps it).",
			Advice.ratio(1, 1e6));
		assertEquals("α/β = 0.1: mostly content, little style; 1e-3 is the balance the original study found good.",
			Advice.ratio(1, 10));
		assertEquals("β = 0: the style is ignored, the result only reproduces the content.", Advice.ratio(1, 0));
		assertEquals("α = 0: the content is ignored, the result is a texture of the style.", Advice.ratio(0, 5));
		assertEquals("α and β are both 0: nothing to optimise.", Advice.ratio(0, 0));
		assertEquals("α and β must be numbers ≥ 0.", Advice.ratio(Double.NaN, 1));
	}

	@Test
	void layerDefaultsPerNetwork() {
		assertEquals("Empty layers = vgg19's defaults: content relu4_2; style relu1_1,relu2_1,relu3_1,relu4_1,relu5_1",
			Advice.layerDefaults("vgg19"));
		assertEquals("Empty layers = vgg16-caffe's defaults: content relu4_2; style relu1_1,relu2_1,relu3_1,relu4_1,relu5_1",
			Advice.layerDefaults("vgg16-caffe"));
		assertEquals("Empty layers = alexnet's defaults: content relu4; style relu1,relu2,relu3,relu4,relu5",
			Advice.layerDefaults("AlexNet"));
		assertEquals("network: 'resnet' is not a network; choose vgg19, vgg16, alexnet, squeezenet1_1, googlenet, vgg19-caffe or vgg16-caffe",
			Advice.layerDefaults("resnet"));
	}

	@Test
	void theFirstDialogNamesAdvancedOptionsThatAreNotTheirDefaults() {
		Map<String, String> texts = new LinkedHashMap<>(ParamValues.defaults().texts(Front.DIALOG));
		assertEquals("Advanced options: all at their defaults.", Advice.advancedChanges(texts));
		texts.put("iterations", "5"); // a basic row: shown in the first dialog itself
		texts.put("tv_weight", "0.0"); // the default, written otherwise
		texts.put("tile_size", "auto");
		texts.put("preserve_colors", "luminance");
		assertEquals("Advanced options in use: tile_size=auto, preserve_colors=luminance.", Advice.advancedChanges(texts));
		texts.put("seed", "3");
		texts.put("planes", "all");
		texts.put("learning_rate", "x");
		assertEquals("Advanced options in use: tile_size=auto, learning_rate=x, seed=3, preserve_colors=luminance and 1 more.",
			Advice.advancedChanges(texts));
	}

	@Test
	void theStudysBalanceIsSaidToBeGrams() {
		assertEquals(Advice.ratio(1, 1000), Advice.ratio(1, 1000, "gram"));
		assertEquals("α/β = 0.01: style_loss=wasserstein has its own scale; the study's 1e-3 is for gram (docs/style-controls.md, "
			+ "Style losses).", Advice.ratio(1, 100, "wasserstein"));
		assertEquals(Advice.ratio(1, 0), Advice.ratio(1, 0, "sliced"), "no ratio, the same line");
	}

	/** The first dialog says when the network's own weights are not on this computer yet, with their size. */
	@Test
	void theWeightsLineSaysWhetherTheFileIsHereAndItsSize(@TempDir Path dir) throws IOException {
		String size = ModelDescriptor.load("alexnet").sizeText();
		WeightStore online = new WeightStore(dir, true);
		assertEquals("alexnet's weights (" + size + ") are not on this computer yet: the run downloads them first, or get"
			+ " them now.", Advice.weights("alexnet", "", online, "get them now"));
		assertEquals("alexnet's weights (" + size + ") are not on this computer, and downloads are off (neuralstyle.offline):"
			+ " get them now; or give a weights file.", Advice.weights("alexnet", "", new WeightStore(dir, false), "get them now"));
		Files.writeString(online.location(ModelDescriptor.load("alexnet")), "weights");
		assertEquals("alexnet's weights (" + size + ") are on this computer.", Advice.weights("AlexNet ", "", online, "x"));
		assertEquals("vgg19 with the weights file mine.pth.", Advice.weights("vgg19", "/data/mine.pth", online, "x"));
		assertEquals("", Advice.weights("resnet", "", online, "x"), "the layers' line says what is wrong");
	}
}

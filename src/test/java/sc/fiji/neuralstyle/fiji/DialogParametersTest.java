package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ShortProcessor;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/** The dialog's values as the job's request, and the messages for wrong values (no windows). */
class DialogParametersTest {

	@TempDir
	Path dir;

	private final ImagePlus coffee = Fixtures.rgb("coffee.png", 48, 32, 1);
	private final ImagePlus starry = Fixtures.rgb("starry night.jpg", 40, 32, 2);
	private final ImagePlus cells = composite("cells", 2, 3);
	private final Map<String, ImagePlus> open = Map.of(coffee.getTitle(), coffee, starry.getTitle(), starry,
		cells.getTitle(), cells);

	@BeforeAll
	static void headless() {
		Fixtures.headless();
	}

	/** A 16-bit image with {@code channels} channels and {@code slices} slices. */
	private static ImagePlus composite(String title, int channels, int slices) {
		ImageStack stack = new ImageStack(20, 16);
		for (int i = 0; i < channels * slices; i++) stack.addSlice(new ShortProcessor(20, 16));
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(channels, slices, 1);
		return imp;
	}

	private StyleJob.Request request(DialogParameters p) {
		return p.toRequest(open::get);
	}

	private DialogParameters base() {
		return DialogParameters.DEFAULTS.withImages("coffee.png", "starry night.jpg");
	}

	/** The base values with one component changed, by key. */
	private DialogParameters with(String key, Object value) {
		DialogParameters d = base();
		UnaryOperator<String> s = k -> k.equals(key) ? (String) value : null;
		return new DialogParameters(or(s.apply("content"), d.content()), or(s.apply("style"), d.style()),
			or(s.apply("network"), d.network()), or(s.apply("weights"), d.weights()),
			or(s.apply("content_layers"), d.contentLayers()), or(s.apply("style_layers"), d.styleLayers()),
			or(s.apply("optimizer"), d.optimizer()), num(key, "learning_rate", value, d.learningRate()),
			num(key, "iterations", value, d.iterations()), num(key, "content_weight", value, d.contentWeight()),
			num(key, "style_weight", value, d.styleWeight()), num(key, "tv_weight", value, d.tvWeight()),
			or(s.apply("init"), d.init()), or(s.apply("pooling"), d.pooling()), num(key, "size", value, d.size()),
			num(key, "style_scale", value, d.styleScale()), num(key, "seed", value, d.seed()),
			or(s.apply("device"), d.device()), key.equals("preserve_colors") ? (Boolean) value : d.preserveColors(),
			num(key, "preview_every", value, d.previewEvery()), or(s.apply("channel"), d.channel()),
			or(s.apply("planes"), d.planes()), or(s.apply("output"), d.output()), or(s.apply("loss_log"), d.lossLog()));
	}

	private static String or(String value, String fallback) {
		return value != null ? value : fallback;
	}

	private static double num(String key, String name, Object value, double fallback) {
		return key.equals(name) ? ((Number) value).doubleValue() : fallback;
	}

	private String message(DialogParameters p) {
		return assertThrows(IllegalArgumentException.class, () -> request(p)).getMessage();
	}

	@Test
	void defaultsAreTheEngineDefaults() {
		StyleJob.Request r = request(base());
		assertSame(coffee, r.content());
		assertSame(starry, r.style());
		assertEquals(StyleSettings.builder().build(), r.settings());
		assertEquals(ContentPlanes.MERGED, r.channel());
		assertFalse(r.allPlanes());
		assertEquals(0, r.previewEvery());
		assertNull(r.output());
		assertNull(r.lossLog());
	}

	@Test
	void valuesBecomeSettings() {
		StyleSettings s = request(new DialogParameters("coffee.png", "starry night.jpg", "AlexNet", "", "relu3",
			"relu1,relu2:0.5", "Adam", 0.05, 20, 2, 3e4, 1e-6, "noise", "max", 64, 0.5, 7, "CPU", true, 5, "merged",
			"current", "", "")).settings();
		assertEquals("alexnet", s.network());
		assertEquals("relu3", s.contentLayers().toString());
		assertEquals(0.5, s.styleLayers().weight("relu2"));
		assertEquals(OptimizerKind.ADAM, s.optimizer());
		assertEquals(0.05, s.learningRate());
		assertEquals(20, s.iterations());
		assertEquals(2, s.contentWeight());
		assertEquals(3e4, s.styleWeight());
		assertEquals(1e-6, s.tvWeight());
		assertEquals(Init.NOISE, s.init());
		assertEquals(Pooling.MAX, s.pooling());
		assertEquals(64, s.size());
		assertEquals(0.5, s.styleScale());
		assertEquals(7, s.seed());
		assertEquals("cpu", s.device());
		assertTrue(s.preserveColors());
	}

	@Test
	void learningRateZeroMeansTheOptimisersDefault() {
		assertTrue(Double.isNaN(request(with("learning_rate", 0)).settings().learningRate()));
		assertEquals("learning_rate must be a number > 0, or 0 for the optimiser's default; got -1",
			message(with("learning_rate", -1)));
	}

	@Test
	void imagesAreOpenOnesOrFiles() throws Exception {
		assertEquals("style: no open image is titled 'nothere.tif', and it is not the full path of an image file."
			+ " Open the image first (File > Open...), or give its title or its full path", message(with("style", "nothere.tif")));
		assertEquals("content is empty: give the title of an open image or the path of an image file",
			message(with("content", "")));
		Path file = dir.resolve("painting.png");
		ImageFiles.write(Fixtures.rgb("p", 30, 20, 3), file);
		ImagePlus style = request(with("style", file.toString())).style();
		assertEquals("painting.png", style.getTitle());
		assertEquals(30, style.getWidth());
		Path text = Files.writeString(dir.resolve("notes.txt"), "no image");
		assertTrue(message(with("style", text.toString())).startsWith("style: Cannot open " + text));
	}

	@Test
	void wholeNumbersAreChecked() {
		assertEquals("iterations must be at least 1, got 0", message(with("iterations", 0)));
		assertEquals("iterations must be a whole number, got 2.5", message(with("iterations", 2.5)));
		assertEquals("seed must be a whole number, got 0.5", message(with("seed", 0.5)));
		assertEquals("preview_every must be at least 0, got -1", message(with("preview_every", -1)));
		// GenericDialog gives NaN for text that is no number.
		assertEquals("content_weight must be a number, got NaN", message(with("content_weight", Double.NaN)));
	}

	@Test
	void rangesAreTheEnginesAndNameTheKey() {
		assertTrue(message(with("size", 8)).startsWith("size must be between 16 and"), message(with("size", 8)));
		assertTrue(message(with("style_weight", -1)).startsWith("style_weight must be a number >= 0"));
		assertTrue(message(with("device", "tpu")).startsWith("device 'tpu' is not one of auto, cpu, gpu"));
	}

	@Test
	void choicesGiveTheAlternatives() {
		assertEquals("network: unknown network 'resnet'; choose one of vgg19, vgg16, alexnet, squeezenet1_1, googlenet, "
			+ "vgg19-caffe, vgg16-caffe",
			message(with("network", "resnet")));
		assertTrue(message(with("optimizer", "rmsprop")).startsWith("Unknown optimizer 'rmsprop': choose one of lbfgs, adam, sgd"));
		assertEquals("Unknown pooling 'min'; choose one of: max, avg", message(with("pooling", "min")));
		assertEquals("planes 'some' is neither current (the slice and frame shown) nor all (every slice and frame)",
			message(with("planes", "some")));
	}

	@Test
	void layersAreCheckedAgainstTheNetwork() {
		String m = message(with("content_layers", "relu9_9"));
		assertTrue(m.startsWith("content_layers: Unknown layer 'relu9_9' for vgg19; valid layers are: conv1_1"), m);
		assertTrue(m.endsWith("Leave content_layers empty for the network's default."), m);
		assertTrue(message(with("style_layers", "relu1_1:x")).startsWith("style_layers: 'x' is not a number"));
	}

	@Test
	void filesMustExistOrHaveAFolder() {
		assertTrue(message(with("weights", dir.resolve("none.pth").toString())).startsWith("weights: no such file: "));
		assertTrue(message(with("init", "nothere.png")).startsWith("init: 'nothere.png' is not content, noise or style"));
		String m = message(with("output", dir.resolve("missing/out.png").toString()));
		assertTrue(m.startsWith("output: Cannot write ") && m.contains("does not exist"), m);
		assertTrue(message(with("output", dir.resolve("out.gif").toString())).startsWith("output: "));
		assertTrue(message(with("loss_log", dir.resolve("missing/l.csv").toString())).startsWith("loss_log: the folder "));
		assertTrue(message(with("loss_log", dir.toString())).startsWith("loss_log: " + dir + " is a folder"));
		StyleJob.Request r = request(with("output", dir.resolve("out.png").toString()));
		assertEquals(dir.resolve("out.png"), r.output());
	}

	@Test
	void channelIsMergedOrANumberOfTheContentsChannels() {
		DialogParameters onCells = with("content", "cells");
		assertEquals(ContentPlanes.MERGED, request(onCells).channel());
		assertEquals(2, request(new DialogParameters("cells", "coffee.png", "vgg19", "", "", "", "lbfgs", 0, 1, 1, 1e3,
			0, "content", "avg", 32, 1, 0, "auto", false, 0, "2", "all", "", "")).channel());
		// "0" is what the SciJava command and the Info's macro line write for merged.
		assertEquals(ContentPlanes.MERGED, request(new DialogParameters("cells", "coffee.png", "vgg19", "", "", "",
			"lbfgs", 0, 1, 1, 1e3, 0, "content", "avg", 32, 1, 0, "auto", false, 0, "0", "current", "", "")).channel());
		String m = message(new DialogParameters("cells", "coffee.png", "vgg19", "", "", "", "lbfgs", 0, 1, 1, 1e3, 0,
			"content", "avg", 32, 1, 0, "auto", false, 0, "3", "current", "", ""));
		assertEquals("channel 3 does not exist: 'cells' has 2 channels; choose 1..2 or merged", m);
		assertTrue(message(with("channel", "red")).startsWith("channel 'red' is neither merged nor a channel number"));
		// An RGB image has no channels to choose: any channel means the whole image.
		assertEquals(ContentPlanes.MERGED, request(with("channel", "2")).channel());
	}

	@Test
	void planesLineSaysWhatWillBeStyled() {
		DialogParameters all = new DialogParameters("cells", "coffee.png", "vgg19", "", "", "", "lbfgs", 0, 1, 1, 1e3,
			0, "content", "avg", 32, 1, 0, "auto", false, 0, "2", "all", "", "");
		assertEquals("Channel 2 of 2 will be styled in 3 slices, one after another, each starting from the previous result.",
			all.planesSentence(cells));
		assertEquals("The RGB image will be styled.", base().planesSentence(coffee));
		assertEquals("Choose a content image.", base().planesSentence(null));
		assertTrue(with("channel", "7").planesSentence(cells).startsWith("channel 7 does not exist"));
	}
}

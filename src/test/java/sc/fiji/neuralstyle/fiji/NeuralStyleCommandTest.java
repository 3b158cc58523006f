package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;
import org.scijava.prefs.PrefService;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.LUT;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.InfoLine;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.ParamValues;

/** The SciJava command, run headless through a fresh context's CommandService. */
class NeuralStyleCommandTest {

	private Context context;
	private CommandService commands;
	private ModuleService modules;

	@TempDir
	Path dir;

	@BeforeAll
	static void headless() {
		Fixtures.headless();
	}

	@BeforeEach
	void context() {
		context = new Context();
		commands = context.service(CommandService.class);
		modules = context.service(ModuleService.class);
		// Remembered values of earlier runs would fill parameters a test leaves out.
		context.service(PrefService.class).clearAll();
	}

	@AfterEach
	void dispose() {
		context.service(PrefService.class).clearAll();
		context.dispose();
	}

	/** The tiny run's parameters; tests add or replace some. */
	private static Map<String, Object> tiny(ImagePlus content, ImagePlus style) {
		Map<String, Object> in = new HashMap<>();
		in.put("content", content);
		in.put("style", style);
		in.put("network", "alexnet");
		in.put("weights", Fixtures.weights().toFile());
		in.put("iterations", 3);
		in.put("size", 40);
		return in;
	}

	private NeuralStyleCommand run(Map<String, Object> inputs) throws InterruptedException, ExecutionException {
		// CommandService.run gives no future for a command that is itself a Module (a DynamicCommand).
		return (NeuralStyleCommand) modules.run(commands.getCommand(NeuralStyleCommand.class), true, inputs).get();
	}

	@Test
	void tinyRgbRun() throws Exception {
		ImagePlus content = Fixtures.rgb("coffee.png", 48, 40, 1);
		Calibration cal = content.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.5;
		cal.setUnit("\u00b5m");
		ImagePlus style = Fixtures.rgb("starry night.jpg", 40, 40, 2);
		NeuralStyleCommand m = run(tiny(content, style));

		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertNotNull(result);
		assertEquals(24, result.getBitDepth(), "an RGB content gives an RGB result");
		assertEquals(40, result.getWidth());
		assertEquals(33, result.getHeight(), "48x40 fitted to a longest side of 40");
		assertEquals("coffee styled as starry night", result.getTitle());
		assertEquals("\u00b5m", result.getCalibration().getUnit());
		assertEquals(0.5 * 48 / 40, result.getCalibration().pixelWidth, 1e-9, "calibration scaled to the new size");

		String options = InfoLine.options(result.getInfoProperty());
		assertNotNull(options, "Info holds the macro line: " + result.getInfoProperty());
		Map<String, String> values = OptionText.parse(options);
		assertEquals("coffee.png", values.get("content"));
		assertEquals("starry night.jpg", values.get("style"));
		assertEquals("relu4", values.get("content_layers"), "AlexNet's default layers written out");
		assertEquals("relu1,relu2,relu3,relu4,relu5", values.get("style_layers"));
		assertEquals(Fixtures.tiny().settings().toBuilder().contentLayers("relu4").styleLayers("relu1,relu2,relu3,relu4,relu5")
			.learningRate(1).build(), ParamValues.parse(values, Front.MACRO).settings(), "the macro line reproduces the run");
	}

	@Test
	void sixteenBitGrayGivesSixteenBitResult() throws Exception {
		ImagePlus content = Fixtures.gray16("cells", 48, 40, 3);
		NeuralStyleCommand m = run(tiny(content, Fixtures.rgb("style", 40, 40, 4)));
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertEquals(16, result.getBitDepth());
		assertEquals(1, result.getNChannels());
		assertEquals(1000, result.getDisplayRangeMin(), 1e-9, "the content's display range is kept");
		assertEquals(3000, result.getDisplayRangeMax(), 1e-9);
	}

	@Test
	void stackPlanesStartFromThePreviousResult() throws Exception {
		// Identical slices: if plane 2 started from its content as plane 1 did, its first loss would equal plane 1's.
		ImagePlus content = Fixtures.rgbStack("stack", 48, 40, 3, 5);
		Path log = dir.resolve("losses.csv");
		Map<String, Object> in = tiny(content, Fixtures.rgb("style", 40, 40, 6));
		in.put("planes", "all");
		in.put("loss_log", log.toFile());
		NeuralStyleCommand m = run(in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertEquals(3, result.getStackSize());
		assertEquals(3, result.getNSlices());

		List<String> lines = Files.readAllLines(log);
		assertEquals("iteration,total,content,style,tv,temporal,elapsed_ms,scale,plane", lines.get(0),
			"a stack's log says each row's plane, and has the temporal term (on by default)");
		assertEquals(1 + 9, lines.size(), "3 planes x 3 iterations, one running iteration axis");
		assertTrue(lines.get(9).endsWith(",3") && lines.get(4).endsWith(",2") && lines.get(3).endsWith(",1"), lines.toString());
		double plane1 = total(lines.get(1)), plane2 = total(lines.get(4)), plane3 = total(lines.get(7));
		assertEquals(3, Integer.parseInt(lines.get(4).split(",")[0]), "iterations run on across planes");
		assertTrue(plane2 < plane1, "plane 2 starts from plane 1's result: " + plane2 + " vs " + plane1);
		assertTrue(plane3 < plane1, "plane 3 starts from plane 2's result: " + plane3 + " vs " + plane1);
	}

	private static double total(String csvLine) {
		return Double.parseDouble(csvLine.split(",")[1]);
	}

	@Test
	void compositeChannelTwo() throws Exception {
		ImageStack stack = new ImageStack(48, 40);
		for (int c = 0; c < 3; c++) {
			ByteProcessor ip = Fixtures.rgbPlane(48, 40, 10 + c).convertToByteProcessor();
			stack.addSlice("c" + (c + 1), ip);
		}
		ImagePlus imp = new ImagePlus("composite", stack);
		imp.setDimensions(3, 1, 1);
		CompositeImage composite = new CompositeImage(imp, IJ.COMPOSITE);
		Map<String, Object> in = tiny(composite, Fixtures.rgb("style", 40, 40, 7));
		in.put("channel", "2");
		NeuralStyleCommand m = run(in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertEquals(8, result.getBitDepth(), "one channel of an 8-bit composite stays 8-bit gray");
		assertEquals(1, result.getNChannels());
		LUT green = composite.getChannelLut(2);
		assertEquals(green.getRGB(255), result.getProcessor().getLut().getRGB(255), "channel 2's colour is kept");
		assertTrue(InfoLine.options(result.getInfoProperty()).contains("channel=2"));

		in.put("channel", "merged");
		ImagePlus merged = (ImagePlus) run(in).getOutput("result");
		assertEquals(24, merged.getBitDepth(), "channel 0 styles the merged colour view");
	}

	@Test
	void headlessRunWritesOutputLossLogAndPlot() throws Exception {
		Path out = dir.resolve("styled result.tif");
		Path log = dir.resolve("log.csv");
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 8), Fixtures.rgb("b", 40, 40, 9));
		in.put("output", out.toFile());
		in.put("loss_log", log.toFile());
		NeuralStyleCommand m = run(in);
		assertFalse(m.isCanceled(), m.getCancelReason());

		ImagePlus written = IJ.openImage(out.toString());
		assertNotNull(written, "the result was written");
		assertEquals(24, written.getBitDepth());
		assertTrue(written.getInfoProperty().contains("run(\"Neural Style\""), "the TIFF keeps the Info");
		assertTrue(written.getInfoProperty().contains("output=[" + out + "]"), "a path with a space is bracketed");
		assertEquals(1 + 3, Files.readAllLines(log).size());
		assertEquals(Files.readAllLines(log), Files.readAllLines(dir.resolve("styled result_losses.csv")));
		ImagePlus plot = IJ.openImage(dir.resolve("styled result_losses.png").toString());
		assertNotNull(plot, "the loss plot PNG was written");
		assertTrue(plot.getWidth() > 100);
		try (var files = Files.list(dir)) {
			assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary files left");
		}
	}

	@Test
	void zeroIterationsIsRefused() throws Exception {
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), Fixtures.rgb("b", 40, 40, 2));
		in.put("iterations", 0);
		assertRefused(in, "iterations: 0 is too small; give a whole number from 1 to 1000000");
	}

	@Test
	void unknownLayerIsRefused() throws Exception {
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), Fixtures.rgb("b", 40, 40, 2));
		in.put("style_layers", "relu1,relu4_2");
		NeuralStyleCommand m = assertRefused(in, "style_layers: alexnet has no layer 'relu4_2'; use its layers");
		assertTrue(m.getCancelReason().contains("conv1, relu1, pool1"), "the valid layers are listed: " + m.getCancelReason());
	}

	@Test
	void missingWeightsFileIsRefused() throws Exception {
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), Fixtures.rgb("b", 40, 40, 2));
		File missing = dir.resolve("no-such-weights.pth").toFile();
		in.put("weights", missing);
		NeuralStyleCommand m = assertRefused(in, "weights: there is no file " + missing.getAbsolutePath() + "; give the path of a .pth");
		assertTrue(m.getCancelReason().contains(missing.getName()));
	}

	@Test
	void withoutStyleOrModelTheStyleIsMissing() throws Exception {
		// The style input is optional as a widget (a model needs none); the values' check still asks for one.
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), Fixtures.rgb("b", 40, 40, 2));
		in.remove("style");
		assertRefused(in, "style: missing; give the style image(s)");
	}

	@Test
	void otherBadValuesAreRefusedWithAdvice() throws Exception {
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), Fixtures.rgb("b", 40, 40, 2));
		in.put("learning_rate", -1.0);
		assertRefused(in, "learning_rate: -1 is too small; give a number of at least 0 (0 for the optimiser's default)");
		in.put("learning_rate", 0.0);
		in.put("device", "tpu");
		assertRefused(in, "device: 'tpu' is not a device; give auto, cpu, gpu or gpu:N");
		in.put("device", "auto");
		in.put("output", dir.resolve("result.bmp").toFile());
		assertRefused(in, "output: " + dir.resolve("result.bmp") + " has no image extension that can be written; use .tif");
		in.remove("output");
		in.put("channel", "2");
		assertRefused(in, "Channel 2 does not exist");
	}

	@Test
	void missingStyleImageIsRefused() throws Exception {
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), null);
		in.remove("style");
		NeuralStyleCommand m = run(in);
		assertTrue(m.isCanceled());
		assertNull(m.getOutput("result"));
	}

	private NeuralStyleCommand assertRefused(Map<String, Object> in, String expected) throws Exception {
		NeuralStyleCommand m = run(in);
		assertTrue(m.isCanceled(), "should have been refused: " + in);
		assertNotNull(m.getCancelReason());
		assertTrue(m.getCancelReason().contains(expected), "reason '" + m.getCancelReason() + "' should say '" + expected + "'");
		assertNull(m.getOutput("result"), "no result");
		return m;
	}

	@Test
	void aPathWithoutAnImageIsNotOverwritten() throws Exception {
		Path content = dir.resolve("content.tif");
		ImagePlus imp = Fixtures.rgb("content.tif", 48, 40, 1);
		IJ.saveAsTiff(imp, content.toString());
		ImagePlus opened = IJ.openImage(content.toString());
		long before = Files.size(content);
		Map<String, Object> in = tiny(opened, Fixtures.rgb("b", 40, 40, 2));
		in.put("output", content.toFile());
		NeuralStyleCommand m = assertRefused(in, "output: is the content image's file " + content);
		assertEquals(before, Files.size(content), "the content's file is untouched");
		assertNull(m.getOutput("result"));
	}
}

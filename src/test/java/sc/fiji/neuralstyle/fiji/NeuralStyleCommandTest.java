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
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.plugin.Parameter;
import org.scijava.prefs.PrefService;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.LUT;
import sc.fiji.neuralstyle.engine.LossRecord;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.net.ModelDescriptor;

/** The SciJava command, run headless through a fresh context's CommandService. */
class NeuralStyleCommandTest {

	private Context context;
	private CommandService commands;

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

	private CommandModule run(Map<String, Object> inputs) throws InterruptedException, ExecutionException {
		return commands.run(NeuralStyleCommand.class, true, inputs).get();
	}

	@Test
	void tinyRgbRun() throws Exception {
		ImagePlus content = Fixtures.rgb("coffee.png", 48, 40, 1);
		Calibration cal = content.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.5;
		cal.setUnit("\u00b5m");
		ImagePlus style = Fixtures.rgb("starry night.jpg", 40, 40, 2);
		CommandModule m = run(tiny(content, style));

		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertNotNull(result);
		assertEquals(24, result.getBitDepth(), "an RGB content gives an RGB result");
		assertEquals(40, result.getWidth());
		assertEquals(33, result.getHeight(), "48x40 fitted to a longest side of 40");
		assertEquals("coffee styled as starry night", result.getTitle());
		assertEquals("\u00b5m", result.getCalibration().getUnit());
		assertEquals(0.5 * 48 / 40, result.getCalibration().pixelWidth, 1e-9, "calibration scaled to the new size");

		String options = MacroOptions.fromInfo(result.getInfoProperty());
		assertNotNull(options, "Info holds the macro line: " + result.getInfoProperty());
		Map<String, String> values = MacroOptions.parse(options);
		assertEquals("coffee.png", values.get("content"));
		assertEquals("starry night.jpg", values.get("style"));
		StyleSettings expected = Fixtures.tiny().build();
		StyleSettings parsed = MacroOptions.settings(options);
		assertEquals(expected.describe("relu4", "relu1,relu2,relu3,relu4,relu5"),
			parsed.describe(parsed.contentLayers().toString(), parsed.styleLayers().toString()),
			"the macro string reproduces the run, AlexNet's default layers written out");
	}

	@Test
	void sixteenBitGrayGivesSixteenBitResult() throws Exception {
		ImagePlus content = Fixtures.gray16("cells", 48, 40, 3);
		CommandModule m = run(tiny(content, Fixtures.rgb("style", 40, 40, 4)));
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
		CommandModule m = run(in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertEquals(3, result.getStackSize());
		assertEquals(3, result.getNSlices());

		List<String> lines = Files.readAllLines(log);
		assertEquals(LossRecord.CSV_HEADER, lines.get(0));
		assertEquals(1 + 9, lines.size(), "3 planes x 3 iterations, one running iteration axis");
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
		in.put("channel", 2);
		CommandModule m = run(in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		ImagePlus result = (ImagePlus) m.getOutput("result");
		assertEquals(8, result.getBitDepth(), "one channel of an 8-bit composite stays 8-bit gray");
		assertEquals(1, result.getNChannels());
		LUT green = composite.getChannelLut(2);
		assertEquals(green.getRGB(255), result.getProcessor().getLut().getRGB(255), "channel 2's colour is kept");
		assertTrue(MacroOptions.fromInfo(result.getInfoProperty()).contains("channel=2"));

		in.put("channel", 0);
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
		CommandModule m = run(in);
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
		assertRefused(in, "iterations must be at least 1");
	}

	@Test
	void unknownLayerIsRefused() throws Exception {
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), Fixtures.rgb("b", 40, 40, 2));
		in.put("style_layers", "relu1,relu4_2");
		CommandModule m = assertRefused(in, "style_layers: alexnet has no layer 'relu4_2'");
		assertTrue(m.getCancelReason().contains("conv1, relu1, pool1"), "the valid layers are listed: " + m.getCancelReason());
	}

	@Test
	void missingWeightsFileIsRefused() throws Exception {
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), Fixtures.rgb("b", 40, 40, 2));
		File missing = dir.resolve("no-such-weights.pth").toFile();
		in.put("weights", missing);
		CommandModule m = assertRefused(in, "weights: there is no file");
		assertTrue(m.getCancelReason().contains(missing.getName()));
	}

	@Test
	void otherBadValuesAreRefusedWithAdvice() throws Exception {
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), Fixtures.rgb("b", 40, 40, 2));
		in.put("learning_rate", -1.0);
		assertRefused(in, "learning_rate must be > 0, or 0 for the optimizer's default");
		in.put("learning_rate", 0.0);
		in.put("device", "tpu");
		assertRefused(in, "device 'tpu' is not one of auto, cpu, gpu, gpu:N");
		in.put("device", "auto");
		in.put("output", dir.resolve("result.bmp").toFile());
		assertRefused(in, "unsupported extension '.bmp'");
		in.remove("output");
		in.put("channel", 2);
		assertRefused(in, "Channel 2 does not exist");
	}

	@Test
	void missingStyleImageIsRefused() throws Exception {
		Map<String, Object> in = tiny(Fixtures.rgb("a", 48, 40, 1), null);
		in.remove("style");
		CommandModule m = run(in);
		assertTrue(m.isCanceled());
		assertNull(m.getOutput("result"));
	}

	private CommandModule assertRefused(Map<String, Object> in, String expected) throws Exception {
		CommandModule m = run(in);
		assertTrue(m.isCanceled(), "should have been refused: " + in);
		assertNotNull(m.getCancelReason());
		assertTrue(m.getCancelReason().contains(expected), "reason '" + m.getCancelReason() + "' should say '" + expected + "'");
		assertNull(m.getOutput("result"), "no result");
		return m;
	}

	@Test
	void networkChoicesAreTheAvailableModels() throws Exception {
		Parameter p = NeuralStyleCommand.class.getDeclaredField("network").getAnnotation(Parameter.class);
		assertEquals(ModelDescriptor.available(), List.of(p.choices()));
	}

	@Test
	void parameterNamesAreTheSharedNames() {
		List<String> shared = List.of("content", "style", "output", "network", "weights", "content_layers",
			"style_layers", "content_weight", "style_weight", "tv_weight", "optimizer", "iterations", "learning_rate",
			"init", "pooling", "size", "style_scale", "seed", "device", "preserve_colors", "loss_log", "preview_every");
		var info = commands.getCommand(NeuralStyleCommand.class);
		for (String name : shared) assertNotNull(info.getInput(name), "parameter " + name);
	}

	@Test
	void ratioMessage() {
		assertTrue(NeuralStyleCommand.ratioMessage(1, 1e3).startsWith("\u03b1/\u03b2 = 1.00e-3"));
		assertFalse(NeuralStyleCommand.ratioMessage(1, 1e3).contains("expect the content"));
		assertTrue(NeuralStyleCommand.ratioMessage(1, 1e6).contains("expect the content to be lost"));
	}

	@Test
	void networkCallbackFillsTheNetworksDefaultLayers() throws Exception {
		NeuralStyleCommand command = new NeuralStyleCommand();
		set(command, "network", "alexnet");
		command.networkChanged();
		assertEquals("relu4", get(command, "content_layers"));
		assertEquals("relu1,relu2,relu3,relu4,relu5", get(command, "style_layers"));
		set(command, "network", "vgg16");
		command.networkChanged();
		assertEquals("relu4_2", get(command, "content_layers"));
	}

	private static void set(Object o, String field, Object value) throws ReflectiveOperationException {
		var f = o.getClass().getDeclaredField(field);
		f.setAccessible(true);
		f.set(o, value);
	}

	private static Object get(Object o, String field) throws ReflectiveOperationException {
		var f = o.getClass().getDeclaredField(field);
		f.setAccessible(true);
		return f.get(o);
	}
}

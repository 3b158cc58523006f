package sc.fiji.neuralstyle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.Params;

/**
 * The ImageJ1 plugin through its dialog, in an ImageJ started in its own JVM under the X server
 * (see {@link GuiDriver}, which does the clicking and writes what it saw): menu entry from
 * plugins.config, dialog defaults and live messages, the run and its windows, the macro recorder's
 * line and its replay, remembered values, and the messages for wrong values. Screenshots go to
 * target/screenshots (the README's pictures are copied from there).
 * <p>
 * Its own JVM because the plugin must come from ImageJ's PluginClassLoader, as in a user's ImageJ
 * (which is what DjlBootstrap's class-loader fix is for), and because other tests make the test JVM
 * headless, where ImageJ1's dialogs and menus do not work.
 */
@Tag("slow")
class PluginGuiTest {

	private static Properties report;
	private static ImageJInstall.Output output;
	private static Path weights;

	@BeforeAll
	static void drive() throws Exception {
		if (!ImageJInstall.hasDisplay()) return; // each test is then skipped, see display()
		ImageJInstall install = ImageJInstall.get();
		Path project = install.project;
		Path work = install.root.resolve("gui-test");
		ImageJInstall.deleteTree(work);
		Files.createDirectories(work);
		weights = project.resolve("src/test/resources/fixtures/models/alexnet-seeded-f16.pth");
		Path reportFile = work.resolve("report.properties");
		List<String> cmd = install.java(install.newHome("gui-test"), project.resolve("target/test-classes").toString());
		cmd.add("-Dplugins.dir=" + install.root);
		cmd.addAll(List.of(GuiDriver.class.getName(), reportFile.toString(),
			project.resolve("target/screenshots").toString(), project.resolve("samples").toString(), weights.toString()));
		output = install.run(cmd, work, 300);
		report = new Properties();
		try (InputStream in = Files.newInputStream(reportFile)) {
			report.load(in);
		}
		catch (IOException e) {
			throw new AssertionError("GuiDriver wrote no report: " + output.all(), e);
		}
	}

	/** Without an X server every test is reported as skipped, with the reason. */
	@BeforeEach
	void display() {
		ImageJInstall.assumeDisplay();
	}

	private static String get(String key) {
		assertNull(report.getProperty("error"), () -> "GuiDriver failed: " + report.getProperty("error") + "\n" + output.all());
		String v = report.getProperty(key);
		assertTrue(v != null, "GuiDriver reported no " + key + ": " + report + "\n" + output.all());
		return v;
	}

	@Test
	void imageJRunsWithADisplayAndFindsTheMenuEntryOfPluginsConfig() {
		assertEquals("false", get("headless"), "under xvfb-run, AWT must not be headless");
		assertEquals("sc.fiji.neuralstyle.fiji.NeuralStylePlugin", get("command.class"));
		assertEquals("true", get("finished"));
	}

	@Test
	void dialogProposesTheActiveImageAndTheOtherOneWithDefaults() {
		assertEquals("coffee.png", get("default.content"));
		assertEquals("starry_night.jpg", get("default.style"));
		assertEquals("vgg19", get("default.network"));
		assertEquals("300", get("default.iterations"));
		String messages = get("default.messages");
		assertTrue(messages.contains("vgg19's defaults: content relu4_2; style relu1_1,relu2_1,relu3_1,relu4_1,relu5_1"), messages);
		assertTrue(messages.contains("α/β = 1e-3: around 1e-3, the balance the original study found good."), messages);
		assertTrue(messages.contains("The RGB image will be styled."), messages);
	}

	@Test
	void dialogLinesFollowTheEdits() {
		assertTrue(get("filled.messages").contains("alexnet's defaults: content relu4; style relu1,relu2,relu3,relu4,relu5"),
			get("filled.messages"));
	}

	@Test
	void okRunsTheTransferAndShowsResultWithItsLossPlotBesideIt() {
		assertEquals("coffee styled as starry_night", get("result.title"));
		assertEquals("24", get("result.bitDepth"));
		assertEquals("192x128", get("result.size"));
		assertEquals("true", get("result.windowShowing"));
		assertEquals("true", get("plot.found"));
		assertEquals("true", get("plot.besideResult"), get("plot.bounds"));
		assertTrue(Files.isRegularFile(Path.of("target/screenshots/result.png")));
		assertTrue(Files.isRegularFile(Path.of("target/screenshots/dialog.png")));
	}

	@Test
	void dialogFieldsAreTheTablesDialogRowsWithTheirDefaults() {
		List<String> expected = new java.util.ArrayList<>();
		ParamValues defaults = ParamValues.defaults();
		for (Param<?> p : Params.on(Front.DIALOG)) {
			String text = defaults.texts(Front.DIALOG).get(p.name());
			if (p == Params.CONTENT) text = "coffee.png";
			if (p == Params.STYLE) text = "starry_night.jpg";
			expected.add(p.name() + "=" + text);
			for (int k = 2; k <= p.slots(); k++) expected.add(p.name() + "_" + k + "=none");
		}
		assertEquals(String.join("\n", expected), get("default.fields"));
	}

	@Test
	void recorderWritesTheDialogRunAsTheInfoLineDoes() {
		assertEquals("run(\"Neural Style\", \"content=coffee.png style=starry_night.jpg weights=" + weights
			+ " style_blend_weights=[] network=alexnet content_layers=[] style_layers=[] content_weight=1 style_weight=1000"
			+ " tv_weight=0 style_loss=gram size=192 scales=1 tile_size=0 style_scale=1 pooling=avg padding=zeros optimizer=lbfgs"
			+ " iterations=5 learning_rate=0 history_size=10 average=0 stop_tolerance=0 stop_window=50"
			+ " init=content seed=0 device=auto preserve_colors=luminance masks=roi content_masks=[] channel=merged"
			+ " planes=current preview_every=0 output=[] loss_log=[]\");",
			get("recorded"));
	}

	@Test
	void recordedKeysAreTheMacroRows() {
		String line = get("recorded");
		String options = line.substring(line.indexOf(", \"") + 3, line.lastIndexOf("\");"));
		List<String> expected = Params.on(Front.MACRO).stream().map(Param::name)
			.filter(n -> !n.equals("line_search") && !n.equals("normalize_gradients")).sorted().toList(); // flags that are off are left out
		assertEquals(expected, OptionText.parse(options).keySet().stream().sorted().toList());
	}

	@Test
	void recordedLineReplaysTheSameRunWithoutTouchingRememberedValues() {
		String first = OptionText.fromInfo(get("result.info"));
		assertTrue(first != null && first.contains("preserve_colors=luminance"), get("result.info"));
		assertEquals(first, OptionText.fromInfo(get("replay.info")), "the replay's Info names the same run");
		assertEquals("192x128", get("replay.size"));
		// The CPU computes the same result (up to rounding in multi-threaded sums).
		assertTrue(Double.parseDouble(get("replay.maxDifference")) <= 2, get("replay.maxDifference"));
		assertEquals("77", get("replay.prefs.iterations"), "a macro run must not change the remembered values");
	}

	@Test
	void interactiveRunsAreRememberedAndCancelRecordsNothing() {
		assertEquals("5", get("prefs.iterations"));
		assertEquals("alexnet", get("remembered.network"));
		assertEquals("5", get("remembered.iterations"));
		assertEquals("luminance", get("remembered.preserveColors"));
		assertEquals(weights.toString(), get("remembered.weights"));
		assertEquals("1", get("cancel.recorded"));
	}

	@Test
	void aWrongValueIsExplainedAndTheDialogComesBackWithTheTypedValues() {
		assertEquals("iterations: 0 is too small; give a whole number from 1 to 1000000", get("invalid.message"));
		assertEquals("0", get("invalid.reshown.iterations"));
		assertEquals("alexnet", get("invalid.reshown.network"));
	}

	@Test
	void aMacroWithAWrongValueStopsWithThePluginsMessage() {
		String message = get("macroError.message");
		assertTrue(message.contains("style: no open image is titled 'not open.jpg', and it is not the full path of an"
			+ " image file; open the image first"), message);
		String log = get("macroError.log");
		assertTrue(log.contains("Neural Style: style: no open image is titled 'not open.jpg'"), log);
		assertTrue(!log.contains("after the error"), "the macro must stop: " + log);
	}
}

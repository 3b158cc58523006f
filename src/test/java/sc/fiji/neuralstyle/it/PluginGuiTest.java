package sc.fiji.neuralstyle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Group;
import sc.fiji.neuralstyle.params.InfoLine;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.setup.About;

/**
 * The ImageJ1 plugin through its dialog, in an ImageJ started in its own JVM under the X server
 * (see {@link GuiDriver}, which does the clicking and writes what it saw): menu entry from
 * plugins.config, dialog defaults and live messages, the run and its windows, the macro recorder's
 * line and its replay, remembered values, and the messages for wrong values. Screenshots go to
 * target/screenshots (docs/fiji.md's pictures are copied from there).
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
		// Check Installation looks at an empty models folder: every weights file missing, none to hash.
		cmd.add("-Dneuralstyle.models.dir=" + work.resolve("models"));
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
		assertTrue(messages.contains("Advanced options: all at their defaults."), messages);
		assertTrue(messages.contains("vgg19's weights (" + ModelDescriptor.load("vgg19").sizeText() + ") are not on this"
			+ " computer yet: the run downloads them first, or Download Weights... (in Plugins > Neural Style) gets them"
			+ " now."), messages);
	}

	/** Help opens the documentation's page on Fiji, docs/fiji.md, on the project's page. */
	@Test
	void helpOpensThePluginsDocumentation() throws IOException {
		assertEquals(About.PAGE + "/blob/main/docs/fiji.md", get("default.helpUrl"));
		assertTrue(Files.readString(Path.of("docs", "fiji.md")).startsWith("# Fiji and ImageJ\n"), "docs/fiji.md's heading is gone");
	}

	/** After a run the result is the active image, but the dialog proposes the content chosen, and no plot. */
	@Test
	void afterARunTheDialogProposesTheContentChosenNotTheResult() {
		assertEquals("coffee styled as starry_night", get("afterRun.active"));
		assertEquals("coffee.png", get("afterRun.content"));
		assertEquals("starry_night.jpg", get("afterRun.style"));
		List<String> items = List.of(get("afterRun.contentItems").split(" \\| "));
		assertTrue(items.contains("coffee styled as starry_night"), "a result can be chosen: " + items);
		assertTrue(items.stream().noneMatch(i -> i.startsWith("Losses of")), "no loss plot: " + items);
	}

	/** A second run's windows get ImageJ's "-1", and open clear of the first run's. */
	@Test
	void eachResultAndPlotHasAUniqueTitleAndItsOwnPlace() {
		assertEquals("coffee styled as starry_night-1", get("replay.title"));
		assertEquals("Losses of coffee styled as starry_night | Losses of coffee styled as starry_night-1",
			get("replay.plotTitles"));
		assertEquals("true", get("replay.apart"), get("replay.locations"));
	}

	/** Esc: the status bar and the Log say how the run ended, and the kept image's title is marked. */
	@Test
	void escStopsTheRunAndSaysSoInTheStatusBarTheLogAndTheTitle() {
		assertEquals("coffee.png", get("cancel.defaultContent"), "after two runs, still the content chosen");
		assertEquals("coffee styled as starry_night (cancelled)", get("cancel.title"));
		assertTrue(get("cancel.status").startsWith("Neural Style: Cancelled after "), get("cancel.status"));
		assertTrue(get("cancel.log").contains("Neural Style: Cancelled after "), get("cancel.log"));
		assertTrue(get("cancel.info").contains("Result: Cancelled after "), get("cancel.info"));
	}

	@Test
	void aStacksLossPlotIsDrawnWithTheRecorderOpen() {
		assertTrue(Integer.parseInt(get("stack.plotColours")) > 4, "a blank plot has one or two colours: "
			+ get("stack.plotColours"));
	}

	/**
	 * The error of the issue: the default network offline. Its dialog is of a readable width and leads
	 * with what to do; the Log keeps the same message; the first dialog had said the weights are missing.
	 */
	@Test
	void anErrorIsWrappedLeadsWithWhatToDoAndStaysInTheLog() {
		int width = Integer.parseInt(get("error.width"));
		assertTrue(width <= 800, "the error dialog is " + width + " px wide");
		String text = get("error.text");
		assertTrue(text.startsWith("First, get the vgg19 weights (" + ModelDescriptor.load("vgg19").sizeText() + ") with"
			+ " Plugins > Neural"), text);
		for (String line : text.split("\n")) assertTrue(line.length() <= 90, line);
		String log = get("error.log");
		assertTrue(log.contains("Neural Style: First, get the vgg19 weights"), log);
		assertTrue(log.replaceAll("\\s", "").contains(text.replaceAll("\\s", "")), "the Log holds the message:\n" + log);
		assertTrue(get("offline.messages").contains("vgg19's weights (" + ModelDescriptor.load("vgg19").sizeText() + ") are"
			+ " not on this computer, and downloads are off (neuralstyle.offline)"), get("offline.messages"));
	}

	/** Microscopy titles are long: the dialog stays within 1,000 px and shows the chosen title whole. */
	@Test
	void theDialogKeepsItsWidthWithA60CharacterTitleOpen() {
		assertEquals(60, GuiDriver.LONG_TITLE.length());
		int width = Integer.parseInt(get("long.width")), chosen = Integer.parseInt(get("long.chosenWidth"));
		assertTrue(width <= 1000 && chosen <= 1000, "the dialog is " + width + " px wide, " + chosen + " px once chosen");
		assertTrue(get("long.contentItems").contains("2024-05-13_HeLa_H2B-G\u2026"), get("long.contentItems"));
		assertTrue(get("long.messages").contains("Content: " + GuiDriver.LONG_TITLE), get("long.messages"));
		assertTrue(get("long.fields").startsWith("content=2024-05-13_HeLa_H2B-G\u2026_pos03.png\n"), get("long.fields"));
	}

	@Test
	void theSecondDialogHoldsTheOtherRowsUnderTheirGroups() {
		// Every group of the dialog's rows but the first dialog's (Train Fast Style's own rows are not here).
		List<String> titles = Arrays.stream(Group.values()).filter(g -> g != Group.BASIC
			&& Params.on(Front.DIALOG).stream().anyMatch(p -> p.group() == g)).map(Group::title).toList();
		List<String> messages = List.of(get("advanced.messages").split(" \\| "));
		assertEquals(titles, messages.stream().filter(titles::contains).toList(), "the headings, in order");
		assertTrue(messages.indexOf("Style controls") < messages.indexOf("Style blend weights")
			&& messages.indexOf("Files") < messages.indexOf("Weights file"), messages.toString());
		assertTrue(messages.contains("The RGB image will be styled."), messages.toString());
		assertEquals("false", get("advanced.temporalEnabled"), "planes=current: the temporal rows are off");
		assertEquals("true", get("advanced.temporalEnabledForAll"));
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
		assertEquals("2.0", get("result.magnification"), "a small result opens zoomed in, so its title has room");
		assertTrue(Integer.parseInt(get("result.windowWidth")) >= 360, get("result.windowWidth"));
		assertEquals("true", get("plot.found"));
		assertEquals("true", get("plot.besideResult"), get("plot.bounds"));
		assertTrue(Files.isRegularFile(Path.of("target/screenshots/result.png")));
		assertTrue(Files.isRegularFile(Path.of("target/screenshots/dialog.png")));
	}

	/** The first dialog: the table's basic rows and the box; the second: the other dialog rows, by group. */
	@Test
	void dialogFieldsAreTheTablesDialogRowsWithTheirDefaults() {
		List<Param<?>> basic = Params.on(Front.DIALOG).stream().filter(p -> p.group() == Group.BASIC).toList();
		List<Param<?>> advanced = Params.on(Front.DIALOG).stream().filter(p -> p.group() != Group.BASIC)
			.sorted(java.util.Comparator.comparing((Param<?> p) -> p.group())).toList();
		List<String> first = fields(basic);
		first.add("advanced_options=false");
		assertEquals(String.join("\n", first), get("default.fields"));
		assertEquals(String.join("\n", fields(advanced)), get("advanced.fields"));
	}

	private static List<String> fields(List<Param<?>> rows) {
		List<String> expected = new java.util.ArrayList<>();
		ParamValues defaults = ParamValues.defaults();
		for (Param<?> p : rows) {
			String text = defaults.texts(Front.DIALOG).get(p.name());
			if (p == Params.CONTENT) text = "coffee.png";
			if (p == Params.STYLE) text = "starry_night.jpg";
			expected.add(p.name() + "=" + text);
			for (int k = 2; k <= p.slots(); k++) expected.add(p.name() + "_" + k + "=none");
		}
		return expected;
	}

	@Test
	void recorderWritesTheDialogRunAsTheInfoLineDoes() {
		assertEquals("run(\"Neural Style\", \"content=coffee.png style=starry_night.jpg weights=" + weights
			+ " style_blend_weights=[] network=alexnet model=[] content_layers=[] style_layers=[] content_weight=1 style_weight=1000"
			+ " tv_weight=0 style_loss=gram size=192 scales=1 tile_size=0 style_scale=1 pooling=avg padding=zeros optimizer=lbfgs"
			+ " iterations=5 learning_rate=0 history_size=10 average=0 stop_tolerance=0 stop_window=50"
			+ " init=content seed=0 device=auto preserve_colors=luminance masks=roi content_masks=[] channel=merged"
			+ " planes=current temporal_weight=1000000 temporal_frames=1 preview_every=0 output=[] loss_log=[]\");",
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
		String first = InfoLine.options(get("result.info"));
		assertTrue(first != null && first.contains("preserve_colors=luminance"), get("result.info"));
		assertEquals(first, InfoLine.options(get("replay.info")), "the replay's Info names the same run");
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
		assertEquals("true", get("remembered.advanced"), "the box starts as the last run left it");
		// The line is wrapped: compared without blanks.
		assertTrue(get("remembered.advancedLine").replace(" ", "").contains(("Advanced options in use: weights=" + weights
			+ ", preserve_colors=luminance.").replace(" ", "")), get("remembered.advancedLine"));
		assertEquals("luminance", get("remembered.preserveColors"));
		assertEquals(weights.toString(), get("remembered.weights"));
		assertEquals("1", get("cancel.recorded"));
	}

	@Test
	void aWrongValueIsExplainedAndTheDialogComesBackWithTheTypedValues() {
		assertEquals("iterations: 0 is too small; give a whole number from 1 to 1000000", get("invalid.message"));
		assertEquals("0", get("invalid.reshown.iterations"));
		assertEquals("alexnet", get("invalid.reshown.network"));
		assertEquals("false", get("invalid.reshown.advanced"));
	}

	@Test
	void aWrongAdvancedValueBringsBothDialogsBack() {
		assertTrue(get("invalidAdvanced.message").startsWith("tile_size: "), get("invalidAdvanced.message"));
		assertEquals("true", get("invalidAdvanced.reshown.advanced"), "OK leads to the field again");
		assertEquals("7", get("invalidAdvanced.reshown.tileSize"));
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

	// ---- the submenu ----------------------------------------------------------------------------

	@Test
	void theSubmenuHoldsTheRunTheExamplesTheSetupCommandsAndAbout() {
		assertEquals("Neural Style | Train Fast Style | - | Style Current Image... | Style Folder... | Style Time Lapse... | "
			+ "Study Comparisons... | Train and Style Time Lapse... | - | Check Installation | Download Weights... | About "
			+ "Neural Style...", get("submenu.items"));
		assertEquals("sc.fiji.neuralstyle.fiji.NeuralStylePlugin", get("submenu.command.Neural Style"));
		assertEquals("sc.fiji.neuralstyle.fiji.ExampleMacro(\"Style_Folder.ijm\")", get("submenu.command.Style Folder..."));
		assertEquals("sc.fiji.neuralstyle.fiji.ExampleMacro(\"Style_Time_Lapse.ijm\")",
			get("submenu.command.Style Time Lapse..."));
		assertEquals("sc.fiji.neuralstyle.fiji.CheckInstallationPlugin", get("submenu.command.Check Installation"));
	}

	@Test
	void aboutNamesVersionsThePaperTheLicenceAndTheWeights() {
		String about = get("about.text");
		assertTrue(about.startsWith("Neural Style for Fiji "), about);
		assertTrue(about.contains("ImageJ 1.54p") && about.contains("arXiv:1508.06576") && about.contains("BSD 2-Clause")
			&& about.contains("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth"), about);
	}

	@Test
	void checkInstallationLogsEachCheckAndShowsATableThatCanBeSaved() {
		String rows = get("check.rows");
		assertTrue(rows.startsWith("Java=ok | ImageJ=ok | PyTorch=ok | GPU="), rows);
		assertTrue(rows.contains("vgg19 weights=warning") && rows.contains("Self-test on the CPU=ok"), rows);
		String log = get("check.log");
		assertTrue(log.contains("\nok       ImageJ: 1.54p (at least 1.54f)\n"), "as ImageJ writes its version: " + log);
		assertTrue(log.contains("use Plugins > Neural Style > Download Weights... and tick vgg19"), log);
		assertTrue(log.contains("0 failed: nothing failed."), log);
		assertEquals("true", get("check.saved"));
		assertEquals("Check,Status,Detail,What to do", get("check.savedHeader"));
	}

	@Test
	void downloadWeightsOffersEachNetworkWithTheDefaultOneTicked() {
		String boxes = get("download.boxes");
		assertTrue(boxes.startsWith("vgg19=true | vgg16=false | alexnet=false"), boxes);
		assertTrue(get("download.messages").contains("Each file is checked against its SHA-256"), get("download.messages"));
	}

	@Test
	void theExampleMacrosRunFromTheJar() {
		assertEquals("1 choice(s), 3 number(s)", get("styleCurrent.fields"), "Style Current Image's own dialog");
		assertTrue(get("styleFolder.log").contains("Neural Style: styled 0 image(s) of "), get("styleFolder.log"));
		assertTrue(get("study.message").contains("No content image file: '/nonexistent/coffee.png'"), get("study.message"));
		assertTrue(get("timeLapse.message").contains("No time-lapse file: '/nonexistent/cells.tif'"),
			get("timeLapse.message"));
	}
}

package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.engine.settings.ColorMode;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.files.ImageFileException;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/** The parameter table: its rows, their defaults, and the messages for values that do not parse. */
class ParamsTest {

	@Test
	void everyRowIsComplete() {
		Set<String> names = new HashSet<>();
		for (Param<?> p : Params.ALL) {
			assertTrue(p.name().matches("[a-z]+(_[a-z]+)*"), "snake_case: " + p.name());
			assertTrue(names.add(p.name()), "one row per name: " + p.name());
			assertFalse(p.label().isBlank(), p.name());
			assertTrue(p.help().endsWith("."), "help is one sentence: " + p.name());
			assertFalse(p.help().contains("\n"), p.name());
			assertFalse(p.fronts().isEmpty(), p.name() + " is offered somewhere");
			assertTrue(p.advice().startsWith("give") || p.advice().startsWith("choose"), p.name() + ": " + p.advice());
			if (p.defaultValue() != null) assertEquals(p.defaultValue(), p.parse(p.defaultText()), "default of " + p.name());
			if (p.offeredBy(Front.PREFERENCES)) assertTrue(p.offeredBy(Front.DIALOG), "remembered from the dialog: " + p.name());
		}
		assertEquals(ModelDescriptor.available(), Params.NETWORK.choices());
	}

	@Test
	void defaultsFollowGatys() {
		StyleSettings s = Params.defaultSettings();
		assertEquals("vgg19", s.network().name());
		assertEquals(Architecture.VGG19, s.architecture(), "the name resolved once, to its architecture");
		assertEquals(1e-3, s.contentWeight() / s.styleWeight(), 1e-15, "α/β of the original study");
		assertEquals(OptimizerKind.LBFGS, s.optimizer());
		assertEquals(Pooling.AVG, s.pooling());
		assertEquals(Init.CONTENT, s.init());
		assertEquals(300, s.iterations());
		assertEquals(512, s.size());
		assertNull(s.contentLayers(), "null means the network's default");
		assertEquals(0, s.learningRate(), "0 means the optimiser's default");
		assertEquals(OptimizerKind.LBFGS.defaultLearningRate(), s.effectiveLearningRate());
		assertEquals(10, s.historySize());
	}

	/** The optimisers' own rates live in OptimizerKind; the help (and docs/parameters.md's table) shows those. */
	@Test
	void learningRateHelpGivesEachOptimisersOwnRate() {
		String help = Params.LEARNING_RATE.help();
		for (OptimizerKind kind : OptimizerKind.values()) {
			String rate = kind.displayName() + " " + NumberText.format(kind.defaultLearningRate());
			assertTrue(help.contains(rate), "no '" + rate + "' in: " + help);
		}
	}

	@Test
	void textsBecomeSettings() {
		Map<String, String> t = Map.ofEntries(Map.entry("content", "a.png"), Map.entry("style", "b.png"),
			Map.entry("network", "AlexNet"), Map.entry("content_layers", "relu3"), Map.entry("style_layers", "relu1:0.25,relu2:0.5"),
			Map.entry("optimizer", "Adam"), Map.entry("learning_rate", "0.05"), Map.entry("iterations", "20.0"),
			Map.entry("content_weight", "2"), Map.entry("style_weight", "3e4"), Map.entry("tv_weight", "1e-6"),
			Map.entry("init", "noise"), Map.entry("pooling", "MAX"), Map.entry("size", "64"), Map.entry("style_scale", "0.5"),
			Map.entry("seed", "7"), Map.entry("device", "CPU"), Map.entry("preserve_colors", "true"),
			Map.entry("history_size", "25"), Map.entry("line_search", "true"), Map.entry("output", "/out/x.png"));
		ParamValues v = ParamValues.parse(t, Front.COMMAND_LINE);
		StyleSettings s = v.settings();
		assertEquals("alexnet", s.network().name());
		assertEquals(Architecture.ALEXNET, s.architecture());
		assertEquals("relu3", s.contentLayers().toString());
		assertEquals(0.5, s.styleLayers().weight("relu2"));
		assertEquals(OptimizerKind.ADAM, s.optimizer());
		assertEquals(0.05, s.learningRate());
		assertEquals(20, s.iterations(), "ImageJ may write whole numbers as 20.0");
		assertEquals(3e4, s.styleWeight());
		assertEquals(1e-6, s.tvWeight());
		assertEquals(Init.NOISE, s.init());
		assertEquals(Pooling.MAX, s.pooling());
		assertEquals(0.5, s.styleScale());
		assertEquals(7, s.seed());
		assertEquals(ComputeDevice.CPU, s.device());
		assertEquals(ColorMode.LUMINANCE, s.preserveColors(), "true, the flag this was, means luminance");
		assertEquals(25, s.historySize());
		assertTrue(s.lineSearch());
		assertEquals(Path.of("/out/x.png"), v.get(Params.OUTPUT));
		assertEquals(v, v.withSettings(s), "settings written back give the same values");
	}

	@Test
	void wrongValuesSayWhatWasWrongAndWhatToDo() {
		assertMessage("iterations: 0 is too small; give a whole number from 1 to 1000000", "iterations", "0");
		assertMessage("iterations: '2.5' is not a whole number; give a whole number from 1 to 1000000", "iterations", "2.5");
		assertMessage("size: 9000 is too large; give a whole number from 16 to 8192", "size", "9000");
		assertMessage("seed: '0.5' is not a whole number; give a whole number", "seed", "0.5");
		assertMessage("preview_every: -1 is too small; give a whole number from 0 to 1000000", "preview_every", "-1");
		assertMessage("learning_rate: NaN is not a finite number; give a number of at least 0 (0 for the optimiser's default)",
			"learning_rate", "NaN");
		assertMessage("learning_rate: -1 is too small; give a number of at least 0 (0 for the optimiser's default)",
			"learning_rate", "-1");
		assertMessage("style_weight: 'lots' is not a number; give a number from 0 to 1e20", "style_weight", "lots");
		assertMessage("style_scale: 0 is too small; give a number from 0.01 to 8", "style_scale", "0");
		assertMessage("optimizer: 'rmsprop' is not a choice; choose lbfgs, adam or sgd", "optimizer", "rmsprop");
		assertMessage("pooling: 'min' is not a choice; choose max or avg", "pooling", "min");
		assertMessage("network: 'resnet' is not a choice; choose vgg19, vgg16, alexnet, squeezenet1_1, googlenet, vgg19-caffe or vgg16-caffe",
			"network", "resnet");
		assertMessage("device: 'tpu' is not a device; give auto, cpu, gpu or gpu:N (N = 0, 1, \u2026)", "device", "tpu");
		assertMessage("line_search: 'maybe' is neither true nor false; give true or false", "line_search", "maybe");
		assertMessage("style_layers: 'x' is not a number (in 'relu1_1:x'); write layer:weight, e.g. relu1_1:0.2",
			"style_layers", "relu1_1:x");
		assertMessage("iterations: no value given; give a whole number from 1 to 1000000", "iterations", " ");
	}

	/**
	 * A problem that ends its sentence and the advice after it read as one message, never ".;" (issue
	 * 21); a file's problem keeps the reader's parts (issue 23: no message is taken apart).
	 */
	@Test
	void aProblemEndingASentenceLosesItsFullStopBeforeTheAdvice() {
		assertEquals("init: Cannot open a.png: the PNG file is damaged; give another file", Params.INIT.problem(
			new ImageFileException("Cannot open a.png: the PNG file is damaged.", "give another file")).getMessage());
		ParameterException e = Params.INIT.problem(new java.io.IOException("Cannot read a.png"));
		assertEquals("Cannot read a.png", e.problem());
		assertEquals(Params.INIT.advice(), e.advice(), "a reader without advice: the row's");
		assertEquals("weights: it is empty; give another", new ParameterException("weights", "it is empty.", "give another")
			.getMessage());
		assertEquals("output: waiting...; wait", new ParameterException("output", "waiting...", "wait").getMessage());
	}

	private static void assertMessage(String expected, String name, String text) {
		ParameterException e = assertThrows(ParameterException.class,
			() -> ParamValues.parse(Map.of("content", "a", "style", "b", "output", "o.png", name, text), Front.COMMAND_LINE));
		assertEquals(expected, e.getMessage());
		assertEquals(name, e.parameter());
	}

	@Test
	void namesAreTheFrontsOwn() {
		ParameterException e = assertThrows(ParameterException.class,
			() -> ParamValues.parse(Map.of("iteration", "5"), Front.MACRO));
		assertEquals("iteration: unknown parameter; did you mean iterations?", e.getMessage());
		e = assertThrows(ParameterException.class, () -> ParamValues.parse(Map.of("xyzzy", "5"), Front.MACRO));
		assertEquals("xyzzy: unknown parameter; see the parameter table in docs/parameters.md", e.getMessage());
		e = assertThrows(ParameterException.class, () -> ParamValues.parse(Map.of("quiet", "true"), Front.MACRO));
		assertEquals("quiet: not a parameter in macros; leave it out", e.getMessage());
		e = assertThrows(ParameterException.class, () -> ParamValues.parse(Map.of("channel", "2"), Front.COMMAND_LINE));
		assertEquals("channel: not a parameter on the command line; leave it out", e.getMessage());
		e = assertThrows(ParameterException.class, () -> ParamValues.parse(Map.of("content", "a.png"), Front.COMMAND_LINE));
		assertEquals("style: missing; give the style image(s): files, comma-separated, or in Fiji open images' titles",
			e.getMessage());
		e = assertThrows(ParameterException.class,
			() -> ParamValues.parse(Map.of("content", "a.png", "style", "b.png"), Front.COMMAND_LINE));
		assertEquals("output: missing; give a .tif, .png, .jpg or .avi file to write (for a stack on the command line also a folder)", e.getMessage());
		assertNull(ParamValues.parse(Map.of("content", "a.png", "style", "b.png"), Front.MACRO).get(Params.OUTPUT),
			"output is optional in Fiji");
	}

	@Test
	void channelIsMergedOrANumber() {
		assertEquals(0, Params.CHANNEL.parse("merged"));
		assertEquals(0, Params.CHANNEL.parse("0"), "0 also means merged");
		assertEquals(2, Params.CHANNEL.parse("2"));
		assertEquals("merged", Params.CHANNEL.format(0));
		ParameterException e = assertThrows(ParameterException.class, () -> Params.CHANNEL.parse("red"));
		assertEquals("channel: 'red' is neither merged nor a channel number; give merged or a channel number (1, 2, \u2026)",
			e.getMessage());
	}

	@Test
	void everyFrontHasItsRows() {
		List<String> cli = Params.on(Front.COMMAND_LINE).stream().map(Param::name).toList();
		assertTrue(cli.containsAll(List.of("content", "style", "output", "history_size", "line_search", "quiet")), cli.toString());
		assertFalse(cli.contains("channel"), "Fiji's channels only: " + cli);
		assertTrue(cli.contains("planes"), "the command line styles stacks too: " + cli);
		List<String> dialog = Params.on(Front.DIALOG).stream().map(Param::name).toList();
		assertFalse(dialog.contains("history_size") || dialog.contains("quiet"), dialog.toString());
		List<String> remembered = Params.on(Front.PREFERENCES).stream().map(Param::name).toList();
		assertFalse(remembered.contains("content") || remembered.contains("output") || remembered.contains("loss_log"),
			"the content and output files are never remembered: " + remembered);
		assertEquals(Params.on(Front.SCIJAVA), Params.on(Front.MACRO), "scripts and macros take the same parameters");
		List<Param<?>> training = List.of(Params.TRAIN, Params.STEPS, Params.BATCH_SIZE, Params.CHECKPOINT,
			Params.CHECKPOINT_EVERY);
		assertEquals(Params.on(Front.COMMAND_LINE).stream().filter(p -> !training.contains(p)).toList(),
			Params.on(Front.SPARK), "the Spark application takes the command line's, but for training (not on Spark yet)");
		assertTrue(Params.OUTPUT.requiredOn(Front.SPARK) && Params.CONTENT.requiredOn(Front.SPARK)
			&& Params.STYLE.requiredOn(Front.SPARK), "every Spark job has its files");
		ParameterException e = assertThrows(ParameterException.class, () -> ParamValues.parse(Map.of("channel", "2"), Front.SPARK));
		assertEquals("channel: not a parameter in the Spark application; leave it out", e.getMessage());
	}

	/** The first dialog holds what the design asks for and a new user needs; the rest go under their headings. */
	@Test
	void theTableSaysWhichRowsTheFirstDialogShows() {
		assertEquals(List.of("content", "style", "network", "content_layers", "style_layers", "content_weight", "style_weight",
			"size", "optimizer", "iterations", "output"), Params.on(Front.DIALOG).stream().filter(p -> p.group() == Group.BASIC)
				.map(Param::name).toList());
		for (Param<?> p : Params.on(Front.DIALOG)) {
			assertTrue(p.group() != Group.MORE, p.name() + " has no group: give its row .group(Group.…) in Params, the "
				+ "heading the second dialog shows it under (it stands under 'More options' until then)");
		}
		// A row that names no group (one added without knowing the dialogs) still reaches the dialog.
		Param<String> added = Param.builder("added", Kind.TEXT, String.class).parser(t -> t).label("Added").help("Added.")
			.on(Front.DIALOG).build();
		assertEquals(Group.MORE, added.group());
	}
}

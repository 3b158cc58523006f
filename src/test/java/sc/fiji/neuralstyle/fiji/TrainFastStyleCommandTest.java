package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.prefs.PrefService;

import ij.ImagePlus;
import sc.fiji.neuralstyle.fast.StyleModelFile;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.TrainingParams;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.fiji.run.FijiTraining;

/**
 * Train Fast Style's SciJava command, headless through a fresh context's CommandService: it trains on
 * an open stack's planes, continues from its checkpoint, and the model it writes styles the stack with
 * Neural Style's {@code model=}; the command line's refusals come before any work with the command
 * line's messages; a cancel (Esc in Fiji) writes the model of the last checkpoint. Tiny runs: the
 * seeded AlexNet's first layers at 32 px.
 */
class TrainFastStyleCommandTest {

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
		context.service(PrefService.class).clearAll();
	}

	@AfterEach
	void dispose() {
		context.service(PrefService.class).clearAll();
		context.dispose();
	}

	private static Map<String, Object> tiny(ImagePlus content, ImagePlus style, Path model, int steps) {
		Map<String, Object> in = new HashMap<>();
		in.put("content", content);
		in.put("style", style);
		in.put("model", model.toFile());
		in.put("network", "alexnet");
		in.put("weights", Fixtures.weights().toFile());
		in.put("content_layers", "relu1");
		in.put("style_layers", "relu1,relu2");
		in.put("size", 32);
		in.put("steps", steps);
		in.put("batch_size", 2);
		in.put("checkpoint_every", 2);
		return in;
	}

	private TrainFastStyleCommand run(Map<String, Object> inputs) throws Exception {
		// CommandService.run gives no future for a command that is itself a Module (a DynamicCommand).
		return (TrainFastStyleCommand) modules.run(commands.getCommand(TrainFastStyleCommand.class), true, inputs).get();
	}

	/** The command's inputs are the table's training rows (a list of images: one per slot). */
	@Test
	void itsInputsAreTheTablesTrainingRows() {
		CommandInfo info = commands.getCommand(TrainFastStyleCommand.class);
		Module module = modules.createModule(info);
		List<String> names = new ArrayList<>();
		for (ModuleItem<?> item : module.getInfo().inputs()) {
			if (Params.named(item.getName().replaceFirst("_\\d$", "")) != null) names.add(item.getName());
		}
		List<String> expected = new ArrayList<>();
		for (Param<?> p : Params.on(Front.TRAINING)) {
			for (int k = 0; k < p.slots(); k++) expected.add(p.slotName(k));
		}
		assertEquals(expected, names);
		assertTrue(names.containsAll(List.of("content", "style", "model", "steps", "batch_size", "checkpoint",
			"checkpoint_every", "learning_rate", "seed", "temporal_weight", "device")), names.toString());
		assertFalse(names.contains("iterations") || names.contains("output") || names.contains("optimizer"), names.toString());
	}

	@Test
	void trainsOnAnOpenStackContinuesAndTheModelStylesTheStack() throws Exception {
		ImagePlus stack = Fixtures.rgbStack("cells", 40, 32, 4, 1);
		ImagePlus style = Fixtures.rgb("style", 40, 40, 9);
		Path model = dir.resolve("cells.pth"), log = dir.resolve("training.csv");
		Map<String, Object> in = tiny(stack, style, model, 3);
		in.put("loss_log", log.toFile());
		TrainFastStyleCommand m = run(in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(model.toString(), m.getOutput("trained"));
		assertEquals("trained 3 steps; wrote " + model + " (the network of step 3) and " + log, m.getOutput("message"));
		StyleModelFile.check(model);
		assertTrue(Files.exists(dir.resolve("cells.checkpoint.pth")), "the checkpoint beside the model");
		assertEquals(4, Files.readAllLines(log).size(), "a header and a row a step");

		in.put("steps", 5);
		m = run(in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals("trained 5 steps; wrote " + model + " (the network of step 5) and " + log, m.getOutput("message"));
		assertEquals(6, Files.readAllLines(log).size(), "continued: both runs' steps");

		Map<String, Object> apply = new HashMap<>();
		apply.put("content", stack);
		apply.put("model", model.toFile());
		apply.put("planes", "all");
		apply.put("size", 40);
		NeuralStyleCommand applied = (NeuralStyleCommand) modules.run(commands.getCommand(NeuralStyleCommand.class), true,
			apply).get();
		assertFalse(applied.isCanceled(), applied.getCancelReason());
		ImagePlus styled = applied.result();
		assertNotNull(styled);
		assertEquals(4, styled.getStackSize());
		for (int i = 1; i <= 4; i++) {
			assertFalse(java.util.Arrays.equals((int[]) stack.getStack().getPixels(i), (int[]) styled.getStack().getPixels(i)),
				"plane " + i + " is styled");
		}
	}

	private String refusal(Map<String, Object> inputs) throws Exception {
		TrainFastStyleCommand m = run(inputs);
		assertTrue(m.isCanceled(), "refused");
		return m.getCancelReason();
	}

	/** The command line's messages, before any work; nothing written. */
	@Test
	void badInputIsRefusedBeforeAnyStepAsOnTheCommandLine() throws Exception {
		ImagePlus stack = Fixtures.rgbStack("cells", 40, 32, 3, 1);
		ImagePlus style = Fixtures.rgb("style", 40, 40, 9);
		Path model = dir.resolve("cells.pth");

		Map<String, Object> in = tiny(stack, style, model, 3);
		in.put("batch_size", 8);
		assertEquals("batch_size: 8 is more than the 3 training images; give at most 3, or more images", refusal(in));

		in = tiny(stack, style, model, 3);
		in.remove("model");
		assertEquals("model: missing: training writes the model it trains there; give the model file to write, such as "
			+ "model=candy.pth", refusal(in));

		in = tiny(stack, style, model, 0);
		assertTrue(refusal(in).startsWith("steps: "), "0 steps");

		// A style image opened from a file, given as the model: refused by identity, the file untouched.
		Path styleFile = dir.resolve("style.png");
		ImageFiles.write(style, styleFile);
		ImagePlus opened = ImageFiles.read(styleFile);
		byte[] before = Files.readAllBytes(styleFile);
		in = tiny(stack, opened, styleFile, 3);
		assertEquals("model: is a style image's file " + styleFile + ", which would be overwritten; give it a file of its "
			+ "own: inputs are never overwritten", refusal(in));
		assertArrayEquals(before, Files.readAllBytes(styleFile));

		// A damaged checkpoint when continuing.
		Path damaged = Files.writeString(dir.resolve("cells.checkpoint.pth"), "not a checkpoint");
		String message = refusal(tiny(stack, style, model, 3));
		assertTrue(message.startsWith("checkpoint: " + damaged + " cannot be continued from: it is damaged"), message);
		Files.delete(damaged);

		assertFalse(Files.exists(model));
	}

	/** A checkpoint in a folder that takes no files: refused before any work, as on the command line. */
	@Test
	void aCheckpointInAReadOnlyFolderIsRefused() throws Exception {
		Path locked = Files.createDirectory(dir.resolve("read-only"));
		Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
		// Root writes into read-only folders; /sys takes no new files even from root.
		Path folder = Files.isWritable(locked) ? Path.of("/sys") : locked;
		Assumptions.assumeTrue(Files.isDirectory(folder), "no folder here that this user cannot write");
		Path model = dir.resolve("cells.pth");
		Map<String, Object> in = tiny(Fixtures.rgbStack("cells", 40, 32, 3, 1), Fixtures.rgb("style", 40, 40, 9), model, 3);
		in.put("checkpoint", folder.resolve("c.pth").toFile());
		String message = refusal(in);
		assertTrue(message.startsWith("checkpoint: " + folder.resolve("c.pth") + " cannot be written"), message);
		assertFalse(Files.exists(model));
	}

	/**
	 * Esc (the command's cancel) stops at the next step and writes the model of the last checkpoint: here
	 * asked before step 4 of 6, with checkpoints every 2 steps, the network of step 2.
	 */
	@Test
	void aCancelWritesTheModelOfTheLastCheckpoint() throws Exception {
		ImagePlus stack = Fixtures.rgbStack("cells", 40, 32, 3, 1);
		Path model = dir.resolve("cells.pth");
		Map<String, String> texts = new HashMap<>();
		tiny(stack, Fixtures.rgb("style", 40, 40, 9), model, 6).forEach((k, v) -> texts.put(k, v instanceof ImagePlus i
			? i.getTitle() : v instanceof File f ? f.getPath() : v.toString()));
		FijiTraining.Request request = new FijiTraining.Request(TrainingParams.parse(texts, Front.TRAINING), stack, null,
			List.of(Fixtures.rgb("style", 40, 40, 9)));
		AtomicInteger polls = new AtomicInteger();
		try (StyleEngine engine = new StyleEngine()) {
			FijiTraining.Outcome outcome = FijiTraining.run(FijiTraining.prepare(request), engine, false,
				() -> polls.incrementAndGet() > 3);
			assertTrue(outcome.result().cancelled());
			assertEquals(2, outcome.result().stepsDone());
			assertEquals("stopped; wrote " + model + " (the network of step 2)", outcome.message());
			assertNotEquals(null, outcome.lossPlot());
		}
		StyleModelFile.check(model);
		assertTrue(OptionText.of(request.values(), Front.TRAINING).contains("model=" + model), "recorded with its model");
	}
}

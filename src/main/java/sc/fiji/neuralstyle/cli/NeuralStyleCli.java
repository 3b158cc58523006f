package sc.fiji.neuralstyle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import sc.fiji.neuralstyle.engine.NetworkCache;
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.files.JvmExit;
import sc.fiji.neuralstyle.files.ScratchFolder;
import sc.fiji.neuralstyle.headless.FileRuns;
import sc.fiji.neuralstyle.headless.InputFiles;
import sc.fiji.neuralstyle.headless.TableOptions;
import sc.fiji.neuralstyle.headless.Interrupts;
import sc.fiji.neuralstyle.headless.ResultFiles;
import sc.fiji.neuralstyle.image.StackWriter;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.Failures;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.setup.About;
import sc.fiji.neuralstyle.text.Counts;

/**
 * The headless command line: one style transfer from image files to an image file. Its options are
 * the command-line rows of the parameter table, {@code --name value}. Exit codes: 0 done, 2 bad
 * arguments, 1 failure.
 */
public final class NeuralStyleCli {

	static final int EXIT_OK = 0;
	static final int EXIT_FAILURE = 1;
	static final int EXIT_USAGE = 2;

	static final String NAME = "neural-style";
	private static final String INSTALL_HINT = "rebuild the command line: mvn -DskipTests package in the project folder";

	private NeuralStyleCli() {}

	/** Runs the command line and exits the JVM with its exit code. */
	public static void main(String... args) {
		System.exit(run(args));
	}

	/** Runs the command line and returns its exit code (for tests and embedding). */
	public static int run(String... args) {
		PrintWriter err = new PrintWriter(System.err, true);
		try {
			return commandLine().execute(args);
		}
		catch (Throwable t) { // NOPMD: a missing library shows already when the options are made
			return failure(err, t, 0);
		}
	}

	/** One line for a failure, and the trace only for what is a bug; exit code 1. */
	private static int failure(PrintWriter err, Throwable t, int size) {
		err.println(NAME + ": " + Failures.describe(t, INSTALL_HINT, size));
		if (!Failures.isKnown(t)) {
			err.println("This is a bug; please report it with the trace below.");
			t.printStackTrace(err);
		}
		return EXIT_FAILURE;
	}

	/** The picocli command, its options made from the parameter table, with exit codes and messages set up. */
	static CommandLine commandLine() {
		CommandSpec spec = CommandSpec.create().name(NAME).mixinStandardHelpOptions(true);
		// Made when asked for: it reads DJL's version, and a missing DJL jar must not stop --help.
		spec.versionProvider(() -> About.text("the command line").split("\n"));
		spec.usageMessage().sortOptions(false).abbreviateSynopsis(true)
			.description("Renders the content image in the style of the style image (Gatys et al.) and writes the result.")
			.footer("", "Exit codes: 0 done, 2 bad arguments, 1 failure.", "Example:",
				"  neural-style --content samples/coffee.png \\",
				"      --style samples/starry_night.jpg --output out.png",
				"When something does not work: neural-style --check");
		for (Param<?> p : Params.on(Front.COMMAND_LINE)) spec.addOption(TableOptions.option(p, Front.COMMAND_LINE).build());
		setupOptions(spec);
		CommandLine cl = new CommandLine(spec);
		cl.setExpandAtFiles(false); // "@name" is a file name, not a file of arguments
		cl.setExecutionStrategy(parsed -> {
			Integer help = CommandLine.executeHelpRequest(parsed);
			if (help != null) return help;
			Map<String, String> texts = texts(parsed);
			return SetupCommands.asked(texts) ? setup(texts, cl.getOut(), cl.getErr()) : new Run(cl.getErr()).call(texts);
		});
		cl.setParameterExceptionHandler((e, args) -> usageError(e.getCommandLine().getErr(), parseProblem(e)));
		return cl;
	}

	/**
	 * The setup commands, which are not parameters of a run (the table has those): Check Installation,
	 * Download Weights and their models folder.
	 */
	private static void setupOptions(CommandSpec spec) {
		spec.addOption(OptionSpec.builder("--" + SetupCommands.CHECK).arity("0").type(boolean.class)
			.description("Check the installation instead of running: Java, the PyTorch build and where it came from, the "
				+ "GPUs, memory, the models folder and DJL's cache, each network's weights, and a short self-test on each "
				+ "device. One line per check; exit code 0 when nothing failed. With --device gpu (or gpu:N) only the GPU.")
			.build());
		spec.addOption(OptionSpec.builder("--" + SetupCommands.DOWNLOAD).type(String.class).paramLabel("NETWORKS")
			.description("Download these networks' weights (comma-separated, or all) into the models folder, each checked "
				+ "against its SHA-256, and exit: fills a shared folder for a cluster or an offline lab.").build());
		spec.addOption(OptionSpec.builder("--" + SetupCommands.MODELS_DIR).type(String.class).paramLabel("DIR")
			.description("With --check or --download: the models folder (default: NEURAL_STYLE_MODELS, else "
				+ "~/.cache/neural-style/models).").build());
	}

	/** Runs a setup command; every failure ends as one message and an exit code. */
	private static int setup(Map<String, String> texts, PrintWriter out, PrintWriter err) {
		String problem = SetupCommands.problem(texts);
		if (problem != null) return usageError(err, problem);
		try {
			return texts.containsKey(SetupCommands.CHECK) ? SetupCommands.check(texts, out, err)
				: SetupCommands.download(texts, err);
		}
		catch (Throwable t) { // NOPMD: as a run's, see Failures
			return failure(err, t, 0);
		}
	}

	/** Name → text of the options given. */
	private static Map<String, String> texts(ParseResult parsed) {
		Map<String, String> texts = new LinkedHashMap<>();
		for (OptionSpec o : parsed.matchedOptions()) {
			texts.put(o.longestName().substring(2), String.valueOf((Object) o.getValue()));
		}
		return texts;
	}

	/** One line for a parse error, in the parameters' words where picocli names an option. */
	private static String parseProblem(CommandLine.ParameterException e) {
		if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
			// An unknown option's value is unmatched too, and may come first: name the option.
			String first = u.getUnmatched().stream().filter(a -> a.startsWith("--")).findFirst()
				.orElse(u.getUnmatched().get(0));
			if (first.startsWith("--")) {
				String name = first.substring(2).split("=", 2)[0];
				try {
					ParamValues.parse(Map.of(name, ""), Front.COMMAND_LINE);
				}
				catch (ParameterException known) {
					return known.getMessage();
				}
			}
			return "'" + first + "' is not an option; options are --name value, see --help";
		}
		ArgSpec arg = e.getArgSpec();
		if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) arg = m.getMissing().get(0);
		if (arg instanceof OptionSpec o) {
			Param<?> p = Params.named(o.longestName().substring(2));
			if (p != null) return new ParameterException(p.name(), "no value given after --" + p.name(), p.advice()).getMessage();
		}
		return e.getMessage();
	}

	/** A usage error for each problem, one line each: the problems are typed, and this front words them. */
	private static int usageError(PrintWriter err, ParameterException problems) {
		for (ParameterException e : problems.problems()) err.println(NAME + ": " + e.getMessage());
		err.println("Try '" + NAME + " --help' for the parameters.");
		return EXIT_USAGE;
	}

	private static int usageError(PrintWriter err, String message) {
		err.println(NAME + ": " + message);
		err.println("Try '" + NAME + " --help' for the parameters.");
		return EXIT_USAGE;
	}

	/** One run: check everything, read the images, style, write. */
	private static final class Run {

		private final PrintWriter err;

		Run(PrintWriter err) {
			this.err = err;
		}

		/** Runs; every failure ends as one message and an exit code, never as a bare stack trace. */
		int call(Map<String, String> texts) {
			try {
				return checkAndStyle(texts);
			}
			catch (Throwable t) { // NOPMD: LinkageError and OutOfMemoryError too, see Failures
				return failure(err, t, size(texts));
			}
		}

		/** The output size asked for, for memory advice; 0 if it does not parse. */
		private static int size(Map<String, String> texts) {
			try {
				return Params.SIZE.parse(texts.getOrDefault(Params.SIZE.name(), Params.SIZE.defaultText()));
			}
			catch (ParameterException e) {
				return 0;
			}
		}

		private int checkAndStyle(Map<String, String> texts) {
			// The process's one run: its engine, and the network it loads, end with it.
			try (StyleEngine engine = new StyleEngine()) {
				FileRuns.Checked checked;
				try {
					ParamValues values = ParamValues.parse(texts, Front.COMMAND_LINE);
					if (values.get(Params.TRAIN)) return train(engine, texts, values);
					checked = FileRuns.check(values, (v, in) -> v, engine.memory());
					checked.notes().forEach(err::println);
				}
				catch (ParameterException e) {
					return usageError(err, e);
				}
				removeAbandonedScratch(checked.values(), checked.inputs());
				return style(engine, checked);
			}
		}

		/** --train: a fast-style model trained on the content's images ({@link TrainingRun}). */
		private int train(StyleEngine engine, Map<String, String> texts, ParamValues values) {
			try {
				return new TrainingRun(err, values.get(Params.QUIET)).run(engine, texts, values);
			}
			catch (ParameterException e) {
				return usageError(err, e);
			}
			catch (IllegalArgumentException e) {
				// The trainer's rules between the images, the settings and the checkpoint, said in the
				// parameter's form before the first step; and a GPU that is not there.
				return usageError(err, e.getMessage());
			}
			catch (IOException | UncheckedIOException e) {
				err.println(NAME + ": the training failed: " + e.getMessage());
				return EXIT_FAILURE;
			}
			catch (WeightsException e) {
				if (values.get(Params.WEIGHTS) != null) return usageError(err, Params.WEIGHTS.name() + ": " + e.getMessage());
				err.println(NAME + ": " + e.getMessage());
				return EXIT_FAILURE;
			}
		}

		/**
		 * The scratch folders that runs of this stack's output killed with SIGKILL left (no hook ran):
		 * removed and named, so that a disk does not fill with hidden planes unsaid (issue 21).
		 */
		private void removeAbandonedScratch(ParamValues values, InputFiles inputs) {
			Path output = values.get(Params.OUTPUT);
			if (!inputs.isStack(values) || StackWriter.writesFolder(output)) return;
			try {
				for (Path left : ScratchFolder.removeAbandoned(output)) {
					err.println(NAME + ": removed " + left + ", the scratch folder a killed run of this output left");
				}
			}
			catch (IOException e) {
				err.println(NAME + ": a killed run's scratch folder beside " + output + " could not be removed (" + e.getMessage()
					+ "); remove the hidden folders ." + output.getFileName() + ".*.planes by hand");
			}
		}

		private int style(StyleEngine engine, FileRuns.Checked checked) {
			ParamValues values = checked.values();
			InputFiles inputs = checked.inputs();
			Path output = values.get(Params.OUTPUT);
			boolean stack = inputs.isStack(values);
			String unit = stack ? inputs.planes(values).unit() : "plane";
			boolean quiet = values.get(Params.QUIET);
			// Ctrl-C and SIGTERM are taken over before the network loads: the first cancels the load within a
			// second, and is acknowledged at once, on a line of its own below the progress bar.
			AtomicReference<CliProgress> shown = new AtomicReference<>();
			Interrupts interrupts = Interrupts.install(JvmExit::removeLeftovers, line -> {
				CliProgress bar = shown.get();
				if (bar != null) bar.announce(NAME + ": " + line);
				else err.println(NAME + ": " + line);
			}, "the run stops after the current evaluation and writes the best image so far");
			try (interrupts;
				CliProgress progress = new CliProgress(err, quiet, values.get(Params.PREVIEW_EVERY),
					(plane, iteration, image) -> ResultFiles.writePreview(image, inputs,
						ResultFiles.previewPath(values, inputs, plane, iteration)),
					unit, interrupts::received))
			{
				// From here the interrupts' acknowledgement goes below the bar, the network's load included.
				shown.set(progress);
				FileRuns.Result result;
				try {
					result = FileRuns.style(engine, checked, progress, true);
				}
				catch (IOException | UncheckedIOException e) {
					progress.close();
					// A plane that cannot be read, a result that cannot be written: the files say which.
					err.println(NAME + ": the run failed and wrote nothing more: " + e.getMessage());
					return EXIT_FAILURE;
				}
				progress.close(); // before the messages: the bar's line ends, and it is not drawn again after them
				PlaneSequence.Outcome outcome = result.outcome();
				if (result.written().isEmpty()) {
					err.println(NAME + ": stopped by " + interrupts.describe() + " before the first iteration; nothing written");
					return interrupts.exitCode();
				}
				if (!quiet) {
					err.println(outcome.message());
					err.println("Wrote " + describe(output, result.written(), stack) + (values.get(Params.LOSS_LOG) != null
						? " and " + values.get(Params.LOSS_LOG) : ""));
				}
				if (interrupts.received()) {
					err.println(NAME + ": stopped by " + interrupts.describe() + "; wrote "
						+ (stack ? "the " + Counts.of(outcome.done(), unit) + " styled so far"
							: "the best image so far"));
					return interrupts.exitCode();
				}
				return EXIT_OK;
			}
			catch (LoadCancelledException e) {
				if (!interrupts.received()) {
					err.println(NAME + ": " + e.getMessage());
					return EXIT_FAILURE;
				}
				err.println(NAME + ": stopped by " + interrupts.describe() + " while loading the network; nothing written");
				return interrupts.exitCode();
			}
			catch (WeightsException e) {
				// A weights file the user named is a bad argument; a download that failed is not.
				if (values.get(Params.WEIGHTS) != null) return usageError(err, Params.WEIGHTS.name() + ": " + e.getMessage());
				err.println(NAME + ": " + e.getMessage());
				return EXIT_FAILURE;
			}
			catch (IllegalArgumentException e) {
				// What the engine finds wrong with its settings (a GPU that is not there) is a bad argument too.
				return usageError(err, e.getMessage());
			}
			catch (IllegalStateException e) {
				err.println(NAME + ": " + e.getMessage());
				return EXIT_FAILURE;
			}
		}

		/** The output written: the file, or a folder's numbered frames. */
		private static String describe(Path output, List<Path> written, boolean stack) {
			if (!stack || !StackWriter.writesFolder(output)) return output.toString();
			long frames = written.stream().filter(p -> p.startsWith(output)).count();
			return Counts.of(frames, "numbered PNG") + " into " + output;
		}
	}
}

package sc.fiji.neuralstyle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import sc.fiji.neuralstyle.headless.Interrupts;
import sc.fiji.neuralstyle.net.weights.CacheLocation;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.weights.WeightStore;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.setup.CheckReport;
import sc.fiji.neuralstyle.setup.DownloadWeights;
import sc.fiji.neuralstyle.setup.InstallationCheck;

/**
 * The command line's setup commands, which run no style transfer: {@code --check} (Check
 * Installation: one line per check on standard output, exit code 0 when nothing failed, 1 otherwise)
 * and {@code --download NETWORKS} (Download Weights into the models folder; exit code 0 when every
 * file is there and checked, 1 otherwise, 130 after Ctrl-C). {@code --models_dir DIR} chooses the
 * models folder for both, as {@code NEURAL_STYLE_MODELS} does for runs.
 */
final class SetupCommands {

	static final String CHECK = "check";
	static final String DOWNLOAD = "download";
	static final String MODELS_DIR = "models_dir";

	/** The options each command takes besides its own. */
	private static final Map<String, Set<String>> TAKES = Map.of(CHECK, Set.of(Params.DEVICE.name(), MODELS_DIR,
		Params.QUIET.name()), DOWNLOAD, Set.of(MODELS_DIR, Params.QUIET.name()));

	private SetupCommands() {}

	/** Whether the options ask for a setup command rather than a run. */
	static boolean asked(Map<String, String> texts) {
		return texts.containsKey(CHECK) || texts.containsKey(DOWNLOAD) || texts.containsKey(MODELS_DIR);
	}

	/**
	 * What is wrong with the options of a setup command, in the parameters' message form, or null.
	 */
	static String problem(Map<String, String> texts) {
		if (texts.containsKey(CHECK) && texts.containsKey(DOWNLOAD)) {
			return "download: give --check or --download, not both; download first, then check";
		}
		String command = texts.containsKey(CHECK) ? CHECK : texts.containsKey(DOWNLOAD) ? DOWNLOAD : null;
		if (command == null) {
			return MODELS_DIR + ": is for --check and --download; for a run set NEURAL_STYLE_MODELS=DIR (or -D"
				+ CacheLocation.DIR_PROPERTY + "=DIR)";
		}
		for (String name : texts.keySet()) {
			if (!name.equals(command) && !TAKES.get(command).contains(name)) {
				return command + ": takes only " + String.join(", ", TAKES.get(command).stream().sorted().map(n -> "--" + n)
					.toList()) + ", not --" + name + "; run the transfer without --" + command;
			}
		}
		if (texts.containsKey(MODELS_DIR) && texts.get(MODELS_DIR).isBlank()) {
			return MODELS_DIR + ": no folder given; give the folder the weights files go into";
		}
		return null;
	}

	/** Runs {@code --check}; returns the exit code. */
	static int check(Map<String, String> texts, PrintWriter out, PrintWriter err) {
		InstallationCheck.Scope scope;
		try {
			scope = InstallationCheck.Scope.of(Params.DEVICE.parse(texts.getOrDefault(Params.DEVICE.name(), "auto")));
		}
		catch (ParameterException e) {
			return usage(err, e.getMessage());
		}
		Path models = modelsDir(texts);
		InstallationCheck.Machine machine = new InstallationCheck.Machine() {
			@Override public Path modelsFolder() { return models; }
		};
		if (!quiet(texts)) err.println("Checking the installation (" + scopeText(scope) + "); the self-test takes a few seconds...");
		CheckReport report = new InstallationCheck(machine).run(scope, c -> out.println(c.line()));
		out.println(report.summary());
		out.flush();
		return report.exitCode();
	}

	private static String scopeText(InstallationCheck.Scope scope) {
		if (!scope.gpu()) return "the CPU only";
		String gpus = scope.gpuIndex() < 0 ? "every GPU" : "GPU " + scope.gpuIndex();
		return scope.cpu() ? "the CPU and " + gpus : gpus + " only";
	}

	/** Runs {@code --download}; returns the exit code. */
	static int download(Map<String, String> texts, PrintWriter err) {
		List<ModelDescriptor> networks;
		try {
			networks = DownloadWeights.parse(texts.get(DOWNLOAD));
		}
		catch (IllegalArgumentException e) {
			return usage(err, DOWNLOAD + ": " + e.getMessage());
		}
		Path models = modelsDir(texts);
		if (Files.exists(models) && !Files.isDirectory(models)) {
			return usage(err, MODELS_DIR + ": " + models + " is a file; give a folder");
		}
		boolean quiet = quiet(texts);
		// An explicit download is allowed even where runs are kept offline (NEURAL_STYLE_OFFLINE).
		WeightStore store = new WeightStore(models, true).withFolderAdvice("Give --models_dir DIR, a folder you can write "
			+ "in (runs read it from NEURAL_STYLE_MODELS)");
		AtomicReference<Interrupts> signals = new AtomicReference<>();
		Supplier<Boolean> cancelled = () -> signals.get() != null && signals.get().received();
		Progress progress = new Progress(err, quiet, cancelled);
		List<DownloadWeights.Outcome> outcomes;
		// A second Ctrl-C ends the process at once: the current download's temporary file goes first.
		try (Interrupts interrupts = Interrupts.install(() -> deleteParts(models, progress.current),
			line -> progress.announce("neural-style: " + line), "the download stops and its temporary file is removed"))
		{
			signals.set(interrupts);
			outcomes = DownloadWeights.run(networks, store, progress);
			progress.end();
			for (DownloadWeights.Outcome o : outcomes) err.println(o.message());
			if (interrupts.received()) {
				err.println("neural-style: stopped by " + interrupts.describe() + "; the download in progress was removed");
				return interrupts.exitCode();
			}
		}
		return outcomes.stream().allMatch(o -> o.status().done()) ? NeuralStyleCli.EXIT_OK : NeuralStyleCli.EXIT_FAILURE;
	}

	/** Deletes the temporary files of a download into {@code models} ({@code <file>.*.part}). */
	private static void deleteParts(Path models, ModelDescriptor d) {
		if (d == null) return;
		try (DirectoryStream<Path> parts = Files.newDirectoryStream(models, d.file() + ".*.part")) {
			for (Path part : parts) Files.deleteIfExists(part);
		}
		catch (IOException e) {
			// the process ends anyway
		}
	}

	private static Path modelsDir(Map<String, String> texts) {
		String dir = texts.get(MODELS_DIR);
		return dir == null ? CacheLocation.folder() : Path.of(dir.strip()).toAbsolutePath();
	}

	private static boolean quiet(Map<String, String> texts) {
		String q = texts.get(Params.QUIET.name());
		return q != null && Params.QUIET.parse(q);
	}

	private static int usage(PrintWriter err, String message) {
		err.println("neural-style: " + message);
		err.println("Try 'neural-style --help' for the options.");
		return NeuralStyleCli.EXIT_USAGE;
	}

	/**
	 * The downloads on standard error: a line per file, and its percentage as it grows (redrawn on a
	 * terminal; where standard error is a file or a pipe, a line at each tenth, no carriage returns).
	 */
	static final class Progress implements DownloadWeights.Listener {

		private final PrintWriter err;
		private final boolean quiet;
		private final boolean terminal;
		private final Supplier<Boolean> cancelled;
		private volatile String shown = "";
		private volatile ModelDescriptor current;
		private volatile int tenthsSaid;

		Progress(PrintWriter err, boolean quiet, Supplier<Boolean> cancelled) {
			this(err, quiet, cancelled, Terminal.isStandardError());
		}

		Progress(PrintWriter err, boolean quiet, Supplier<Boolean> cancelled, boolean terminal) {
			this.err = err;
			this.quiet = quiet;
			this.cancelled = cancelled;
			this.terminal = terminal;
		}

		@Override
		public void started(ModelDescriptor d) {
			current = d;
			end();
			tenthsSaid = 0;
			if (!quiet) err.println(d.name() + " (" + d.sizeText() + ")...");
		}

		@Override
		public void progress(ModelDescriptor d, long done, long total) {
			if (quiet) return;
			String text = total > 0 ? String.format(Locale.ROOT, "  %s: %.0f of %.0f MB (%d %%)", d.name(), done / 1e6,
				total / 1e6, 100 * done / total) : String.format(Locale.ROOT, "  %s: %.0f MB", d.name(), done / 1e6);
			if (!terminal) {
				int tenths = total > 0 ? (int) (10 * done / total) : 0;
				if (tenths > tenthsSaid && tenths < 10) {
					tenthsSaid = tenths;
					err.println(text);
				}
				return;
			}
			if (!text.equals(shown)) {
				synchronized (err) {
					err.print("\r" + text);
					err.flush();
				}
				shown = text;
			}
		}

		@Override
		public void message(String text) {
			if (quiet) return;
			end();
			err.println("  " + text);
		}

		@Override
		public boolean isCancelled() {
			return cancelled.get();
		}

		/** A line of its own below the progress line (said even when quiet: it answers the user's Ctrl-C). */
		void announce(String line) {
			end();
			synchronized (err) {
				err.println(line);
				err.flush();
			}
		}

		/** Ends the progress line, if one is shown. */
		void end() {
			if (!shown.isEmpty()) {
				synchronized (err) {
					err.println();
				}
				shown = "";
			}
		}
	}
}

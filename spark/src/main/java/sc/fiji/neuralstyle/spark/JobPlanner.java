package sc.fiji.neuralstyle.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.files.FileIdentities;
import sc.fiji.neuralstyle.image.StackFiles;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.OutputNames;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;

/**
 * Makes the jobs of a run on the driver, and checks them all before any work: every content with
 * every style (a folder's images, or the rows of a manifest), each with its output named as
 * {@code Style_Folder.ijm} names it, its parameters parsed by the table and checked by
 * {@link Preflight#checkFiles} (the network and its layers, the weights and init files, the output
 * folder); no file the run writes is written twice or is one of its inputs; no result made with
 * other parameters is there, unless {@code --redo} asks to replace it ({@link JobRecord}). What
 * can only be known from the images (a file that is not an image, an image too small for the
 * layers) is checked where the job runs, and fails that job only.
 */
public final class JobPlanner {

	/** The content images of a folder, as Style_Folder.ijm takes them. */
	static final List<String> IMAGE_EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp");

	/**
	 * A problem with the jobs, found before the work: {@code origin: name: what was wrong; what to do}.
	 */
	public static final class PlanException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		PlanException(String origin, ParameterException cause) {
			super(origin == null ? cause.getMessage() : origin + ": " + cause.getMessage(), cause);
		}
	}

	/**
	 * The jobs and where their results go.
	 *
	 * @param jobs in order: folders' images by name, then --content files, each with every style; or
	 *          the manifest's rows
	 * @param output the output folder (created if it was not there)
	 * @param notes what the user should know that is no reason to stop
	 */
	public record Plan(List<Job> jobs, Path output, List<String> notes) {

		public Plan {
			jobs = List.copyOf(jobs);
			notes = List.copyOf(notes);
		}

		/** A plan without notes. */
		public Plan(List<Job> jobs, Path output) {
			this(jobs, output, List.of());
		}
	}

	private JobPlanner() {}

	/**
	 * The jobs of these options.
	 *
	 * @param workingFolder what relative paths of the options are relative to
	 * @throws PlanException for the first problem found
	 */
	public static Plan plan(SparkOptions options, Path workingFolder) {
		try {
			return new Planner(options, workingFolder.toAbsolutePath()).plan();
		}
		catch (PlanException e) {
			throw e;
		}
		catch (ParameterException e) {
			throw new PlanException(null, e);
		}
	}

	/** The style of a job that a fast-style model styles: none of its own. */
	private static final String WITH_THE_MODEL = "";

	/** One planning. */
	private static final class Planner {

		private final SparkOptions options;
		private final Path cwd;
		private final Path output;
		private final Map<String, String> common;

		Planner(SparkOptions options, Path cwd) {
			this.options = options;
			this.cwd = cwd;
			this.output = cwd.resolve(options.output()).normalize();
			this.common = absolutePaths(options.texts(), cwd, cwd);
		}

		Plan plan() {
			createFolder(output);
			record Pair(String origin, Map<String, String> texts) {}
			List<Pair> pairs = new ArrayList<>();
			// Each --style is a job's style: one file, or several comma-separated to blend.
			List<String> styles = options.styles().stream().map(s -> resolveEach(s, cwd)).toList();
			// A fast-style model holds the style: each content is one job, without a style image.
			if (styles.isEmpty() && common.containsKey(Params.MODEL.name())) styles = List.of(WITH_THE_MODEL);
			if (options.manifest() != null) {
				Path manifest = cwd.resolve(options.manifest()).normalize();
				if (!Files.isRegularFile(manifest) || !Files.isReadable(manifest)) {
					throw new ParameterException(SparkOptions.MANIFEST, "there is no readable file " + manifest,
						"give the CSV file of the jobs");
				}
				for (Manifest.Row row : Manifest.read(manifest)) {
					Map<String, String> texts = absolutePaths(row.texts(), manifest.getParent(), output);
					for (String style : texts.containsKey(Params.STYLE.name()) ? List.of(texts.get(Params.STYLE.name())) : styles) {
						Map<String, String> t = new LinkedHashMap<>(texts);
						t.put(Params.STYLE.name(), style);
						pairs.add(new Pair(row.origin(), t));
					}
				}
			}
			List<String> contents = new ArrayList<>();
			for (String input : options.inputs()) contents.addAll(images(cwd.resolve(input).normalize(), styles));
			for (String content : options.contents()) contents.add(cwd.resolve(content).normalize().toString());
			for (String content : contents) {
				for (String style : styles) {
					pairs.add(new Pair(Path.of(content).getFileName().toString(), style.equals(WITH_THE_MODEL)
						? Map.of(Params.CONTENT.name(), content) : Map.of(Params.CONTENT.name(), content, Params.STYLE.name(), style)));
				}
			}
			if (pairs.isEmpty()) {
				throw new ParameterException(styles.isEmpty() && !contents.isEmpty() ? Params.STYLE.name() : SparkOptions.INPUT,
					styles.isEmpty() && !contents.isEmpty() ? "missing" : "no content images found",
					styles.isEmpty() && !contents.isEmpty() ? "give --style FILE (or a style column in the manifest)"
						: "give a folder with " + String.join(", ", IMAGE_EXTENSIONS) + " files, --content FILE or a manifest with rows");
			}
			Set<String> allStyles = new LinkedHashSet<>();
			for (Pair p : pairs) allStyles.add(p.texts().get(Params.STYLE.name()));
			List<Job> jobs = new ArrayList<>();
			for (Pair p : pairs) {
				try {
					jobs.add(job(jobs.size(), p.origin(), p.texts(), allStyles.size() > 1));
				}
				catch (ParameterException e) {
					throw new PlanException(p.origin(), e);
				}
			}
			checkWritten(jobs);
			checkChanged(jobs);
			List<String> notes = new ArrayList<>();
			if (!options.inputs().isEmpty() && "all".equals(common.get(Params.PLANES.name()))) {
				// --input takes a folder's images as jobs, never as the frames of one stack.
				notes.add("planes=all: the images of --input " + String.join(", ", options.inputs()) + " are styled one job "
					+ "each (each stack among them as a stack); to style a folder of frames as one stack, give it as "
					+ "--content DIR");
			}
			return new Plan(jobs, output, notes);
		}

		/**
		 * Every file the run writes (each job's, {@link Job#written(int)}, and the summary) is written
		 * by one writer only and is none of the run's inputs: the jobs' images, weights and init
		 * files, and the manifest. A job's result that is another job's content (an output folder
		 * that is also an input folder) would be read while it is written.
		 */
		private void checkWritten(List<Job> jobs) {
			FileIdentities<String> inputs = new FileIdentities<>();
			if (options.manifest() != null) inputs.add(cwd.resolve(options.manifest()), "the manifest's file");
			for (Job job : jobs) {
				ParamValues values = job.valuesHere();
				List<Map.Entry<String, Path>> read = new ArrayList<>();
				read.add(Map.entry("the content image", Path.of(values.get(Params.CONTENT))));
				for (String style : values.get(Params.STYLE)) read.add(Map.entry("the style image", Path.of(style)));
				for (Path mask : values.get(Params.CONTENT_MASKS)) read.add(Map.entry("a mask", mask));
				if (values.get(Params.INIT).kind() == Init.Kind.FILE) read.add(Map.entry("init", values.get(Params.INIT).file()));
				if (values.get(Params.WEIGHTS) != null) read.add(Map.entry("weights", values.get(Params.WEIGHTS)));
				for (Map.Entry<String, Path> e : read) {
					inputs.add(e.getValue(), e.getKey() + "'s file " + e.getValue() + " (job " + job.origin() + ")");
				}
			}
			FileIdentities<String> writers = new FileIdentities<>();
			for (String summary : List.of(Summary.CSV, Summary.PARQUET)) {
				Path file = output.resolve(summary);
				String input = inputs.find(file);
				if (input != null) {
					throw new ParameterException(Params.OUTPUT.name(), "the summary " + file + " is " + input + ", which would "
						+ "be overwritten", "give another --output folder: inputs are never overwritten");
				}
				writers.add(file, "the summary");
			}
			for (Job job : jobs) {
				ParamValues values = job.values();
				Path content = Path.of(values.get(Params.CONTENT));
				boolean allPlanes = values.get(Params.PLANES).equals("all");
				// A stack's result is a TIFF with previews per plane: its planes from headers, not pixels.
				int planes = allPlanes ? StackFiles.planes(content) : 1;
				if (allPlanes && Files.isDirectory(content)) {
					try {
						Preflight.checkOutsideFrames(content, job.written(planes), "give another --output folder (or output "
							+ "in the manifest)");
					}
					catch (ParameterException e) {
						throw new PlanException(job.origin(), e);
					}
				}
				job.written(planes).forEach(w -> {
					String input = inputs.find(w.file());
					if (input != null) {
						throw new PlanException(job.origin(), new ParameterException(w.param().name(), (w.named() ? "is "
							: w.describe() + " is ") + input + ", which would be overwritten", "give another --output folder "
								+ "(or output in the manifest): inputs are never overwritten"));
					}
					String other = writers.find(w.file());
					if (other != null) {
						throw new PlanException(job.origin(), new ParameterException(w.param().name(), w.file() + " is written by "
							+ other + " too", "give each job its own output (in a manifest), or rename one of the inputs"));
					}
					writers.add(w.file(), job.origin());
				});
			}
		}

		/**
		 * Results made with other parameters than now (their records say which) are neither taken
		 * for done nor replaced unasked: the run is refused, naming what changed, unless --redo.
		 */
		private void checkChanged(List<Job> jobs) {
			if (options.redo()) return;
			Job first = null;
			List<String> firstChanges = List.of();
			List<String> others = new ArrayList<>();
			for (Job job : jobs) {
				Map<String, String> recorded = JobRecord.read(job);
				if (recorded == null || job.existingOutput() == null) continue; // nothing made, nothing to lose
				List<String> changes = JobRecord.changes(recorded, JobRecord.of(job));
				if (changes.isEmpty()) continue;
				if (first == null) {
					first = job;
					firstChanges = changes;
				}
				else {
					others.add(job.origin());
				}
			}
			if (first == null) return;
			String what = first.existingOutput() + " was made with " + String.join(", ", firstChanges);
			if (!others.isEmpty()) {
				what += "; so were the results of " + others.size() + (others.size() == 1 ? " other job (" : " other jobs (")
					+ String.join(", ", others.subList(0, Math.min(others.size(), 5))) + (others.size() > 5 ? ", …)" : ")");
			}
			String them = others.isEmpty() ? "it" : "them";
			throw new PlanException(first.origin(), new ParameterException(firstChanges.get(0).split(" ", 2)[0], what,
				"add --redo to make " + them + " again with the parameters of now (replacing " + them + "), or give another "
					+ "--output folder to keep " + them));
		}

		/** One job: the common options, the row's texts over them, the files named, all checked. */
		private Job job(int id, String origin, Map<String, String> rowTexts, boolean severalStyles) {
			Map<String, String> texts = new LinkedHashMap<>(common);
			texts.putAll(rowTexts);
			if (!texts.containsKey(Params.STYLE.name()) && !texts.containsKey(Params.MODEL.name())) {
				throw new ParameterException(Params.STYLE.name(), "missing", "give --style FILE or a style column");
			}
			Path content = Path.of(texts.get(Params.CONTENT.name()));
			String name = stem(content.getFileName().toString());
			Path folder = severalStyles ? output.resolve(styleName(texts.get(Params.STYLE.name()))) : output;
			String outputStem = null;
			Path result;
			if (texts.containsKey(Params.OUTPUT.name())) {
				result = Path.of(texts.get(Params.OUTPUT.name()));
			}
			else {
				outputStem = folder.resolve(name + "_styled").toString();
				result = Path.of(outputStem + ".png"); // checked as PNG; a gray content gives .tif
				texts.put(Params.OUTPUT.name(), result.toString());
			}
			if (!texts.containsKey(Params.LOSS_LOG.name())) {
				Path log = outputStem != null ? folder.resolve(name + "_losses.csv") : OutputNames.losses(result, ".csv");
				texts.put(Params.LOSS_LOG.name(), log.toString());
			}
			if (result.startsWith(output)) createFolder(result.getParent());
			Job job = new Job(id, origin, texts, outputStem);
			Preflight.checkFiles(job.valuesHere(), false);
			return job;
		}

		/** The images of a folder, by name, without the style images. */
		private static List<String> images(Path folder, List<String> styles) {
			if (!Files.isDirectory(folder)) {
				throw new ParameterException(SparkOptions.INPUT, "there is no folder " + folder, "give a folder of images");
			}
			try (Stream<Path> files = Files.list(folder)) {
				return files.filter(Files::isRegularFile).filter(f -> isImage(f.getFileName().toString()))
					.map(f -> f.toAbsolutePath().normalize().toString()).filter(f -> styles.stream().noneMatch(style -> Params.split(style).contains(f))).sorted().toList();
			}
			catch (IOException e) {
				throw new ParameterException(SparkOptions.INPUT, "the folder " + folder + " cannot be listed ("
					+ e.getMessage() + ")", "make it readable");
			}
		}

		private static boolean isImage(String name) {
			String lower = name.toLowerCase(Locale.ROOT);
			return !name.startsWith(".") && IMAGE_EXTENSIONS.stream().anyMatch(lower::endsWith);
		}

		private static void createFolder(Path folder) {
			try {
				Files.createDirectories(folder);
			}
			catch (IOException e) {
				throw new ParameterException(Params.OUTPUT.name(), "the folder " + folder + " cannot be made ("
					+ e.getClass().getSimpleName() + ": " + e.getMessage() + ")", "choose a folder you can write in");
			}
		}
	}

	/**
	 * Texts with their file paths absolute, as every executor needs them: inputs relative to
	 * {@code inputs}, outputs relative to {@code outputs}. A weights name that is no file there is
	 * kept as it is (a file shipped with --files, see {@link ShippedFiles}); init's choices stay words.
	 */
	static Map<String, String> absolutePaths(Map<String, String> texts, Path inputs, Path outputs) {
		Map<String, String> t = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : texts.entrySet()) {
			Param<?> p = Params.named(e.getKey());
			String text = e.getValue().strip();
			boolean input = p != null && (p.kind() == Kind.IMAGE || p.kind() == Kind.INPUT_FILE
				|| p == Params.INIT && !p.choices().contains(text.toLowerCase(Locale.ROOT)));
			boolean outputFile = p != null && p.kind() == Kind.OUTPUT_FILE;
			if (text.isEmpty() || !(input || outputFile)) {
				t.put(e.getKey(), text);
				continue;
			}
			if (p.isList()) {
				t.put(e.getKey(), resolveEach(text, outputFile ? outputs : inputs));
				continue;
			}
			Path resolved = (outputFile ? outputs : inputs).resolve(text).normalize();
			t.put(e.getKey(), p == Params.WEIGHTS && !Files.exists(resolved) ? text : resolved.toString());
		}
		return t;
	}

	/** Each of the comma-separated paths resolved against {@code base}. */
	private static String resolveEach(String text, Path base) {
		return String.join(",", Params.split(text).stream().map(f -> base.resolve(f).normalize().toString()).toList());
	}

	/** A folder name for a job's style: the file's stem, or the stems of a blend joined by '+'. */
	static String styleName(String styleText) {
		return String.join("+", Params.split(styleText).stream().map(f -> stem(Path.of(f).getFileName().toString())).toList());
	}

	private static String stem(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return dot > 0 ? fileName.substring(0, dot) : fileName;
	}
}

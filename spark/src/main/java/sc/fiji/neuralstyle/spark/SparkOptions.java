package sc.fiji.neuralstyle.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import sc.fiji.neuralstyle.headless.TableOptions;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;

/**
 * The application's arguments: {@code --name value} for every row of the parameter table the Spark
 * front offers ({@link Front#SPARK}, the command line's), and the few that say where the jobs come
 * from: {@code --input DIR}, {@code --manifest FILE}, {@code --master URL}. Three table rows mean
 * more here: {@code --content} and {@code --style} may be given several times (every content is
 * styled with every style), and {@code --output} is the folder of the results and the summary.
 *
 * @param inputs folders whose images are the contents
 * @param contents content image files
 * @param styles style image files
 * @param manifest the CSV manifest, or null
 * @param output the output folder
 * @param master Spark's master URL, or null for the one spark-submit or the configuration sets
 * @param texts the other table parameters given, name → text
 * @param redo whether jobs whose results were made with other parameters are made again (they are
 *          replaced); without it such a run is refused before any work
 */
public record SparkOptions(List<String> inputs, List<String> contents, List<String> styles, String manifest,
	String output, String master, Map<String, String> texts, boolean redo)
{

	static final String INPUT = "input", MANIFEST = "manifest", MASTER = "master", REDO = "redo";

	/** The options' usage text. */
	public static String usage() {
		return commandLine().getUsageMessage();
	}

	/**
	 * Parses the arguments.
	 *
	 * @return the options, or null when help was asked for
	 * @throws ParameterException for a value that does not parse, an unknown option or a missing one
	 */
	public static SparkOptions parse(String... args) {
		CommandLine cl = commandLine();
		ParseResult parsed;
		try {
			parsed = cl.parseArgs(args);
		}
		catch (CommandLine.UnmatchedArgumentException e) {
			String first = e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0);
			if (first.startsWith("--")) {
				// The table says whether it is a parameter of another front or a typo, and suggests one.
				ParamValues.parse(Map.of(first.substring(2).split("=", 2)[0], ""), Front.SPARK);
			}
			throw new ParameterException(first, "not an option", "options are --name value; see --help");
		}
		catch (CommandLine.OverwrittenOptionException e) {
			String name = ((OptionSpec) e.getOverwritten()).longestName().substring(2);
			throw new ParameterException(name, "given twice", "give --" + name + " once (or per row in a manifest)");
		}
		catch (CommandLine.ParameterException e) {
			String name = e.getArgSpec() instanceof OptionSpec o ? o.longestName().substring(2) : "arguments";
			throw new ParameterException(name, "no value given", "give --" + name + " a value; see --help");
		}
		if (parsed.isUsageHelpRequested()) return null;
		List<String> inputs = new ArrayList<>(), contents = new ArrayList<>(), styles = new ArrayList<>();
		String manifest = null, output = null, master = null;
		boolean redo = false;
		Map<String, String> texts = new LinkedHashMap<>();
		// An option given several times is matched several times; its value holds them all.
		for (OptionSpec o : new LinkedHashSet<>(parsed.matchedOptions())) {
			String name = o.longestName().substring(2);
			if (o.isMultiValue()) {
				List<String> values = o.getValue();
				(name.equals(INPUT) ? inputs : name.equals(Params.CONTENT.name()) ? contents : styles).addAll(values);
				continue;
			}
			if (name.equals(REDO)) {
				redo = o.getValue();
				continue;
			}
			String value = o.getValue();
			switch (name) {
				case MANIFEST -> manifest = value;
				case MASTER -> master = value;
				default -> {
					if (name.equals(Params.OUTPUT.name())) output = value;
					else texts.put(name, value);
				}
			}
		}
		if (output == null) {
			throw new ParameterException(Params.OUTPUT.name(), "missing", "give --output, the folder for the results");
		}
		if (texts.containsKey(Params.LOSS_LOG.name())) {
			throw new ParameterException(Params.LOSS_LOG.name(), "one file cannot hold the losses of many jobs",
				"leave it out (each job writes <name>_losses.csv beside its result) or give it per row in a manifest");
		}
		if (manifest == null && inputs.isEmpty() && contents.isEmpty()) {
			throw new ParameterException(INPUT, "no jobs given", "give --input DIR (a folder of images), --content FILE or --manifest FILE");
		}
		// Each value once, now, in the table's words (the jobs parse them again with their own files).
		for (Map.Entry<String, String> e : texts.entrySet()) Params.named(e.getKey()).parse(e.getValue());
		return new SparkOptions(inputs, contents, styles, manifest, output, master, texts, redo);
	}

	private static CommandLine commandLine() {
		CommandSpec spec = CommandSpec.create().name("neural-style-spark").mixinStandardHelpOptions(false);
		spec.usageMessage().sortOptions(false).abbreviateSynopsis(true)
			.description("Styles every content image with every style image on Apache Spark (or every row of a CSV "
				+ "manifest), writes each result with its loss log into the output folder, and a summary (summary.csv, "
				+ "summary.parquet). Jobs whose result is there already, made with the same parameters, are skipped.")
			.footer("", "Exit codes: 0 every job done or skipped, 1 some jobs failed (see the summary), 2 bad arguments.");
		spec.addOption(OptionSpec.builder("--" + INPUT).type(List.class).auxiliaryTypes(String.class).arity("1").paramLabel("DIR")
			.description("A folder whose images (.tif, .tiff, .png, .jpg, .jpeg, .gif, .bmp) are the contents; may be repeated.")
			.build());
		spec.addOption(OptionSpec.builder("--" + MANIFEST).type(String.class).arity("1").paramLabel("FILE")
			.description("A CSV file with one job per row: columns content, style, output and any parameter below; an "
				+ "empty cell takes the option's value. Relative inputs are relative to the manifest, outputs to --output.")
			.build());
		spec.addOption(OptionSpec.builder("--" + MASTER).type(String.class).arity("1").paramLabel("URL")
			.description("Spark's master, e.g. local[2] or spark://host:7077; default: spark-submit's or spark.master.")
			.build());
		spec.addOption(OptionSpec.builder("--" + REDO).type(boolean.class).arity("0").description("Make again the jobs whose "
			+ "results were made with other parameters, replacing them; without it such a run is refused, naming what changed.")
			.build());
		for (Param<?> p : Params.on(Front.SPARK)) spec.addOption(option(p));
		spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help.").build());
		CommandLine cl = new CommandLine(spec);
		cl.setExpandAtFiles(false);
		return cl;
	}

	private static OptionSpec option(Param<?> p) {
		String help = p.help();
		if (p == Params.CONTENT) help = "A content image file; may be repeated.";
		else if (p == Params.STYLE) {
			help = "A style image file, or several comma-separated to blend; may be repeated (each content is styled with "
				+ "each style).";
		}
		else if (p == Params.OUTPUT) {
			help = "The folder for the results (<name>_styled.png for RGB, .tif for gray, and <name>_losses.csv, as "
				+ "Style_Folder.ijm; with several styles, one subfolder per style) and the summary.";
		}
		else if (p == Params.LOSS_LOG) help = "Per row of a manifest only: each job writes <name>_losses.csv beside its result.";
		// Content and style may come from --input and the manifest too: only the output is always required.
		OptionSpec.Builder o = TableOptions.option(p, p == Params.OUTPUT, help);
		if (p == Params.CONTENT || p == Params.STYLE) o.type(List.class).auxiliaryTypes(String.class);
		if (p == Params.OUTPUT) o.paramLabel("DIR");
		return o.build();
	}
}

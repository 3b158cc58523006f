package sc.fiji.neuralstyle.spark;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import sc.fiji.neuralstyle.engine.objective.TermTable;
import sc.fiji.neuralstyle.files.AtomicFile;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.Params;

/**
 * The summary of a run, one row per job: the job, its status and message, every parameter of the
 * Spark front (the table's names and texts; {@code output} is the file written or found), then
 * the loss evaluations made ({@code iterations_done}), the losses of the result (the best
 * iteration's, as in the loss log: {@code loss_total}, then {@code loss_<term>} for each loss-log
 * column of the jobs' terms, unweighted: content, style and tv always, a further term where a job
 * used it, empty for the jobs that did not), the job's time in seconds, and where it ran. Written as {@code summary.csv} (replaced whole) and {@code summary.parquet} (Spark's folder).
 */
public final class Summary {

	/** The summary's file names in the output folder. */
	public static final String CSV = "summary.csv", PARQUET = "summary.parquet";

	private static final List<String> WHERE_COLUMNS = List.of("seconds", "executor", "host", "device_used",
		"network_loaded");

	private final List<String> columns = new ArrayList<>();
	/** The loss-log columns of the jobs' terms, in the log's order. */
	private final List<String> terms;
	private final List<List<Object>> rows = new ArrayList<>();

	/** The summary of these jobs and their outcomes (matched by job id). */
	public Summary(List<Job> jobs, List<JobOutcome> outcomes) {
		columns.addAll(List.of("job", "status", "message"));
		for (Param<?> p : parameters()) columns.add(p.name());
		terms = terms(outcomes);
		columns.addAll(List.of("iterations_done", "best_iteration", "loss_total"));
		for (String term : terms) columns.add("loss_" + term);
		columns.addAll(WHERE_COLUMNS);
		JobOutcome[] byId = new JobOutcome[jobs.size()];
		for (JobOutcome o : outcomes) byId[o.job()] = o;
		for (Job job : jobs) rows.add(row(job, byId[job.id()]));
	}

	/** The parameters in the summary: the Spark front's, but quiet (the driver's console only). */
	private static List<Param<?>> parameters() {
		return Params.on(Front.SPARK).stream().filter(p -> p != Params.QUIET).toList();
	}

	/** Gatys et al.'s terms, then any other a job's losses have, in the order of the engine's table. */
	private static List<String> terms(List<JobOutcome> outcomes) {
		Set<String> used = new LinkedHashSet<>();
		for (JobOutcome o : outcomes) if (o.losses() != null) used.addAll(o.losses().terms().keySet());
		List<String> terms = new ArrayList<>();
		for (TermTable.Column c : TermTable.all()) if (c.alwaysLogged() || used.remove(c.name())) terms.add(c.name());
		used.removeAll(terms);
		terms.addAll(used);
		return terms;
	}

	private List<Object> row(Job job, JobOutcome o) {
		List<Object> row = new ArrayList<>();
		row.add(job.id());
		row.add(o.status().id());
		row.add(o.message());
		Map<String, String> texts = job.values().texts(Front.SPARK);
		for (Param<?> p : parameters()) {
			String text = texts.get(p.name());
			if (p == Params.OUTPUT) text = o.output() != null ? o.output() : job.outputStem() == null ? text : "";
			row.add(text);
		}
		JobOutcome.Losses l = o.losses();
		row.add(o.iterations());
		row.add(l == null ? null : l.iteration());
		row.add(l == null ? null : l.total());
		for (String term : terms) row.add(l == null ? null : l.terms().get(term));
		row.add(o.seconds());
		row.add(o.executor());
		row.add(o.host());
		row.add(o.device());
		row.add(o.networkLoaded());
		return row;
	}

	/** The column names, in order. */
	public List<String> columns() {
		return List.copyOf(columns);
	}

	/** Writes {@code summary.csv} into the folder, replacing an old one atomically ({@link AtomicFile}). */
	public Path writeCsv(Path folder) throws IOException {
		Path target = folder.resolve(CSV);
		AtomicFile.write(target, out -> {
			// Not closed here: AtomicFile closes the stream after flushing the printer.
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
			csv.printRecord(columns);
			for (List<Object> row : rows) csv.printRecord(row);
			csv.flush();
		});
		return target;
	}

	/** Writes {@code summary.parquet} into the folder (one file in Spark's folder layout), replacing it. */
	public Path writeParquet(SparkSession spark, Path folder) {
		List<StructField> fields = new ArrayList<>();
		for (int i = 0; i < columns.size(); i++) fields.add(DataTypes.createStructField(columns.get(i), type(i), true));
		List<Row> data = rows.stream().map(r -> RowFactory.create(r.toArray())).toList();
		Path target = folder.resolve(PARQUET);
		spark.createDataFrame(data, new StructType(fields.toArray(StructField[]::new))).coalesce(1).write()
			.mode(SaveMode.Overwrite).parquet(target.toUri().toString());
		return target;
	}

	private DataType type(int column) {
		String name = columns.get(column);
		if (name.equals("job") || name.equals("iterations_done") || name.equals("best_iteration")) return DataTypes.IntegerType;
		// (Not every loss_ name: loss_log is a parameter, a path.)
		if (name.equals("loss_total") || name.equals("seconds") || terms.stream().anyMatch(t -> name.equals("loss_" + t))) {
			return DataTypes.DoubleType;
		}
		if (name.equals("network_loaded")) return DataTypes.BooleanType;
		return DataTypes.StringType;
	}
}

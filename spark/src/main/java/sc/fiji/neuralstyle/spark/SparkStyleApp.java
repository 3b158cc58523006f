package sc.fiji.neuralstyle.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.text.Counts;

/**
 * The Spark application: {@code neural-style-spark --master local[2] --input DIR --style FILE
 * --output DIR [--name value ...]}, or the same arguments after {@code spark-submit ... jar}. Plans
 * and checks every job on the driver, skips those whose complete result is there, styles the others
 * one task each, writes the summary, and removes what killed writers left. Exit codes: 0 every job
 * done or skipped, 1 some jobs failed (the others are done; the summary says which and why), 2 bad
 * arguments (nothing was styled).
 */
public final class SparkStyleApp {

	static final int EXIT_OK = 0, EXIT_JOBS_FAILED = 1, EXIT_USAGE = 2;
	private static final String NAME = "neural-style-spark";

	/**
	 * What a run did.
	 *
	 * @param outcomes one per job, by job id
	 * @param summary the summary.csv written
	 */
	public record Report(List<JobOutcome> outcomes, Path summary) {

		/** The number of jobs with this status. */
		public long count(JobOutcome.Status status) {
			return outcomes.stream().filter(o -> o.status() == status).count();
		}
	}

	private SparkStyleApp() {}

	/** Runs the application and ends the JVM with its exit code. */
	public static void main(String... args) {
		System.exit(run(System.err, args));
	}

	/** Runs the application with a Spark session of its own; returns the exit code. */
	public static int run(PrintStream err, String... args) {
		QuietDjl.apply();
		SparkOptions options;
		try {
			options = SparkOptions.parse(args);
			if (options == null) {
				err.print(SparkOptions.usage());
				return EXIT_OK;
			}
			if (options.master() == null && System.getProperty("spark.master") == null) {
				throw new ParameterException(SparkOptions.MASTER, "missing", "give --master local[2] (this machine, 2 jobs at "
					+ "a time) or spark://host:7077, or start the application with spark-submit");
			}
		}
		catch (ParameterException e) {
			return usageError(err, e.getMessage());
		}
		SparkSession.Builder builder = SparkSession.builder().appName("Neural Style");
		if (options.master() != null) builder.master(options.master());
		String master = options.master() != null ? options.master() : System.getProperty("spark.master");
		if (master.startsWith("local") && System.getProperty("spark.driver.host") == null) {
			// Everything is in this JVM: keep Spark's sockets on the loopback address.
			builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
		}
		SparkSession spark = builder.getOrCreate();
		try {
			JobPlanner.Plan plan;
			try {
				// After the session starts: weights shipped with --files are found through it.
				plan = JobPlanner.plan(options, Path.of(""));
			}
			catch (IllegalArgumentException e) {
				return usageError(err, e.getMessage());
			}
			boolean quiet = Boolean.parseBoolean(options.texts().getOrDefault(Params.QUIET.name(), "false"));
			Report report = run(spark, plan, quiet ? null : err);
			return report.count(JobOutcome.Status.FAILED) > 0 ? EXIT_JOBS_FAILED : EXIT_OK;
		}
		catch (IOException e) {
			err.println(NAME + ": the jobs ran but the summary could not be written: " + e.getMessage());
			return EXIT_JOBS_FAILED;
		}
		finally {
			spark.stop();
		}
	}

	/**
	 * Runs planned jobs on a session: skips those whose complete result is there, styles the others
	 * (one Spark task each), removes leftovers of killed writers, writes the summary.
	 *
	 * @param log where to say what happened, or null for nothing
	 */
	public static Report run(SparkSession spark, JobPlanner.Plan plan, PrintStream log) throws IOException {
		long start = System.nanoTime();
		List<JobOutcome> outcomes = new ArrayList<>();
		List<Job> pending = new ArrayList<>();
		for (Job job : plan.jobs()) {
			JobOutcome finished = StyleTask.finished(job, "", "");
			if (finished != null) outcomes.add(finished);
			else pending.add(job);
		}
		if (log != null) {
			log.println(NAME + ": " + Counts.of(plan.jobs().size(), "job") + ", " + outcomes.size() + " done before; styling "
				+ pending.size() + " on " + spark.sparkContext().master());
		}
		if (!pending.isEmpty()) {
			JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
			sc.setJobDescription("Neural Style: " + Counts.of(pending.size(), "job") + " into " + plan.output());
			// One task per job: each is retried, speculated and reported on its own.
			outcomes.addAll(sc.parallelize(pending, pending.size()).map(StyleTask::run).collect());
		}
		outcomes.sort(Comparator.comparingInt(JobOutcome::job));
		List<Path> results = new ArrayList<>();
		for (Job job : plan.jobs()) {
			results.addAll(job.outputChoices());
			results.add(job.lossLog());
			results.add(job.record());
		}
		List<Path> leftovers = LeftoverFiles.remove(results);
		Summary summary = new Summary(plan.jobs(), outcomes);
		spark.conf().set("spark.sql.debug.maxToStringFields", Math.max(100, summary.columns().size())); // no warning
		Path csv = summary.writeCsv(plan.output());
		summary.writeParquet(spark, plan.output());
		Report report = new Report(List.copyOf(outcomes), csv);
		if (log != null) report(log, plan, report, leftovers, (System.nanoTime() - start) / 1e9);
		return report;
	}

	private static void report(PrintStream log, JobPlanner.Plan plan, Report report, List<Path> leftovers, double seconds) {
		for (JobOutcome o : report.outcomes()) {
			if (o.status() != JobOutcome.Status.FAILED) continue;
			log.println(NAME + ": failed: " + plan.jobs().get(o.job()).origin() + ": " + o.message());
		}
		if (!leftovers.isEmpty()) {
			log.println(NAME + ": removed " + leftovers.size() + " temporary file(s) of interrupted writers");
		}
		log.println(String.format(Locale.ROOT, "%s: %d done, %d skipped (done before), %d failed, in %.1f s; summary: %s",
			NAME, report.count(JobOutcome.Status.DONE), report.count(JobOutcome.Status.SKIPPED),
			report.count(JobOutcome.Status.FAILED), seconds, report.summary()));
	}

	private static int usageError(PrintStream err, String message) {
		err.println(NAME + ": " + message);
		err.println("Try '" + NAME + " --help' for the options.");
		return EXIT_USAGE;
	}
}

package sc.fiji.neuralstyle.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import sc.fiji.neuralstyle.files.JvmExit;
import sc.fiji.neuralstyle.headless.Interrupts;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.text.Counts;

/**
 * The Spark application: {@code neural-style-spark --master local[2] --input DIR --style FILE
 * --output DIR [--name value ...]}, or the same arguments after {@code spark-submit ... jar}. Plans
 * and checks every job on the driver, skips those whose complete result is there, styles the others
 * one task each, writes the summary, and removes what killed writers left. Exit codes: 0 every job
 * done or skipped, 1 some jobs failed (the others are done; the summary says which and why), 2 bad
 * arguments (nothing was styled), 130 or 143 stopped by Ctrl-C or SIGTERM (the summary says what
 * finished).
 */
public final class SparkStyleApp {

	static final int EXIT_OK = 0, EXIT_JOBS_FAILED = 1, EXIT_USAGE = 2;
	private static final String NAME = "neural-style-spark";

	/**
	 * What may stop a run before its jobs are done: Ctrl-C or SIGTERM on the driver
	 * ({@link Interrupts}), or nothing ({@link #NONE}).
	 */
	public interface Stop {

		/** Whether the run was asked to stop. */
		boolean requested();

		/** Runs {@code cancel} when the run is asked to stop, or at once if it was. */
		void onRequest(Runnable cancel);

		/** What asked: "Ctrl-C", "SIGTERM". */
		String describe();

		/** Nothing stops the run. */
		Stop NONE = new Stop() {

			@Override
			public boolean requested() {
				return false;
			}

			@Override
			public void onRequest(Runnable cancel) {
				// never
			}

			@Override
			public String describe() {
				return "";
			}
		};

		/** The signals of these interrupts. */
		static Stop of(Interrupts interrupts) {
			return new Stop() {

				@Override
				public boolean requested() {
					return interrupts.received();
				}

				@Override
				public void onRequest(Runnable cancel) {
					interrupts.onReceived(cancel);
				}

				@Override
				public String describe() {
					return interrupts.describe();
				}
			};
		}
	}

	/**
	 * What a run did.
	 *
	 * @param outcomes one per job, by job id
	 * @param summary the summary.csv written
	 * @param stoppedBy what stopped the run before its jobs were done ("Ctrl-C"), or null
	 */
	public record Report(List<JobOutcome> outcomes, Path summary, String stoppedBy) {

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
		// From here to the summary, Ctrl-C or SIGTERM stops the jobs running (they write nothing), and the
		// summary of what finished is written; left to the JVM, its shutdown hooks stopped Spark under the
		// jobs (a 45-line trace) or, after them, before the summary.
		try (Interrupts interrupts = Interrupts.install(JvmExit::removeLeftovers, line -> err.println(NAME + ": " + line), "the jobs running stop, writing nothing, and the summary of those "
			+ "finished is written"))
		{
			JobPlanner.Plan plan;
			try {
				// After the session starts: weights shipped with --files are found through it.
				plan = JobPlanner.plan(options, Path.of(""));
			}
			catch (IllegalArgumentException e) {
				return usageError(err, e.getMessage());
			}
			// As the command line's notes: said even when quiet.
			for (String note : plan.notes()) err.println(NAME + ": " + note);
			boolean quiet = Boolean.parseBoolean(options.texts().getOrDefault(Params.QUIET.name(), "false"));
			Report report = run(spark, plan, quiet ? null : err, Stop.of(interrupts));
			if (report.stoppedBy() != null) {
				if (quiet) err.println(summaryLine(report, -1));
				return interrupts.exitCode();
			}
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
		return run(spark, plan, log, Stop.NONE);
	}

	/**
	 * {@link #run(SparkSession, JobPlanner.Plan, PrintStream)}, which {@code stop} may stop: the
	 * jobs running are cancelled (a task that Spark stops writes nothing), the jobs whose result and
	 * record are written count as done, the others as stopped, and the summary says so.
	 */
	public static Report run(SparkSession spark, JobPlanner.Plan plan, PrintStream log, Stop stop) throws IOException {
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
		// Spark's warnings about the tasks it kills are no news after the acknowledgement.
		stop.onRequest(() -> spark.sparkContext().setLogLevel("ERROR"));
		if (!pending.isEmpty() && !stop.requested()) {
			JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
			sc.setJobDescription("Neural Style: " + Counts.of(pending.size(), "job") + " into " + plan.output());
			// One task per job: each is retried, speculated and reported on its own.
			JavaFutureAction<List<JobOutcome>> styling = sc.parallelize(pending, pending.size()).map(StyleTask::run)
				.collectAsync();
			stop.onRequest(() -> styling.cancel(true));
			try {
				outcomes.addAll(styling.get());
			}
			catch (CancellationException | ExecutionException | InterruptedException e) {
				if (!stop.requested()) throw new IllegalStateException("the Spark job failed: " + e.getMessage(), e);
				if (e instanceof InterruptedException) Thread.currentThread().interrupt();
			}
		}
		if (stop.requested()) outcomes = finishedBefore(plan, outcomes, stop.describe());
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
		Report report = new Report(List.copyOf(outcomes), csv, stop.requested() ? stop.describe() : null);
		if (log != null) report(log, plan, report, leftovers, (System.nanoTime() - start) / 1e9);
		return report;
	}

	/**
	 * The outcomes of a stopped run: those known, and for each other job what its files say: done
	 * where its result and record are there (the record is written last), else stopped.
	 */
	private static List<JobOutcome> finishedBefore(JobPlanner.Plan plan, List<JobOutcome> known, String signal) {
		List<JobOutcome> outcomes = new ArrayList<>(known);
		Set<Integer> have = new HashSet<>();
		for (JobOutcome o : known) have.add(o.job());
		for (Job job : plan.jobs()) {
			if (have.contains(job.id())) continue;
			JobOutcome finished = StyleTask.finished(job, "", "");
			outcomes.add(finished != null ? finished.as(JobOutcome.Status.DONE, "done before " + signal + " stopped the run")
				: JobOutcome.stopped(job, signal));
		}
		return outcomes;
	}

	private static void report(PrintStream log, JobPlanner.Plan plan, Report report, List<Path> leftovers, double seconds) {
		if (report.stoppedBy() != null) {
			// One line, as the command line's: what finished; the summary has the rest.
			log.println(summaryLine(report, seconds));
			return;
		}
		for (JobOutcome o : report.outcomes()) {
			if (o.status() != JobOutcome.Status.FAILED) continue;
			log.println(NAME + ": failed: " + plan.jobs().get(o.job()).origin() + ": " + o.message());
		}
		if (!leftovers.isEmpty()) {
			log.println(NAME + ": removed " + leftovers.size() + " temporary file(s) of interrupted writers");
		}
		log.println(summaryLine(report, seconds));
	}

	/** The run's last line: how many jobs ended how, the time (when known, else -1) and the summary file. */
	static String summaryLine(Report report, double seconds) {
		return String.format(Locale.ROOT, "%s: %s%d done, %d skipped (done before), %d failed%s%s; summary: %s", NAME,
			report.stoppedBy() != null ? "stopped by " + report.stoppedBy() + ": " : "", report.count(JobOutcome.Status.DONE),
			report.count(JobOutcome.Status.SKIPPED), report.count(JobOutcome.Status.FAILED),
			report.stoppedBy() != null ? ", " + report.count(JobOutcome.Status.STOPPED) + " stopped" : "",
			seconds >= 0 ? String.format(Locale.ROOT, ", in %.1f s", seconds) : "", report.summary());
	}

	private static int usageError(PrintStream err, String message) {
		err.println(NAME + ": " + message);
		err.println("Try '" + NAME + " --help' for the options.");
		return EXIT_USAGE;
	}
}

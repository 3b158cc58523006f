package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Spark standalone cluster on the loopback address, started from Spark's own classes (one master,
 * two workers of one core each, every one a JVM of its own): one worker is killed, with its
 * executor, while the application runs; the application still finishes, with every result present
 * once and complete and no temporary file left. Every wait is for an event (a log line, a listener
 * call), with generous time limits.
 */
@Tag("slow")
class StandaloneClusterTest {

	private static final Duration START = Duration.ofMinutes(2);
	private static final int JOBS = 6, ITERATIONS = 30;

	private static Path work;
	private static String classpath;
	private static LoggedProcess master;
	private static final List<LoggedProcess> workers = new ArrayList<>();

	@BeforeAll
	static void startCluster() throws Exception {
		work = Path.of("target", "spark-cluster").toAbsolutePath();
		deleteTree(work);
		Files.createDirectories(work.resolve("spark-home").resolve("jars"));
		// Surefire's JVM sees its class path through a manifest jar; the real one is in this property.
		classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path log4j = work.resolve("log4j2-cluster.properties");
		Files.writeString(log4j, String.join("\n", "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = console",
			"appender.console.type = Console", "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
			"appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
			"logger.deploy.name = org.apache.spark.deploy", "logger.deploy.level = info", ""));
		master = start("master", log4j, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "0",
			"--webui-port", "0");
		String url = master.await(Pattern.compile("Starting Spark master at (spark://\\S+)"), START);
		for (int i = 1; i <= 2; i++) {
			LoggedProcess worker = start("worker-" + i, log4j, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
				"--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "2g", "--work-dir",
				Files.createDirectories(work.resolve("worker-" + i)).toString(), url);
			workers.add(worker);
			worker.await(Pattern.compile("Successfully registered with master"), START);
		}
		System.setProperty("test.spark.master", url);
	}

	/** A JVM of the cluster, with Spark's module options and the test class path. */
	private static LoggedProcess start(String name, Path log4j, String mainClass, String... args) throws IOException {
		List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx512m");
		cmd.addAll(Arrays.asList(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptionArray()));
		cmd.add("-Dlog4j2.configurationFile=" + log4j);
		cmd.add("-cp");
		cmd.add(classpath);
		cmd.add(mainClass);
		cmd.addAll(List.of(args));
		// SPARK_HOME: where a worker takes the executors' jars from (an empty jars/: they get the test class path).
		return new LoggedProcess(name, cmd, work.resolve(name + ".log"), Map.of("SPARK_HOME",
			work.resolve("spark-home").toString(), "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_SCALA_VERSION", "2.13"));
	}

	@AfterAll
	static void stopCluster() throws InterruptedException {
		for (LoggedProcess w : workers) w.close();
		if (master != null) master.close();
	}

	/** What the driver's listener saw. */
	private record TaskEvent(long task, String executor, TaskEndReason reason) {}

	@Test
	void aWorkerLostWhileTheJobsRunCostsNoResult() throws Exception {
		Path in = Files.createDirectories(work.resolve("in"));
		for (int i = 0; i < JOBS; i++) TestData.rgb(in.resolve("image" + i + ".png"), i);
		Path style = TestData.rgb(work.resolve("style.png"), 99);
		Path out = work.resolve("out");
		List<String> args = new ArrayList<>(TestData.tinyOptions(ITERATIONS));
		args.addAll(List.of("--input", in.toString(), "--style", style.toString(), "--output", out.toString()));
		JobPlanner.Plan plan = JobPlanner.plan(SparkOptions.parse(args.toArray(String[]::new)), work);

		BlockingQueue<TaskEvent> starts = new LinkedBlockingQueue<>(), ends = new LinkedBlockingQueue<>();
		BlockingQueue<String> removed = new LinkedBlockingQueue<>();
		List<TaskEvent> allEnds = new ArrayList<>();
		SparkSession spark = SparkSession.builder().master(System.getProperty("test.spark.master"))
			.appName("StandaloneClusterTest").config("spark.executor.extraClassPath", classpath)
			.config("spark.executor.memory", "1g").config("spark.cores.max", "2")
			.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
			.config("spark.ui.enabled", "false").getOrCreate();
		ExecutorService driver = Executors.newSingleThreadExecutor();
		try {
			spark.sparkContext().addSparkListener(new SparkListener() {
				@Override
				public void onTaskStart(SparkListenerTaskStart e) {
					starts.add(new TaskEvent(e.taskInfo().taskId(), e.taskInfo().executorId(), null));
				}

				@Override
				public void onTaskEnd(SparkListenerTaskEnd e) {
					TaskEvent end = new TaskEvent(e.taskInfo().taskId(), e.taskInfo().executorId(), e.reason());
					synchronized (allEnds) {
						allEnds.add(end);
					}
					ends.add(end);
				}

				@Override
				public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
					removed.add(e.executorId());
				}
			});
			Future<SparkStyleApp.Report> app = driver.submit(() -> SparkStyleApp.run(spark, plan, System.err));

			// The jobs flow: one has finished (so the executors have loaded their networks)...
			TaskEvent firstEnd = ends.poll(5, TimeUnit.MINUTES);
			assertNotNull(firstEnd, "no task ended in 5 minutes; see " + work);
			assertEquals(Success$.MODULE$, firstEnd.reason(), "the first job's task");
			// ... and the next task that starts (a fresh one, far from its end) is killed with its worker.
			starts.clear();
			TaskEvent victim = null;
			LoggedProcess killed = null;
			while (killed == null) {
				victim = starts.poll(5, TimeUnit.MINUTES);
				assertNotNull(victim, "no further task started");
				killed = workerOf(victim.executor()).orElse(null);
			}
			killed.kill();

			SparkStyleApp.Report report = app.get(10, TimeUnit.MINUTES);
			assertEquals(JOBS, report.count(JobOutcome.Status.DONE), report.outcomes().toString());
			assertEquals(victim.executor(), removed.poll(2, TimeUnit.MINUTES), "Spark saw the executor go");
			TaskEvent lost;
			synchronized (allEnds) {
				long task = victim.task();
				lost = allEnds.stream().filter(t -> t.task() == task).findFirst().orElse(null);
			}
			assertNotNull(lost, "the killed task ended");
			assertFalse(lost.reason() instanceof Success$, "the task running on the killed worker was lost: " + lost);
			// One network per executor JVM: each executor's first job loaded it, no other job did.
			Map<String, List<JobOutcome>> byExecutor = report.outcomes().stream()
				.collect(Collectors.groupingBy(JobOutcome::executor));
			for (Map.Entry<String, List<JobOutcome>> e : byExecutor.entrySet()) {
				assertEquals(1, e.getValue().stream().filter(JobOutcome::networkLoaded).count(), "executor " + e.getKey());
			}
		}
		finally {
			driver.shutdownNow();
			spark.stop();
		}

		List<String> expected = new ArrayList<>();
		for (int i = 0; i < JOBS; i++) {
			expected.addAll(List.of("image" + i + "_losses.csv", "image" + i + "_styled.png", "image" + i + "_styled_params.csv"));
		}
		expected.add(Summary.CSV);
		assertEquals(expected.stream().sorted().toList(),
			TestData.files(out).stream().filter(f -> !f.startsWith(Summary.PARQUET)).toList(), "every result once");
		for (int i = 0; i < JOBS; i++) {
			TestData.assertComplete(out.resolve("image" + i + "_styled.png"), out.resolve("image" + i + "_losses.csv"), ITERATIONS);
		}
		TestData.assertNoTemporaryFiles(out);
	}

	/** The worker that runs this executor: it made the executor's folder, app-.../ID, in its work folder. */
	private static Optional<LoggedProcess> workerOf(String executorId) throws IOException {
		for (int i = 0; i < workers.size(); i++) {
			try (Stream<Path> apps = Files.list(work.resolve("worker-" + (i + 1)))) {
				if (apps.anyMatch(app -> Files.isDirectory(app.resolve(executorId)))) return Optional.of(workers.get(i));
			}
		}
		return Optional.empty();
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) return;
		try (Stream<Path> all = Files.walk(root)) {
			for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
		}
	}

}

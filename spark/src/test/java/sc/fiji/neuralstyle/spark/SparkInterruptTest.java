package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on the driver, in a JVM of its own started as {@code ./neural-style-spark} starts it, while
 * its jobs run (issue 21): the job running stops and writes nothing, the one that finished is in the
 * summary, which is written; the driver says so in one line and exits with 130, no trace.
 */
@Tag("slow")
class SparkInterruptTest {

	private static final long LIMIT_S = 300;

	@TempDir
	Path dir;

	private Process process;

	@AfterEach
	void end() {
		if (process != null) process.destroyForcibly();
	}

	@Test
	void ctrlCWhileJobsRunSummarisesWhatFinishedInOneLine() throws Exception {
		TestData.rgb(dir.resolve("a.png"), 1);
		TestData.rgb(dir.resolve("b.png"), 2);
		TestData.rgb(dir.resolve("s.png"), 9);
		// One task at a time: a (2 iterations) finishes, then b would take hours.
		Files.writeString(dir.resolve("jobs.csv"), "content,style,iterations\na.png,s.png,2\nb.png,s.png,100000\n");
		Path out = dir.resolve("out");
		List<String> cmd = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = $SIG{TERM} = 'DEFAULT'; exec @ARGV",
			Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
		cmd.addAll(Arrays.asList(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptionArray()));
		cmd.addAll(List.of("-Dlog4j2.configurationFile=" + Path.of("log4j2.properties").toAbsolutePath(),
			"-Djava.awt.headless=true", "-cp", System.getProperty("surefire.test.class.path",
				System.getProperty("java.class.path")), SparkStyleApp.class.getName(),
			"--master", "local[1]", "--manifest", dir.resolve("jobs.csv").toString(), "--output", out.toString(),
			"--network", "alexnet", "--weights", TestData.WEIGHTS.toString(), "--size", "64", "--device", "cpu"));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
		pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
		process = pb.start();

		// The first job's record is written last: a is done, b is next or running.
		awaitFile(out.resolve("a_styled_params.csv"));
		Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
		assertEquals(0, kill.waitFor(), "kill -INT");
		assertTrue(process.waitFor(LIMIT_S, TimeUnit.SECONDS), "still running: " + log());
		String log = log();
		assertEquals(130, process.exitValue(), log);

		List<String> lines = log.lines().toList();
		int ack = lines.indexOf("neural-style-spark: Ctrl-C: the jobs running stop, writing nothing, and the summary of "
			+ "those finished is written; Ctrl-C again stops it at once, writing nothing");
		assertTrue(ack >= 0, "the signal is acknowledged at once: " + log);
		List<String> after = lines.subList(ack + 1, lines.size());
		assertEquals(1, after.size(), "one line after the acknowledgement: " + log);
		assertTrue(after.get(0).matches("neural-style-spark: stopped by Ctrl-C: 1 done, 0 skipped \\(done before\\), 0 "
			+ "failed, 1 stopped, in [0-9.]+ s; summary: " + out.resolve(Summary.CSV)), log);
		assertFalse(log.contains("Exception") || log.contains("\tat "), "no trace: " + log);

		List<CSVRecord> rows;
		try (Reader in = Files.newBufferedReader(out.resolve(Summary.CSV), StandardCharsets.UTF_8)) {
			rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
		}
		assertEquals(List.of("done", "stopped"), rows.stream().map(r -> r.get("status")).toList());
		assertEquals("stopped by Ctrl-C before it finished; a re-run makes it", rows.get(1).get("message"));
		assertEquals(List.of("a_losses.csv", "a_styled.png", "a_styled_params.csv", Summary.CSV),
			TestData.files(out).stream().filter(f -> !f.startsWith(Summary.PARQUET)).toList(), "nothing of b");
		TestData.assertNoTemporaryFiles(dir);
	}

	private void awaitFile(Path file) throws Exception {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_S);
		while (!Files.exists(file)) {
			assertTrue(process.isAlive(), "the application ended early: " + log());
			assertTrue(System.nanoTime() < end, "no " + file + " after " + LIMIT_S + " s: " + log());
			Thread.sleep(100);
		}
	}

	private String log() throws IOException {
		return Files.readString(dir.resolve("log.txt"), StandardCharsets.UTF_8);
	}
}

package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;

/**
 * What the driver prints, in a JVM of its own started as {@code ./neural-style-spark} starts it (its
 * log4j 2 configuration, Spark's module options).
 */
@Tag("slow")
class DriverLogTest {

	@TempDir
	Path dir;

	/**
	 * On a machine with a CUDA runtime and no GPU, DJL's "Failed to detect GPU count" came twice in the
	 * driver's output (log4j 2 logs it; the command line's slf4j-simple setting does not reach it).
	 */
	@Test
	void djlsGpuCountWarningIsNotShown() throws Exception {
		assumeTrue(DjlSetup.cudaProblem().isPresent(), "needs a CUDA runtime that fails here (a CUDA toolkit without a GPU)");
		Path content = TestData.rgb(dir.resolve("a.png"), 1);
		Path style = TestData.rgb(dir.resolve("style.png"), 9);
		List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx1g");
		cmd.addAll(Arrays.asList(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptionArray()));
		cmd.add("-Dlog4j2.configurationFile=" + Path.of("log4j2.properties").toAbsolutePath());
		cmd.add("-Djava.awt.headless=true");
		cmd.add("-cp");
		cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
		cmd.add(SparkStyleApp.class.getName());
		cmd.addAll(List.of("--master", "local[1]", "--content", content.toString(), "--style", style.toString(),
			"--output", dir.resolve("out").toString()));
		cmd.addAll(TestData.tinyOptions(2));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
		pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
		Process p = pb.start();
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "still running");
		String log = Files.readString(dir.resolve("log.txt"), StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), log);
		assertTrue(log.contains("1 done"), log);
		assertFalse(log.contains("Failed to detect GPU count"), log);
	}
}

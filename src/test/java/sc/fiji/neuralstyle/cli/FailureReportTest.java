package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line in a JVM of its own, as a terminal sees it: a jar missing from its class path is
 * named in one line (exit code 1), and a quiet run prints only its result, no library's warnings.
 */
@Tag("slow")
class FailureReportTest {

	@TempDir
	Path dir;

	@Test
	void aMissingJarIsNamedWithoutAStackTrace() throws Exception {
		String runtime = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
		String withoutGson = Arrays.stream(runtime.split(File.pathSeparator))
			.filter(p -> !Path.of(p).getFileName().toString().startsWith("gson-")).collect(Collectors.joining(File.pathSeparator));
		List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Djava.awt.headless=true", "-cp", Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + withoutGson,
			NeuralStyleCli.class.getName(), "--content", NeuralStyleCliTest.sample("coffee.png").toString(), "--style",
			NeuralStyleCliTest.sample("starry_night.jpg").toString(), "--output", dir.resolve("o.png").toString());
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		String out = Files.readString(dir.resolve("out.txt"));
		assertEquals(1, p.exitValue(), out);
		assertTrue(out.contains("neural-style: a library is missing: gson (class com.google.gson."), out);
		assertFalse(out.contains("\tat "), "no stack trace: " + out);
		assertFalse(Files.exists(dir.resolve("o.png")));
	}

	/** The command line's JVM with DJL's cache where it cannot be made, and its output. */
	private String runWithDjlCache(String cacheDir, String... jvmOptions) throws Exception {
		String runtime = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
		List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Djava.awt.headless=true"));
		cmd.addAll(List.of(jvmOptions));
		cmd.addAll(List.of("-cp", Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + runtime,
			NeuralStyleCli.class.getName(), "--content", NeuralStyleCliTest.sample("coffee.png").toString(), "--style",
			NeuralStyleCliTest.sample("starry_night.jpg").toString(), "--output", dir.resolve("o.png").toString(),
			"--network", "alexnet", "--weights", NeuralStyleCliTest.resource("/fixtures/models/alexnet-seeded-f16.pth")
				.toString(), "--size", "48", "--iterations", "2"));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
		pb.environment().remove("ENGINE_CACHE_DIR");
		if (cacheDir == null) pb.environment().remove("DJL_CACHE_DIR");
		else pb.environment().put("DJL_CACHE_DIR", cacheDir);
		Process p = pb.start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		String out = Files.readString(dir.resolve("out.txt"));
		assertEquals(1, p.exitValue(), out);
		assertFalse(out.contains("\tat ") || out.contains("This is a bug"), "no stack trace: " + out);
		assertFalse(Files.exists(dir.resolve("o.png")));
		return out;
	}

	/**
	 * DJL's cache folder cannot be written (here: a file stands where its parent folder must be,
	 * which stops root too): one line names the folder and how to move it. It was "This is a bug"
	 * and DJL's 28-line trace.
	 */
	@Test
	void aDjlCacheThatCannotBeWrittenIsNamedWithWhatToDo() throws Exception {
		Path file = Files.writeString(dir.resolve("not-a-folder"), "");
		String out = runWithDjlCache(file.resolve("djl").toString());
		assertTrue(out.contains("neural-style: PyTorch could not be started: DJL's cache folder " + file.resolve("djl")
			.resolve("pytorch") + " cannot be made: " + file + " is a file, not a folder"), out);
		assertTrue(out.contains("set DJL_CACHE_DIR to a folder you can write"), out);
	}

	/**
	 * The case of two users on one machine: a home folder DJL cannot write makes it fall back to
	 * {@code .djl.ai} in the temporary folder, which another user made (here: which cannot be made).
	 */
	@Test
	void djlsFallbackToTheTemporaryFolderIsExplained() throws Exception {
		Path file = Files.writeString(dir.resolve("tmp-is-a-file"), "");
		Path jna = Files.createDirectories(dir.resolve("jna"));
		String out = runWithDjlCache(null, "-Duser.home=" + dir.resolve("no-home"), "-Djava.io.tmpdir=" + file,
			"-Djna.tmpdir=" + jna);
		assertTrue(out.contains("DJL's cache folder " + file.resolve(".djl.ai").resolve("pytorch") + " cannot be made"), out);
		assertTrue(out.contains("(DJL uses the temporary folder because the home folder " + dir.resolve("no-home")
			+ " is not writable)"), out);
		assertTrue(out.contains("set DJL_CACHE_DIR to a folder you can write (a folder of your own such as /tmp/djl-"), out);
	}

	/** The command line of a tiny run of the coffee sample in a JVM of its own, with {@code more} options. */
	private List<String> tinyRun(String... more) throws IOException {
		return tinyRun(NeuralStyleCliTest.sample("coffee.png"), more);
	}

	/** The command line of a tiny run in a JVM of its own, with {@code more} options. */
	private List<String> tinyRun(Path content, String... more) throws IOException {
		String runtime = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
			Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + runtime, NeuralStyleCli.class.getName(),
			"--content", content.toString(), "--style",
			NeuralStyleCliTest.sample("starry_night.jpg").toString(), "--output", dir.resolve("o.png").toString(),
			"--network", "alexnet", "--weights", NeuralStyleCliTest.resource("/fixtures/models/alexnet-seeded-f16.pth")
				.toString(), "--size", "48", "--iterations", "2"));
		cmd.addAll(List.of(more));
		return cmd;
	}

	private List<String> runToEnd(List<String> cmd) throws Exception {
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		List<String> lines = Files.readAllLines(dir.resolve("out.txt"));
		assertEquals(0, p.exitValue(), String.join("\n", lines));
		return lines;
	}

	/**
	 * A 5000x5000 JPEG (one colour: a small file) that Java's memory cannot hold with the engine's
	 * copy: one message naming the memory to give Java, before the network loads. Before, with 64 MB
	 * ImageJ's JPEG decoder printed an OutOfMemoryError trace first, and with 256 MB the image was read
	 * and the run failed with the advice to lower size, which cannot help.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "-Xmx64m", "-Xmx256m" })
	void anInputLargerThanJavasMemoryAsksForMoreMemory(String xmx) throws Exception {
		Path big = dir.resolve("big.jpg");
		if (!Files.exists(big)) {
			BufferedImage image = new BufferedImage(5000, 5000, BufferedImage.TYPE_INT_RGB);
			Graphics2D g = image.createGraphics();
			g.setColor(new Color(0x3366aa));
			g.fillRect(0, 0, 5000, 5000);
			g.dispose();
			ImageIO.write(image, "jpeg", big.toFile());
		}
		List<String> cmd = tinyRun(big);
		cmd.add(1, xmx);
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		String out = Files.readString(dir.resolve("out.txt"));
		assertEquals(2, p.exitValue(), out);
		assertTrue(out.startsWith("neural-style: content: "), "the message first: " + out);
		assertTrue(out.contains("5000x5000 pixels") && out.contains("give Java more memory, at least -Xmx512m (command line:"
			+ " NEURAL_STYLE_JAVA_OPTS=-Xmx512m; Fiji: Edit > Options > Memory & Threads;"), out);
		assertFalse(out.contains("lower size"), out);
		assertFalse(out.contains("Exception") || out.contains("Error") || out.contains("\tat "), "no trace: " + out);
		assertFalse(Files.exists(dir.resolve("o.png")));
	}

	/** Before, --quiet still said "Done: ..." and "Wrote ...". */
	@Test
	void aQuietRunSaysNothing() throws Exception {
		// PyTorch wrote "Could not initialize NNPACK! Reason: Unsupported hardware." at every convolution here.
		assertEquals(List.of(), runToEnd(tinyRun("--quiet")), "nothing");
		assertTrue(Files.isRegularFile(dir.resolve("o.png")));
	}

	/**
	 * The progress bar is ended before the run's messages: "Done:" once came on the bar's line, and
	 * the bar was drawn again after "Wrote".
	 */
	@Test
	void theRunsMessagesComeOnLinesOfTheirOwnAfterTheBar() throws Exception {
		List<String> lines = runToEnd(tinyRun());
		assertTrue(lines.size() >= 2, lines.toString());
		assertTrue(lines.get(lines.size() - 2).startsWith("Done: 2 iterations, best loss "), lines.toString());
		assertEquals("Wrote " + dir.resolve("o.png"), lines.get(lines.size() - 1), lines.toString());
	}
}

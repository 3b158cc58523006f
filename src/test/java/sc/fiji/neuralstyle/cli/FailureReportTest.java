package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

	@Test
	void aQuietRunSaysOnlyWhatItDid() throws Exception {
		String runtime = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
		List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
			Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + runtime, NeuralStyleCli.class.getName(),
			"--content", NeuralStyleCliTest.sample("coffee.png").toString(), "--style",
			NeuralStyleCliTest.sample("starry_night.jpg").toString(), "--output", dir.resolve("o.png").toString(),
			"--network", "alexnet", "--weights", NeuralStyleCliTest.resource("/fixtures/models/alexnet-seeded-f16.pth")
				.toString(), "--size", "48", "--iterations", "2", "--quiet");
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		List<String> lines = Files.readAllLines(dir.resolve("out.txt"));
		assertEquals(0, p.exitValue(), String.join("\n", lines));
		// PyTorch wrote "Could not initialize NNPACK! Reason: Unsupported hardware." at every convolution here.
		assertEquals(2, lines.size(), "the result and the file written, nothing else: " + lines);
		assertTrue(lines.get(0).startsWith("Done: 2 iterations") && lines.get(1).startsWith("Wrote "), lines.toString());
	}
}

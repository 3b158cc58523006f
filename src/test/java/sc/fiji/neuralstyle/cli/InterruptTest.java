package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import sc.fiji.neuralstyle.image.ImageFiles;

/**
 * Ctrl-C and SIGTERM on a command-line run in a JVM of its own: the best image so far and the loss
 * log are written and the exit code is the shell's (130, 143); a second Ctrl-C ends it at once; no
 * temporary file is left. The child starts through perl, which resets the signals' default action
 * (a background job of a shell ignores SIGINT, and a child would inherit that).
 */
@Tag("slow")
class InterruptTest {

	private static final long LIMIT_S = 180;

	@TempDir
	Path dir;

	private Process process;

	@AfterEach
	void stop() {
		if (process != null) process.destroyForcibly();
	}

	private Process start(int size) throws IOException {
		return start(NeuralStyleCliTest.sample("coffee.png"), "out.png", size, 1_000_000, "current");
	}

	private Process start(Path content, String output, int size, int iterations, String planes) throws IOException {
		List<String> cmd = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = $SIG{TERM} = 'DEFAULT'; exec @ARGV",
			Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-Djava.awt.headless=true",
			"-cp", classPath(), NeuralStyleCli.class.getName(),
			"--content", content.toString(),
			"--style", NeuralStyleCliTest.sample("starry_night.jpg").toString(),
			"--output", dir.resolve(output).toString(), "--loss_log", dir.resolve("losses.csv").toString(),
			"--network", "alexnet", "--weights", NeuralStyleCliTest.resource("/fixtures/models/alexnet-seeded-f16.pth").toString(),
			"--size", Integer.toString(size), "--iterations", Integer.toString(iterations), "--preview_every", "1",
			"--planes", planes, "--quiet"));
		process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile()).start();
		return process;
	}

	private static String classPath() throws IOException {
		String runtime = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
		return Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + runtime;
	}

	/** Waits until the run has written its n-th preview: it is iterating. */
	private void awaitIteration(int n) throws Exception {
		awaitFile(dir.resolve(String.format("out_iter%04d.png", n)), n);
	}

	private void awaitFile(Path preview, int n) throws Exception {
		long end = System.currentTimeMillis() + LIMIT_S * 1000;
		while (!Files.exists(preview)) {
			assertTrue(process.isAlive(), "the run ended early: " + console());
			assertTrue(System.currentTimeMillis() < end, "no iteration " + n + " after " + LIMIT_S + " s: " + console());
			Thread.sleep(100);
		}
	}

	/** Waits until the run has printed {@code text}, while it still runs. */
	private void awaitConsole(String text) throws Exception {
		long end = System.currentTimeMillis() + LIMIT_S * 1000;
		while (!console().contains(text)) {
			assertTrue(process.isAlive(), "the run ended without saying '" + text + "': " + console());
			assertTrue(System.currentTimeMillis() < end, "no '" + text + "' after " + LIMIT_S + " s: " + console());
			Thread.sleep(100);
		}
	}

	private void signal(String name) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
		assertEquals(0, kill.waitFor(), "kill -" + name);
	}

	private int exitCode() throws Exception {
		assertTrue(process.waitFor(LIMIT_S, TimeUnit.SECONDS), "still running: " + console());
		return process.exitValue();
	}

	private String console() throws IOException {
		return Files.readString(dir.resolve("console.txt"));
	}

	private void assertNoTemporaryFiles() throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			List<String> left = files.map(p -> p.getFileName().toString())
				.filter(n -> n.endsWith(".part") || n.endsWith(".planes")).toList();
			assertEquals(List.of(), left, "temporary files left behind");
		}
	}

	private void assertBestImageAndLossLogWritten() throws IOException {
		ImagePlus result = ImageFiles.read(dir.resolve("out.png"));
		assertEquals(ImagePlus.COLOR_RGB, result.getType());
		List<String> lines = Files.readAllLines(dir.resolve("losses.csv"));
		assertTrue(lines.size() >= 3, "the loss log has the iterations done: " + lines);
	}

	@Test
	void ctrlCWritesTheBestImageSoFarAndExits130() throws Exception {
		start(96);
		awaitIteration(2);
		signal("INT");
		assertEquals(130, exitCode(), console());
		assertTrue(console().contains("stopped by Ctrl-C; wrote the best image so far"), console());
		assertBestImageAndLossLogWritten();
		assertNoTemporaryFiles();
	}

	@Test
	void sigtermWritesTheBestImageSoFarAndExits143() throws Exception {
		start(96);
		awaitIteration(2);
		signal("TERM");
		assertEquals(143, exitCode(), console());
		assertBestImageAndLossLogWritten();
		assertNoTemporaryFiles();
	}

	@Test
	void aSecondCtrlCEndsTheRunAtOnce() throws Exception {
		// Large enough that one iteration takes far longer than the time between the two signals.
		start(1536);
		awaitIteration(1);
		signal("INT");
		// Said at once, during the evaluation (before, nothing came until it ended, minutes at 8192 px);
		// the second signal then ends the run before that evaluation does.
		awaitConsole("neural-style: Ctrl-C: the run stops after the current evaluation and writes the best image so far");
		signal("INT");
		assertEquals(130, exitCode(), console());
		assertFalse(Files.exists(dir.resolve("out.png")), "ended before the result was written: " + console());
		assertNoTemporaryFiles();
	}

	@Test
	void ctrlCOnAStackKeepsTheFinishedFramesAndTheBestOfTheCurrentOne() throws Exception {
		ImageStack frames = new ImageStack(96, 64);
		ImagePlus coffee = ImageFiles.read(NeuralStyleCliTest.sample("coffee.png"));
		for (int i = 0; i < 4; i++) {
			ij.process.ImageProcessor wide = coffee.getProcessor().resize(108, 64);
			wide.setRoi(4 * i, 0, 96, 64); // a pan
			frames.addSlice(wide.crop());
		}
		ImagePlus movie = new ImagePlus("movie", frames);
		movie.setDimensions(1, 1, 4);
		movie.getCalibration().frameInterval = 0.5;
		Path content = dir.resolve("movie.tif");
		ImageFiles.write(movie, content);
		// The signal comes early in frame 2: frame 1 is done, frames 3 and 4 (80 iterations) are far off.
		start(content, "out.tif", 64, 40, "all");
		awaitFile(dir.resolve("out_0002_iter0002.tif"), 2);
		signal("INT");
		assertEquals(130, exitCode(), console());
		assertTrue(console().contains("stopped by Ctrl-C; wrote the "), console());
		ImagePlus result = ImageFiles.read(dir.resolve("out.tif"));
		int planes = result.getStackSize();
		assertTrue(planes >= 2 && planes <= 4, "frame 1 done, and the best of the frame that was running: " + planes);
		assertEquals(0.5, result.getCalibration().frameInterval, 1e-9);
		List<String> log = Files.readAllLines(dir.resolve("losses.csv"));
		assertTrue(log.get(0).endsWith(",plane"), log.get(0));
		assertTrue(log.get(log.size() - 1).endsWith("," + planes), "the log ends in the last plane kept: " + log);
		assertNoTemporaryFiles();
	}
}

package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.net.ModelDescriptor;

/** {@code --check} and {@code --download}: exit codes, one line per check, bad arguments. */
class SetupCommandsTest {

	@TempDir
	Path dir;

	private final StringWriter out = new StringWriter();
	private final StringWriter err = new StringWriter();

	private int run(String... args) {
		CommandLine cl = NeuralStyleCli.commandLine();
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		return cl.execute(args);
	}

	@Test
	void checkPrintsOneLinePerCheckAndExitsZeroWhenNothingFailed() {
		int code = run("--check", "--models_dir", dir.toString(), "--device", "cpu");
		String report = out.toString();
		assertEquals(0, code, report + err);
		assertTrue(report.startsWith("ok       Java: Java " + Runtime.version()), report);
		assertTrue(report.contains("\nwarning  vgg19 weights: not downloaded yet (575 MB, " + dir.resolve("vgg19-dcbb9e9d.pth")
			+ "); a run downloads it on first use; to fetch it now run ./neural-style --download vgg19, or download "), report);
		assertTrue(report.contains("\nok       Self-test on the CPU: 5 iterations of vgg19 at 64 px in "), report);
		assertTrue(report.contains("\nok       Models folder: " + dir + ": writable, "), report);
		assertTrue(report.strip().endsWith("0 failed: nothing failed."), report);
		for (String line : report.strip().split("\n")) {
			assertTrue(line.matches("(ok|warning|failed) +[^:]+: .*|\\d+ checks: .*"), "one form for every line: " + line);
		}
	}

	@Test
	void checkingTheGpuWhereThereIsNoneFails() {
		assumeTrue(DjlSetup.pytorch().getGpuCount() == 0, "this machine has a GPU PyTorch uses");
		int code = run("--check", "--device", "gpu", "--models_dir", dir.toString());
		assertEquals(1, code, out.toString() + err);
		assertTrue(out.toString().contains("\nfailed   GPU: "), out.toString());
		assertFalse(out.toString().contains("Self-test"), "without a GPU there is nothing to self-test: " + out);
		assertFalse(out.toString().contains("Memory (CPU)"), "device=gpu checks only the GPU");
	}

	@Test
	void downloadKeepsAFileThatIsThereAndChecked() throws IOException {
		// A file with a marker that vouches for it (as a download leaves): nothing is fetched.
		ModelDescriptor alexnet = ModelDescriptor.load("alexnet");
		Path file = Files.writeString(dir.resolve(alexnet.file()), "weights");
		Properties marker = new Properties();
		marker.setProperty("sha256", alexnet.sha256());
		marker.setProperty("size", String.valueOf(Files.size(file)));
		marker.setProperty("modified", String.valueOf(Files.getLastModifiedTime(file).toMillis()));
		try (OutputStream o = Files.newOutputStream(dir.resolve(alexnet.file() + ".verified"))) {
			marker.store(o, null);
		}
		assertEquals(0, run("--download", "alexnet", "--models_dir", dir.toString()), err.toString());
		assertTrue(err.toString().contains("alexnet: already there and checked: " + file), err.toString());
	}

	/**
	 * A models folder that cannot be made or written (here under a file): the advice is the option of
	 * this command, --models_dir, not only the variable runs read (issue 21).
	 */
	@Test
	void downloadIntoAFolderThatCannotBeMadeAdvisesModelsDir() throws IOException {
		Path file = Files.writeString(dir.resolve("a-file"), "x");
		assertEquals(1, run("--download", "alexnet", "--models_dir", file.resolve("models").toString()), err.toString());
		assertTrue(err.toString().contains("and its folder cannot be created") && err.toString().contains("Give --models_dir "
			+ "DIR, a folder you can write in (runs read it from NEURAL_STYLE_MODELS), or download"), err.toString());
		assertTrue(Files.isRegularFile(file), "nothing else happened");
	}

	@Test
	void badArgumentsOfTheSetupCommandsExitWith2() {
		assertBad("download: 'resnet' is not a network; choose from " + String.join(", ", ModelDescriptor.available())
			+ ", or all", "--download", "vgg19,resnet", "--models_dir", dir.toString());
		assertBad("check: takes only --device, --models_dir, --quiet, not --content; run the transfer without --check",
			"--check", "--content", "a.png");
		assertBad("download: give --check or --download, not both; download first, then check", "--check", "--download",
			"vgg19");
		assertBad("models_dir: is for --check and --download; for a run set NEURAL_STYLE_MODELS=DIR (or "
			+ "-Dneuralstyle.models.dir=DIR)", "--models_dir", dir.toString(), "--content", "a.png");
		assertBad("device: 'tpu' is not a device; give auto, cpu, gpu or gpu:N (N = 0, 1, \u2026)", "--check", "--device", "tpu");
	}

	private void assertBad(String message, String... args) {
		err.getBuffer().setLength(0);
		assertEquals(2, run(args), err.toString());
		assertEquals("neural-style: " + message, err.toString().lines().findFirst().orElse(""));
	}

	@Test
	void versionIsTheAboutText() {
		assertEquals(0, run("--version"));
		assertTrue(out.toString().startsWith("Neural Style for Fiji "), out.toString());
		assertTrue(out.toString().contains("Gatys"), out.toString());
	}
}

package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import picocli.CommandLine;
import sc.fiji.neuralstyle.image.ImageFiles;

/** The command line: exit codes, messages, and a whole run with a real (seeded) weights file. */
class NeuralStyleCliTest {

	@TempDir
	Path dir;

	private final StringWriter err = new StringWriter();

	@AfterEach
	void clearProperties() {
		System.clearProperty("neuralstyle.models.dir");
		System.clearProperty("neuralstyle.offline");
	}

	private int run(String... args) {
		CommandLine cl = NeuralStyleCli.commandLine();
		cl.setErr(new PrintWriter(err, true));
		cl.setOut(new PrintWriter(new StringWriter(), true));
		return cl.execute(args);
	}

	static Path resource(String name) {
		try {
			return Path.of(NeuralStyleCliTest.class.getResource(name).toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	static Path sample(String name) {
		return Path.of("samples", name).toAbsolutePath();
	}

	@Test
	void aWholeRunWritesTheImageTheLossLogAndPreviews() throws IOException {
		Path out = dir.resolve("cat.png");
		Path csv = dir.resolve("cat.csv");
		int code = run("--content", sample("chelsea.png").toString(), "--style", sample("starry_night.jpg").toString(),
			"--output", out.toString(), "--network", "alexnet", "--weights",
			resource("/fixtures/models/alexnet-seeded-f16.pth").toString(), "--size", "72", "--iterations", "4",
			"--loss_log", csv.toString(), "--preview_every", "2", "--quiet");
		assertEquals(0, code, err.toString());
		ImagePlus result = ImageFiles.read(out);
		assertEquals(72, result.getWidth());
		assertEquals(48, result.getHeight(), "451x300 scaled to a longest side of 72");
		assertEquals(ImagePlus.COLOR_RGB, result.getType());
		List<String> lines = Files.readAllLines(csv);
		assertEquals("iteration,total,content,style,tv,elapsed_ms,scale", lines.get(0));
		assertEquals(5, lines.size(), "a header and one row per evaluation");
		assertTrue(lines.get(1).startsWith("0,"));
		assertTrue(Files.exists(dir.resolve("cat_iter0002.png")), "preview written every 2 iterations");
		assertTrue(err.toString().contains("Wrote"), err.toString());
	}

	@Test
	void grayContentIsWrittenGray() throws IOException {
		Path out = dir.resolve("cell.tif");
		int code = run("--content", sample("cell.png").toString(), "--style", sample("brick.png").toString(),
			"--output", out.toString(), "--network", "alexnet", "--weights",
			resource("/fixtures/models/alexnet-seeded-f16.pth").toString(), "--size", "64", "--iterations", "2", "--quiet");
		assertEquals(0, code, err.toString());
		ImagePlus result = ImageFiles.read(out);
		assertEquals(ImagePlus.GRAY8, result.getType());
		assertTrue(String.valueOf(result.getProperty("Info")).contains("network=alexnet"), "parameters in the image's info");
	}

	@Test
	void badArgumentsExitWith2AndSayWhatToChange() {
		assertEquals(2, run("--style", "a.png", "--output", "b.png"));
		assertTrue(err.toString().contains("--content"), err.toString());

		String[] base = { "--content", sample("coffee.png").toString(), "--style", sample("starry_night.jpg").toString(),
			"--output", dir.resolve("o.png").toString() };
		assertBad(base, "iterations", "--iterations", "0");
		assertBad(base, "optimizer", "--optimizer", "newton");
		assertBad(base, "pooling", "--pooling", "median");
		assertBad(base, "device", "--device", "tpu");
		assertBad(base, "no such file", "--weights", dir.resolve("missing.pth").toString());
		assertBad(new String[] { "--content", dir.resolve("nope.png").toString(), "--style", "x", "--output", "o.png" },
			"no such file");
		assertBad(new String[] { "--content", sample("coffee.png").toString(), "--style", sample("brick.png").toString(),
			"--output", dir.resolve("no/such/folder/o.png").toString() }, "does not exist");
		assertBad(new String[] { "--content", sample("coffee.png").toString(), "--style", sample("brick.png").toString(),
			"--output", dir.resolve("o.gif").toString() }, ".png");
		assertFalse(Files.exists(dir.resolve("o.png")), "nothing is written for bad arguments");
	}

	@Test
	void missingWeightsOfflineSayWhichFileToFetchAndWhere() {
		System.setProperty("neuralstyle.models.dir", dir.toString());
		System.setProperty("neuralstyle.offline", "true");
		int code = run("--content", sample("coffee.png").toString(), "--style", sample("starry_night.jpg").toString(),
			"--output", dir.resolve("o.png").toString(), "--iterations", "1", "--quiet");
		assertEquals(1, code);
		String message = err.toString();
		assertTrue(message.contains("vgg19-dcbb9e9d.pth") && message.contains("https://download.pytorch.org/models/")
			&& message.contains(dir.toString()), message);
	}

	private void assertBad(String[] base, String expected, String... extra) {
		String[] args = new String[base.length + extra.length];
		System.arraycopy(base, 0, args, 0, base.length);
		System.arraycopy(extra, 0, args, base.length, extra.length);
		err.getBuffer().setLength(0);
		int code = run(args);
		assertEquals(2, code, "exit code for " + String.join(" ", extra) + ": " + err);
		assertTrue(err.toString().contains(expected), "message should mention '" + expected + "': " + err);
	}
}

package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import picocli.CommandLine;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.Params;

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
			"--loss_log", csv.toString(), "--preview_every", "2");
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
		assertTrue(err.toString().contains("Wrote " + out + " and " + csv), err.toString());
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
		String info = String.valueOf(result.getProperty("Info"));
		assertTrue(info.contains("run(\"Neural Style\", \"content=" + sample("cell.png")) && info.contains(" network=alexnet "),
			"the image's Info holds the macro line of the run: " + info);
	}

	@Test
	void badArgumentsExitWith2AndSayWhatToChange() throws IOException {
		assertEquals(2, run("--style", "a.png", "--output", "b.png"));
		assertEquals("neural-style: content: missing; give the image to restyle (a file, or in Fiji an open image's title)\n"
			+ "Try 'neural-style --help' for the parameters.\n", err.toString(), "one line and the advice, not the usage");

		String[] base = { "--content", sample("coffee.png").toString(), "--style", sample("starry_night.jpg").toString(),
			"--output", dir.resolve("o.png").toString() };
		assertBad(base, "iterations: 0 is too small", "--iterations", "0");
		assertBad(base, "optimizer: 'newton' is not a choice; choose lbfgs, adam or sgd", "--optimizer", "newton");
		assertBad(base, "pooling: 'median' is not a choice", "--pooling", "median");
		assertBad(base, "device: 'tpu' is not a device", "--device", "tpu");
		assertBad(base, "network: 'resnet' is not a choice", "--network", "resnet");
		assertBad(base, "learning_rate: NaN is not a finite number", "--learning_rate", "NaN");
		assertBad(base, "preview_every: -1 is too small", "--preview_every", "-1");
		assertBad(base, "weights: there is no file", "--weights", dir.resolve("missing.pth").toString());
		assertBad(base, "weights: " + dir + " is a folder, not a file", "--weights", dir.toString());
		assertBad(base, "iteration: unknown parameter; did you mean iterations?", "--iteration", "5");
		assertBad(base, "size: no value given after --size; give a whole number from 16 to 8192", "--size");
		assertBad(base, "content_layers: alexnet has no layer 'relu4_2'; use its layers", "--network", "alexnet",
			"--content_layers", "relu4_2");
		assertBad(new String[] { "--content", dir.resolve("nope.png").toString(), "--style", "x", "--output", "o.png" },
			"content: there is no file");
		assertBad(new String[] { "--content", sample("coffee.png").toString(), "--style", sample("brick.png").toString(),
			"--output", dir.resolve("no/such/folder/o.png").toString() }, "output: " + dir.resolve("no/such/folder/o.png")
				+ ": the folder " + dir.resolve("no/such/folder") + " does not exist; create it or choose another folder");
		assertBad(new String[] { "--content", sample("coffee.png").toString(), "--style", sample("brick.png").toString(),
			"--output", dir.resolve("o.gif").toString() }, "use .tif/.tiff, .png, .jpg/.jpeg, .avi");
		Path text = Files.writeString(dir.resolve("notes.txt"), "no image");
		assertBad(new String[] { "--content", text.toString(), "--style", sample("brick.png").toString(), "--output",
			dir.resolve("o.png").toString() }, "content: Cannot open " + text);
		assertFalse(Files.exists(dir.resolve("o.png")), "nothing is written for bad arguments");
	}

	@Test
	void inputsAreNeverOverwritten() throws IOException {
		Path content = dir.resolve("content.png");
		Files.copy(sample("coffee.png"), content);
		byte[] before = Files.readAllBytes(content);
		String[] base = { "--content", content.toString(), "--style", sample("starry_night.jpg").toString() };
		assertBad(base, "output: is the content image's file " + content, "--output", content.toString());
		assertBad(base, "loss_log: is the content image's file " + content, "--output", dir.resolve("o.png").toString(),
			"--loss_log", content.toString());
		assertBad(base, "loss_log: is the same file as output", "--output", dir.resolve("o.png").toString(),
			"--loss_log", dir.resolve("o.png").toString());
		assertArrayEquals(before, Files.readAllBytes(content), "the input is untouched");
	}

	/** A FIFO named as the loss log is written into, as a shell's > would, and stays a FIFO. */
	@Test
	void aFifoAsLossLogGetsTheHistoryAndStays() throws Exception {
		Path fifo = dir.resolve("losses.csv");
		Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
		Assumptions.assumeTrue(mkfifo.waitFor() == 0, "no mkfifo here");
		ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "FIFO reader");
			t.setDaemon(true); // a FIFO replaced by a file leaves it waiting for a writer forever
			return t;
		});
		try {
			Future<List<String>> read = reader.submit(() -> Files.readAllLines(fifo));
			int code = run("--content", sample("coffee.png").toString(), "--style", sample("starry_night.jpg").toString(),
				"--output", dir.resolve("o.png").toString(), "--network", "alexnet", "--weights",
				resource("/fixtures/models/alexnet-seeded-f16.pth").toString(), "--size", "48", "--iterations", "2",
				"--loss_log", fifo.toString(), "--quiet");
			assertEquals(0, code, err.toString());
			assertFalse(Files.isRegularFile(fifo), "the FIFO was replaced by a file");
			List<String> lines = read.get(1, TimeUnit.MINUTES);
			assertEquals("iteration,total,content,style,tv,elapsed_ms,scale", lines.get(0));
			assertEquals(3, lines.size(), "a header and one row per evaluation");
		}
		finally {
			reader.shutdownNow();
		}
		assertEquals(List.of("losses.csv", "o.png"), Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList());
	}

	@Test
	void helpListsEveryCommandLineParameterWithItsDefault() {
		StringWriter out = new StringWriter();
		CommandLine cl = NeuralStyleCli.commandLine();
		cl.setOut(new PrintWriter(out, true));
		assertEquals(0, cl.execute("--help"));
		String help = out.toString();
		for (Param<?> p : Params.on(Front.COMMAND_LINE)) {
			assertTrue(help.contains("--" + p.name()), "--help lists --" + p.name());
			if (p.kind() != Kind.FLAG && !p.defaultText().isEmpty()) {
				assertTrue(help.replaceAll("\\s+", " ").contains("Default: " + p.defaultText() + "."),
					"--help gives the default of " + p.name());
			}
		}
		assertTrue(help.contains("neural-style --content samples/coffee.png \\"), "the example can be copied: " + help);
		List<String> options = cl.getCommandSpec().options().stream().map(o -> o.longestName())
			.filter(n -> !n.equals("--help") && !n.equals("--version")).toList();
		List<String> expected = new java.util.ArrayList<>(Params.on(Front.COMMAND_LINE).stream().map(p -> "--" + p.name())
			.toList());
		expected.addAll(List.of("--check", "--download", "--models_dir")); // the setup commands, no run parameters
		assertEquals(expected, options, "the options are the table's command-line rows, in its order, then the setup commands");
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

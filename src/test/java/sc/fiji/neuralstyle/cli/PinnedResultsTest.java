package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.engine.Engine;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import picocli.CommandLine;
import sc.fiji.neuralstyle.image.ImageFiles;

/**
 * Results pinned bit for bit: a handful of short runs of the command line (seeded AlexNet weights,
 * tiny images, the CPU) whose result pixels (SHA-256) and loss logs (every value but the elapsed
 * time) must equal those recorded in {@code fixtures/pinned/runs.txt}. It covers a still, a 32-bit
 * gray image, coarse to fine, tiles, each style loss (whole and in tiles), masks, blended styles,
 * the colour modes, Adam with an average of the iterates and a stop rule, SGD with normalised
 * gradients, and a 3-plane stack with temporal coherence off and on: what a change that should not
 * change results (a restructuring) must leave exactly as it was.
 * <p>
 * PyTorch's results on the CPU repeat exactly on one machine, but not across processors (other
 * vector instructions, another number of threads sum in another order): the fixture names the
 * machine it was recorded on, and elsewhere the test is skipped, saying so. To pin the results on
 * another machine, record them at the commit whose results are wanted:
 * {@code mvn -B -f neural-style.pom.xml test -Dtest=PinnedResultsTest -Dneuralstyle.pinned.record=$PWD/src/test/resources/fixtures/pinned/runs.txt}.
 */
@Tag("slow")
class PinnedResultsTest {

	private static final String FIXTURE = "/fixtures/pinned/runs.txt";
	private static final String RECORD = "neuralstyle.pinned.record";

	@TempDir
	Path dir;

	@Test
	void resultsEqualThePinnedOnesBitForBit() throws IOException {
		Map<String, String> expected = Pinned.parse(readFixture());
		String recordTo = System.getProperty(RECORD);
		String machine = machine();
		if (recordTo == null) {
			Assumptions.assumeTrue(machine.equals(expected.get(Pinned.MACHINE)), "the results were pinned on another "
				+ "machine (" + expected.get(Pinned.MACHINE) + "; this one: " + machine + "): see PinnedResultsTest");
		}
		Map<String, String> actual = new LinkedHashMap<>();
		actual.put(Pinned.MACHINE, machine);
		for (Case c : cases()) actual.put(c.name(), run(c));
		if (recordTo != null) {
			Files.writeString(Path.of(recordTo), Pinned.format(actual), StandardCharsets.UTF_8);
			return;
		}
		List<String> differ = new ArrayList<>();
		for (Map.Entry<String, String> e : actual.entrySet()) {
			if (!e.getValue().equals(expected.get(e.getKey()))) differ.add(e.getKey());
		}
		if (!differ.isEmpty()) {
			String first = differ.get(0);
			assertEquals(expected.get(first), actual.get(first), "the runs " + differ + " differ from the pinned "
				+ "results; the first, " + first + ", is shown");
		}
		assertEquals(expected.keySet(), actual.keySet(), "the pinned runs");
	}

	/** A run's name and its arguments besides the inputs every run shares. */
	private record Case(String name, List<String> args) {}

	private List<Case> cases() throws IOException {
		Path coffee = sample("coffee.png"), astronaut = sample("astronaut.png"), ihc = sample("ihc.png");
		Path gray = grayFloat(dir.resolve("cell32.tif"));
		Path stack = pan(dir.resolve("pan.tif"));
		String masks = sample("coffee_mask_left.png") + "," + sample("coffee_mask_right.png");
		String styles = astronaut + "," + ihc;
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("still", List.of("--content", coffee.toString(), "--style", astronaut.toString(), "--size", "48",
			"--iterations", "6")));
		cases.add(new Case("gray32", List.of("--content", gray.toString(), "--style", sample("brick.png").toString(),
			"--size", "48", "--iterations", "5", "--output", "out.tif")));
		cases.add(new Case("scales", List.of("--content", coffee.toString(), "--style", astronaut.toString(), "--size", "64",
			"--scales", "2", "--content_layers", "relu2", "--style_layers", "relu1,relu2", "--iterations", "6")));
		cases.add(new Case("tiles", List.of("--content", coffee.toString(), "--style", astronaut.toString(), "--size", "96",
			"--tile_size", "64", "--iterations", "3")));
		cases.add(new Case("wasserstein", List.of("--content", coffee.toString(), "--style", astronaut.toString(), "--size",
			"48", "--style_loss", "wasserstein", "--style_layers", "relu1,relu2", "--style_weight", "10", "--iterations",
			"4")));
		cases.add(new Case("wasserstein-tiles", List.of("--content", coffee.toString(), "--style", astronaut.toString(),
			"--size", "96", "--tile_size", "64", "--style_loss", "wasserstein", "--style_layers", "relu1,relu2",
			"--style_weight", "10", "--iterations", "3")));
		cases.add(new Case("sliced", List.of("--content", coffee.toString(), "--style", astronaut.toString(), "--size", "48",
			"--style_loss", "sliced", "--seed", "3", "--iterations", "5")));
		cases.add(new Case("sliced-tiles", List.of("--content", coffee.toString(), "--style", astronaut.toString(), "--size",
			"96", "--tile_size", "64", "--style_loss", "sliced", "--seed", "3", "--iterations", "3")));
		cases.add(new Case("masks", List.of("--content", coffee.toString(), "--style", styles, "--content_masks", masks,
			"--size", "48", "--iterations", "5")));
		cases.add(new Case("masks-tiles", List.of("--content", coffee.toString(), "--style", styles, "--content_masks",
			masks, "--size", "96", "--tile_size", "64", "--iterations", "3")));
		cases.add(new Case("masks-wasserstein", List.of("--content", coffee.toString(), "--style", styles, "--content_masks",
			masks, "--size", "48", "--style_loss", "wasserstein", "--style_layers", "relu1,relu2", "--iterations", "4")));
		cases.add(new Case("blend", List.of("--content", coffee.toString(), "--style", styles, "--style_blend_weights", "3,1",
			"--style_scale", "1.5", "--preserve_colors", "luminance", "--tv_weight", "0.001", "--size", "48",
			"--iterations", "5")));
		cases.add(new Case("adam", List.of("--content", coffee.toString(), "--style", astronaut.toString(), "--size", "48",
			"--optimizer", "adam", "--learning_rate", "0.02", "--average", "0.8", "--stop_tolerance", "0.5", "--stop_window",
			"2", "--padding", "replicate", "--pooling", "max", "--iterations", "8")));
		cases.add(new Case("sgd", List.of("--content", coffee.toString(), "--style", astronaut.toString(), "--size", "48",
			"--optimizer", "sgd", "--normalize_gradients", "--preserve_colors", "histogram", "--init", "noise", "--seed", "2",
			"--content_layers", "relu2,relu4", "--style_layers", "relu1:0.7,relu3:0.3", "--iterations", "5")));
		cases.add(new Case("stack", List.of("--content", stack.toString(), "--style", astronaut.toString(), "--planes",
			"all", "--temporal_weight", "0", "--size", "48", "--iterations", "4", "--output", "out.tif")));
		cases.add(new Case("temporal", List.of("--content", stack.toString(), "--style", astronaut.toString(), "--planes",
			"all", "--temporal_frames", "1,2", "--size", "48", "--iterations", "4", "--output", "out.tif")));
		cases.add(new Case("temporal-scales", List.of("--content", stack.toString(), "--style", astronaut.toString(),
			"--planes", "all", "--scales", "2", "--content_layers", "relu2", "--style_layers", "relu1,relu2", "--size", "48",
			"--iterations", "4", "--output", "out.tif")));
		return cases;
	}

	/** Runs a case; its pixels' SHA-256 and its loss log without the elapsed time, as the fixture holds them. */
	private String run(Case c) throws IOException {
		Path work = Files.createDirectories(dir.resolve(c.name()));
		List<String> args = new ArrayList<>(c.args());
		int output = args.indexOf("--output");
		Path out = work.resolve(output < 0 ? "out.png" : args.remove(output + 1));
		if (output >= 0) args.remove(output);
		Path log = work.resolve("losses.csv");
		args.addAll(List.of("--output", out.toString(), "--loss_log", log.toString(), "--network", "alexnet", "--weights",
			NeuralStyleCliTest.resource("/fixtures/models/alexnet-seeded-f16.pth").toString(), "--device", "cpu", "--quiet"));
		StringWriter err = new StringWriter();
		CommandLine cl = NeuralStyleCli.commandLine();
		cl.setErr(new PrintWriter(err, true));
		cl.setOut(new PrintWriter(new StringWriter(), true));
		int code = cl.execute(args.toArray(String[]::new));
		if (code != 0) fail(c.name() + ": exit code " + code + ": " + err);
		return "pixels " + pixels(ImageFiles.read(out)) + "\n" + withoutElapsedTime(Files.readAllLines(log));
	}

	/** SHA-256 of every plane's pixels, in stack order (RGB as ints, gray as their values' bits). */
	private static String pixels(ImagePlus image) {
		ImageStack stack = image.getStack();
		ByteBuffer bytes = ByteBuffer.allocate(stack.getSize() * stack.getWidth() * stack.getHeight() * 4 + 16)
			.order(ByteOrder.LITTLE_ENDIAN);
		bytes.putInt(stack.getWidth()).putInt(stack.getHeight()).putInt(stack.getSize()).putInt(image.getBitDepth());
		for (int p = 1; p <= stack.getSize(); p++) {
			ImageProcessor ip = stack.getProcessor(p);
			for (int i = 0; i < ip.getPixelCount(); i++) {
				bytes.putInt(ip instanceof FloatProcessor ? Float.floatToIntBits(ip.getf(i)) : ip.get(i));
			}
		}
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java has SHA-256", e);
		}
	}

	private static String withoutElapsedTime(List<String> lines) {
		int elapsed = Arrays.asList(lines.get(0).split(",")).indexOf("elapsed_ms");
		return lines.stream().map(line -> {
			List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
			cells.remove(elapsed);
			return "log " + String.join(",", cells);
		}).collect(Collectors.joining("\n"));
	}

	/**
	 * What makes PyTorch's CPU results differ between machines: the processor and its vector
	 * instructions, the threads, the architecture and the PyTorch build.
	 */
	static String machine() throws IOException {
		String model = "", flags = "";
		Path cpuinfo = Path.of("/proc/cpuinfo");
		if (Files.isReadable(cpuinfo)) {
			for (String line : Files.readAllLines(cpuinfo)) {
				if (model.isEmpty() && line.startsWith("model name")) model = line.substring(line.indexOf(':') + 1).strip();
				if (flags.isEmpty() && line.startsWith("flags")) flags = line.substring(line.indexOf(':') + 1).strip();
			}
		}
		String vector = Arrays.stream(flags.split(" ")).filter(f -> f.startsWith("avx") || f.startsWith("fma")
			|| f.startsWith("sse")).sorted().collect(Collectors.joining(" "));
		return String.format(Locale.ROOT, "%s; %s; %d processors; PyTorch %s; %s", System.getProperty("os.arch"),
			model.isEmpty() ? "unknown processor" : model, Runtime.getRuntime().availableProcessors(),
			Engine.getEngine("PyTorch").getVersion(), vector);
	}

	private String readFixture() throws IOException {
		try (var in = PinnedResultsTest.class.getResourceAsStream(FIXTURE)) {
			if (in == null) throw new IllegalStateException("missing src/test/resources" + FIXTURE);
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static Path sample(String name) {
		return NeuralStyleCliTest.sample(name);
	}

	/** A 32-bit gray content: a crop of the cell sample, values spread over [−0.5, 2.25]. */
	private static Path grayFloat(Path file) throws IOException {
		ImagePlus cell = ImageFiles.read(sample("cell.png"));
		ImageProcessor crop = cell.getProcessor();
		crop.setRoi(100, 120, 160, 120);
		FloatProcessor f = crop.crop().convertToFloatProcessor();
		for (int i = 0; i < f.getPixelCount(); i++) f.setf(i, f.getf(i) / 100f - 0.5f);
		f.resetMinAndMax();
		return save(new ImagePlus("cell32", f), file);
	}

	/** Three RGB frames: the coffee sample panning 12 px right and 4 px down per frame. */
	private static Path pan(Path file) throws IOException {
		ImageProcessor coffee = ImageFiles.read(sample("coffee.png")).getProcessor();
		ImageStack stack = new ImageStack(240, 160);
		for (int t = 0; t < 3; t++) {
			coffee.setRoi(150 + 12 * t, 100 + 4 * t, 240, 160);
			stack.addSlice("frame " + (t + 1), (ColorProcessor) coffee.crop());
		}
		ImagePlus movie = new ImagePlus("pan", stack);
		movie.setDimensions(1, 1, 3);
		return save(movie, file);
	}

	private static Path save(ImagePlus image, Path file) throws IOException {
		boolean saved = image.getStackSize() > 1 ? new FileSaver(image).saveAsTiffStack(file.toString())
			: new FileSaver(image).saveAsTiff(file.toString());
		if (!saved) throw new IOException("could not write " + file);
		return file;
	}

	/** The fixture's text: the machine, then each run's lines under its name. */
	static final class Pinned {

		static final String MACHINE = "machine";

		private Pinned() {}

		static Map<String, String> parse(String text) {
			Map<String, String> runs = new LinkedHashMap<>();
			String name = null;
			StringBuilder body = new StringBuilder();
			for (String line : text.split("\n")) {
				if (line.startsWith("#") || line.isBlank()) continue;
				if (line.startsWith(MACHINE + " ")) runs.put(MACHINE, line.substring(MACHINE.length() + 1));
				else if (line.startsWith("run ")) {
					if (name != null) runs.put(name, body.toString().strip());
					name = line.substring(4);
					body.setLength(0);
				}
				else body.append(line).append('\n');
			}
			if (name != null) runs.put(name, body.toString().strip());
			return runs;
		}

		static String format(Map<String, String> runs) {
			StringBuilder s = new StringBuilder("# PinnedResultsTest: each run's result pixels (SHA-256) and loss log "
				+ "(without elapsed_ms), on the machine named below.\n");
			runs.forEach((name, body) -> {
				if (name.equals(MACHINE)) s.append(MACHINE).append(' ').append(body).append('\n');
				else s.append("run ").append(name).append('\n').append(body).append('\n');
			});
			return s.toString();
		}
	}
}

package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Params;

/**
 * The application on {@code local[2]} with tiny images and the seeded AlexNet weights: every result
 * written and complete, the summary complete, a broken image failing its job only, and a second run
 * skipping what the first finished.
 */
@Tag("slow")
class LocalRunTest {

	@TempDir
	Path dir;

	/** Runs the application as its launcher does; returns the exit code and what it printed. */
	private static Map.Entry<Integer, String> app(List<String> args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		List<String> all = new ArrayList<>(List.of("--master", "local[2]"));
		all.addAll(args);
		int code = SparkStyleApp.run(err, all.toArray(String[]::new));
		return Map.entry(code, bytes.toString(StandardCharsets.UTF_8));
	}

	private static List<CSVRecord> summary(Path output) throws IOException {
		try (Reader in = Files.newBufferedReader(output.resolve(Summary.CSV))) {
			return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
		}
	}

	/** A fast-style model (seeded, saved by torch.save) styles a folder as jobs too, no style image given. */
	@Test
	void aFastStyleModelStylesAFolderWithoutAStyleImage() throws IOException {
		Path in = Files.createDirectories(dir.resolve("in"));
		TestData.rgb(in.resolve("a.png"), 1);
		TestData.gray(in.resolve("b.tif"), 2);
		Path model = dir.resolve("seeded.pth");
		try (java.io.InputStream gz = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of(System.getProperty(
			"neuralstyle.fixtures"), "fast", "transformer-zip.pth.gz"))))
		{
			Files.copy(gz, model);
		}
		Path out = dir.resolve("out");
		Map.Entry<Integer, String> run = app(List.of("--input", in.toString(), "--model", model.toString(), "--size", "32",
			"--output", out.toString()));
		assertEquals(0, run.getKey(), run.getValue());
		List<CSVRecord> rows = summary(out);
		assertEquals(2, rows.size());
		for (CSVRecord r : rows) assertEquals("done", r.get("status"), r.toString());
	}

	@Test
	void stylesAFolderReportsTheBrokenImageAndSkipsFinishedJobsTheSecondTime() throws IOException {
		Path in = Files.createDirectories(dir.resolve("in"));
		TestData.rgb(in.resolve("a.png"), 1);
		TestData.rgb(in.resolve("b.jpg"), 2);
		TestData.gray(in.resolve("c.tif"), 3);
		TestData.rgb(in.resolve("d.png"), 4);
		TestData.broken(in.resolve("e.png"));
		Path style = TestData.rgb(dir.resolve("style.png"), 9);
		Path out = dir.resolve("out");
		List<String> args = new ArrayList<>(TestData.tinyOptions(4));
		args.addAll(List.of("--input", in.toString(), "--style", style.toString(), "--output", out.toString()));
		StyleTask.ENGINE.networks().releaseIdle();
		int loadsBefore = StyleTask.ENGINE.networks().loads();

		Map.Entry<Integer, String> first = app(args);
		assertEquals(SparkStyleApp.EXIT_JOBS_FAILED, first.getKey(), first.getValue());
		assertTrue(first.getValue().contains("4 done, 0 skipped (done before), 1 failed"), first.getValue());
		assertTrue(first.getValue().contains("failed: e.png: content: Cannot open " + in.resolve("e.png") + " as an image"),
			first.getValue());
		assertEquals(1, StyleTask.ENGINE.networks().loads() - loadsBefore, "one network for the four jobs, loaded once");
		assertEquals(List.of("a_losses.csv", "a_styled.png", "a_styled_params.csv", "b_losses.csv", "b_styled.png",
			"b_styled_params.csv", "c_losses.csv", "c_styled.tif", "c_styled_params.csv", "d_losses.csv", "d_styled.png",
			"d_styled_params.csv", Summary.CSV), TestData.files(out).stream().filter(f -> !f.startsWith(Summary.PARQUET)).toList());
		for (String name : List.of("a", "b", "d")) TestData.assertComplete(out.resolve(name + "_styled.png"), out.resolve(name + "_losses.csv"), 4);
		TestData.assertComplete(out.resolve("c_styled.tif"), out.resolve("c_losses.csv"), 4);
		assertEquals(8, sc.fiji.neuralstyle.image.ImageFiles.read(out.resolve("c_styled.tif")).getBitDepth(), "gray stays gray");
		TestData.assertNoTemporaryFiles(dir);

		List<CSVRecord> rows = summary(out);
		assertEquals(5, rows.size(), "one row per job");
		Map<String, CSVRecord> byContent = new HashMap<>();
		for (CSVRecord r : rows) byContent.put(Path.of(r.get("content")).getFileName().toString(), r);
		for (String name : List.of("a.png", "b.jpg", "c.tif", "d.png")) {
			CSVRecord r = byContent.get(name);
			assertEquals("done", r.get("status"), name);
			assertTrue(r.get("message").startsWith("Done: 4 iterations"), r.get("message"));
			assertEquals("4", r.get("iterations_done"));
			assertTrue(Double.parseDouble(r.get("loss_total")) > 0, name);
			assertTrue(Double.parseDouble(r.get("seconds")) > 0, name);
			assertEquals("cpu", r.get("device_used"));
			assertEquals("driver", r.get("executor"), "local mode runs in the driver");
			assertEquals(style.toString(), r.get("style"));
			assertEquals("alexnet", r.get("network"));
			assertEquals("4", r.get("iterations"));
			assertEquals(TestData.WEIGHTS.toString(), r.get("weights"));
		}
		for (var p : Params.on(Front.SPARK)) {
			if (p != Params.QUIET) assertTrue(rows.get(0).isMapped(p.name()), "the summary has every parameter: " + p.name());
		}
		assertEquals(1, rows.stream().filter(r -> r.get("network_loaded").equals("true")).count());
		CSVRecord broken = byContent.get("e.png");
		assertEquals("failed", broken.get("status"));
		assertTrue(broken.get("message").startsWith("content: Cannot open"), broken.get("message"));
		assertEquals("", broken.get("output"));
		try (SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate()) {
			assertEquals(5, spark.read().parquet(out.resolve(Summary.PARQUET).toString()).count(), "the Parquet summary too");
		}

		Map<String, FileTime> written = new HashMap<>();
		for (String f : TestData.files(out)) written.put(f, Files.getLastModifiedTime(out.resolve(f)));
		Map.Entry<Integer, String> second = app(args);
		assertEquals(SparkStyleApp.EXIT_JOBS_FAILED, second.getKey(), second.getValue());
		assertTrue(second.getValue().contains("0 done, 4 skipped (done before), 1 failed"), second.getValue());
		for (String name : List.of("a_styled.png", "b_styled.png", "c_styled.tif", "d_styled.png", "a_losses.csv")) {
			assertEquals(written.get(name), Files.getLastModifiedTime(out.resolve(name)), name + " was left as it was");
		}
		List<CSVRecord> again = summary(out);
		assertEquals(5, again.size());
		for (CSVRecord r : again) {
			if (r.get("content").endsWith("e.png")) continue;
			assertEquals("skipped", r.get("status"));
			assertEquals("4", r.get("iterations_done"), "read back from the loss log");
			assertEquals(byContent.get(Path.of(r.get("content")).getFileName().toString()).get("loss_total"), r.get("loss_total"));
		}
	}

	/**
	 * The folder job again with another size and more iterations: its results were made with the
	 * old ones, so they are not skipped as done (the summary would report parameters they were not
	 * made with), nor replaced unasked: the run is refused before any work, naming what changed;
	 * with --redo every job is made again.
	 */
	@Test
	void aRerunWithOtherParametersIsRefusedUntilRedoIsAsked() throws IOException {
		Path in = Files.createDirectories(dir.resolve("in"));
		TestData.rgb(in.resolve("a.png"), 1);
		TestData.gray(in.resolve("c.tif"), 3);
		Path style = TestData.rgb(dir.resolve("style.png"), 9);
		Path out = dir.resolve("out");
		List<String> jobs = List.of("--input", in.toString(), "--style", style.toString(), "--output", out.toString());
		Map.Entry<Integer, String> first = app(with(TestData.tinyOptions(3), jobs));
		assertEquals(SparkStyleApp.EXIT_OK, first.getKey(), first.getValue());
		Map<String, FileTime> written = new HashMap<>();
		for (String f : TestData.files(out)) written.put(f, Files.getLastModifiedTime(out.resolve(f)));

		List<String> changed = with(List.of("--network", "alexnet", "--weights", TestData.WEIGHTS.toString(), "--size", "48",
			"--iterations", "4", "--device", "cpu"), jobs);
		Map.Entry<Integer, String> second = app(changed);
		assertEquals(SparkStyleApp.EXIT_USAGE, second.getKey(), second.getValue());
		assertTrue(second.getValue().contains("a.png: size: " + out.resolve("a_styled.png") + " was made with size 64 (now "
			+ "48), iterations 3 (now 4); so were the results of 1 other job (c.tif); add --redo to make them again with "
			+ "the parameters of now (replacing them), or give another --output folder to keep them"), second.getValue());
		for (String f : TestData.files(out)) assertEquals(written.get(f), Files.getLastModifiedTime(out.resolve(f)), f + " untouched");
		assertEquals(List.of("a_losses.csv", "a_styled.png", "a_styled_params.csv", "c_losses.csv", "c_styled.tif",
			"c_styled_params.csv", Summary.CSV), TestData.files(out).stream().filter(f -> !f.startsWith(Summary.PARQUET)).toList());

		List<String> redo = new ArrayList<>(changed);
		redo.add("--redo");
		Map.Entry<Integer, String> third = app(redo);
		assertEquals(SparkStyleApp.EXIT_OK, third.getKey(), third.getValue());
		assertTrue(third.getValue().contains("2 done, 0 skipped (done before), 0 failed"), third.getValue());
		for (String name : List.of("a_styled.png", "c_styled.tif")) {
			assertEquals(48, sc.fiji.neuralstyle.image.ImageFiles.read(out.resolve(name)).getWidth(), name + " made again");
		}
		for (String name : List.of("a", "c")) {
			assertEquals(5, Files.readAllLines(out.resolve(name + "_losses.csv")).size(), "a header and 4 evaluations");
			assertTrue(Files.readAllLines(out.resolve(name + "_styled_params.csv")).containsAll(List.of("size,48",
				"iterations,4")), name + "'s record");
		}
		for (CSVRecord r : summary(out)) {
			assertEquals("done", r.get("status"));
			assertEquals("48", r.get("size"));
			assertEquals("4", r.get("iterations_done"));
		}
		TestData.assertNoTemporaryFiles(dir);
	}

	/**
	 * A stop asked for when no job is left to run, as Ctrl-C after the jobs finished (issue 21: the
	 * driver then printed nothing and wrote no summary): the summary of what finished is written and
	 * the report says what stopped the run; a job not started counts as stopped. (Ctrl-C while jobs
	 * run, in a JVM of its own: {@link SparkInterruptTest}.)
	 */
	@Test
	void aRunStoppedByASignalWritesTheSummaryOfWhatFinished() throws IOException {
		TestData.rgb(dir.resolve("a.png"), 1);
		TestData.rgb(dir.resolve("b.png"), 2);
		Path style = TestData.rgb(dir.resolve("style.png"), 9);
		Path out = dir.resolve("out");
		List<String> a = with(TestData.tinyOptions(2), List.of("--content", dir.resolve("a.png").toString(), "--style",
			style.toString(), "--output", out.toString()));
		assertEquals(SparkStyleApp.EXIT_OK, app(a).getKey());
		JobPlanner.Plan both = JobPlanner.plan(SparkOptions.parse(with(a, List.of("--content", dir.resolve("b.png")
			.toString())).toArray(String[]::new)), dir);
		SparkStyleApp.Stop ctrlC = new SparkStyleApp.Stop() {
			@Override public boolean requested() { return true; }
			@Override public void onRequest(Runnable cancel) { cancel.run(); }
			@Override public String describe() { return "Ctrl-C"; }
		};
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		SparkStyleApp.Report report;
		try (SparkSession spark = SparkSession.builder().master("local[1]").config("spark.driver.host", "127.0.0.1")
			.config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
		{
			report = SparkStyleApp.run(spark, both, new PrintStream(bytes, true, StandardCharsets.UTF_8), ctrlC);
		}
		String log = bytes.toString(StandardCharsets.UTF_8);
		assertEquals("Ctrl-C", report.stoppedBy());
		assertEquals("neural-style-spark: stopped by Ctrl-C: 0 done, 1 skipped (done before), 0 failed, 1 stopped",
			log.lines().toList().get(1).replaceAll(", in [0-9.]+ s; summary: .*", ""), log);
		assertEquals(2, log.lines().count(), "what the run planned, then one line: " + log);
		assertEquals(List.of("skipped", "stopped"), summary(out).stream().map(r -> r.get("status")).toList());
		assertTrue(Files.notExists(out.resolve("b_styled.png")));
	}

	private static List<String> with(List<String> options, List<String> more) {
		List<String> all = new ArrayList<>(options);
		all.addAll(more);
		return all;
	}

	@Test
	void manifestRowsWithTheirOwnParametersAndWeightsShippedWithTheApplication() throws IOException {
		Path data = Files.createDirectories(dir.resolve("data"));
		TestData.rgb(data.resolve("a.png"), 1);
		TestData.gray(data.resolve("b.png"), 2);
		TestData.rgb(data.resolve("s.png"), 3);
		Files.writeString(data.resolve("jobs.csv"), """
			content,style,output,iterations,preview_every
			a.png,s.png,a_short.png,2,
			b.png,s.png,,5,2
			""");
		// As spark-submit --files does: the weights travel with the application, named by their file name.
		Path shipped = Files.copy(TestData.WEIGHTS, dir.resolve("seeded-alexnet.pth"));
		System.setProperty("spark.files", shipped.toString());
		Map.Entry<Integer, String> run;
		try {
			run = app(List.of("--manifest", data.resolve("jobs.csv").toString(), "--output", dir.resolve("out").toString(),
				"--network", "alexnet", "--weights", "seeded-alexnet.pth", "--size", "64", "--device", "cpu"));
		}
		finally {
			System.clearProperty("spark.files");
		}
		assertEquals(SparkStyleApp.EXIT_OK, run.getKey(), run.getValue());
		Path out = dir.resolve("out");
		TestData.assertComplete(out.resolve("a_short.png"), out.resolve("a_short_losses.csv"), 2);
		TestData.assertComplete(out.resolve("b_styled.tif"), out.resolve("b_losses.csv"), 5);
		assertTrue(Files.exists(out.resolve("b_styled_iter0002.tif")) && Files.exists(out.resolve("b_styled_iter0004.tif")),
			"previews of the row that asked for them: " + TestData.files(out));
		List<CSVRecord> rows = summary(out);
		assertEquals("seeded-alexnet.pth", rows.get(0).get("weights"), "the summary keeps the name given");
		assertEquals("2", rows.get(0).get("iterations"));
		assertEquals("5", rows.get(1).get("iterations"));
		TestData.assertNoTemporaryFiles(dir);
	}

	/** Speculative copies of one job, at the same time: one complete result, nothing half-written. */
	@Test
	void twoCopiesOfAJobAtOnceLeaveOneCompleteResult() throws Exception {
		Path content = TestData.rgb(dir.resolve("a.png"), 1);
		Path style = TestData.rgb(dir.resolve("s.png"), 2);
		List<String> args = new ArrayList<>(TestData.tinyOptions(6));
		args.addAll(List.of("--content", content.toString(), "--style", style.toString(), "--output", dir.resolve("out").toString()));
		Job job = JobPlanner.plan(SparkOptions.parse(args.toArray(String[]::new)), dir).jobs().get(0);
		TaskEnvironment env = new TaskEnvironment() {
			@Override public String executor() { return "test"; }
			@Override public String host() { return "localhost"; }
			@Override public Map<String, ResourceInformation> resources() { return Map.of(); }
			@Override public boolean isInterrupted() { return false; }
		};
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Callable<JobOutcome> copy = () -> StyleTask.run(job, env);
			Future<JobOutcome> one = pool.submit(copy), two = pool.submit(copy);
			for (JobOutcome o : List.of(one.get(5, TimeUnit.MINUTES), two.get(5, TimeUnit.MINUTES))) {
				assertTrue(o.status() != JobOutcome.Status.FAILED, o.message());
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertEquals(List.of("a_losses.csv", "a_styled.png", "a_styled_params.csv"), TestData.files(dir.resolve("out")));
		TestData.assertComplete(dir.resolve("out/a_styled.png"), dir.resolve("out/a_losses.csv"), 6);
		assertEquals(JobOutcome.Status.SKIPPED, StyleTask.run(job, env).status(), "a later copy finds it done");
	}

	@Test
	void aFolderOfFramesAndAStackAreAJobEachStyledInOrderAndSkippedTheSecondTime() throws IOException {
		Path frames = Files.createDirectories(dir.resolve("frames"));
		for (int n : new int[] { 1, 2, 10 }) TestData.rgb(frames.resolve("f" + n + ".png"), n);
		ij.ImageStack planes = new ij.ImageStack(64, 64);
		for (int i = 0; i < 2; i++) planes.addSlice(ImageFiles.read(TestData.gray(dir.resolve("g" + i + ".png"), i)).getProcessor());
		ij.ImagePlus zStack = new ij.ImagePlus("z", planes);
		zStack.getCalibration().pixelDepth = 3;
		Path stack = dir.resolve("z.tif");
		ImageFiles.write(zStack, stack);
		Path style = TestData.rgb(dir.resolve("style.png"), 9);
		Path out = dir.resolve("out");
		List<String> args = new ArrayList<>(TestData.tinyOptions(3));
		args.addAll(List.of("--content", frames.toString(), "--content", stack.toString(), "--style", style.toString(),
			"--output", out.toString(), "--planes", "all"));

		Map.Entry<Integer, String> first = app(args);
		assertEquals(SparkStyleApp.EXIT_OK, first.getKey(), first.getValue());
		assertTrue(first.getValue().contains("2 done, 0 skipped (done before), 0 failed"), first.getValue());
		assertEquals(List.of("frames_losses.csv", "frames_styled.tif", "frames_styled_params.csv", "z_losses.csv",
			"z_styled.tif", "z_styled_params.csv"),
			TestData.files(out).stream().filter(f -> !f.startsWith(Summary.PARQUET) && !f.equals(Summary.CSV)).toList());
		ij.ImagePlus movie = ImageFiles.read(out.resolve("frames_styled.tif"));
		assertEquals(3, movie.getNFrames(), "a stack result is a TIFF whatever its type");
		assertEquals(24, movie.getBitDepth());
		ij.ImagePlus z = ImageFiles.read(out.resolve("z_styled.tif"));
		assertEquals(2, z.getNSlices());
		assertEquals(8, z.getBitDepth());
		assertEquals(3, z.getCalibration().pixelDepth, 1e-9);
		List<String> log = Files.readAllLines(out.resolve("frames_losses.csv"));
		// Temporal coherence is on by default: the frames are held together, the log has its column.
		assertEquals("iteration,total,content,style,tv,temporal,elapsed_ms,scale,plane", log.get(0));
		assertEquals(List.of("1", "1", "1", "2", "2", "2", "3", "3", "3"),
			log.stream().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1)).toList(), "the frames in order, one task");
		CSVRecord framesRow = summary(out).stream().filter(r -> r.get("content").endsWith("frames")).findFirst().orElseThrow();
		assertEquals("9", framesRow.get("iterations_done"));
		assertTrue(framesRow.isMapped("loss_temporal"), "the summary has the temporal term's column");
		TestData.assertNoTemporaryFiles(dir);

		Map.Entry<Integer, String> second = app(args);
		assertEquals(SparkStyleApp.EXIT_OK, second.getKey(), second.getValue());
		assertTrue(second.getValue().contains("0 done, 2 skipped (done before), 0 failed"), second.getValue());

		// A frame added since: the record says what the job's inputs were, so its result is not done (issue 21).
		TestData.rgb(frames.resolve("f11.png"), 11);
		Map.Entry<Integer, String> third = app(args);
		assertEquals(SparkStyleApp.EXIT_USAGE, third.getKey(), third.getValue());
		assertTrue(third.getValue().contains("frames: content: " + out.resolve("frames_styled.tif") + " was made with "
			+ "content files 3 frames, "), third.getValue());
	}

	/**
	 * A folder of frames with a stack among them (issue 21: styled as if the stack were one frame):
	 * the job fails before any work with the command line's message, the other jobs go on.
	 */
	@Test
	void aStackAmongTheFramesFailsItsJobBeforeAnyWork() throws IOException {
		Path frames = Files.createDirectories(dir.resolve("frames"));
		TestData.rgb(frames.resolve("f1.png"), 1);
		ij.ImageStack two = new ij.ImageStack(64, 64);
		for (int i = 2; i <= 3; i++) two.addSlice(ImageFiles.read(TestData.rgb(dir.resolve("p" + i + ".png"), i)).getProcessor());
		ImageFiles.write(new ij.ImagePlus("two", two), frames.resolve("f2.tif"));
		Path style = TestData.rgb(dir.resolve("style.png"), 9);
		Path out = dir.resolve("out");
		Map.Entry<Integer, String> run = app(with(TestData.tinyOptions(2), List.of("--content", frames.toString(),
			"--content", dir.resolve("p2.png").toString(), "--style", style.toString(), "--output", out.toString(),
			"--planes", "all")));
		assertEquals(SparkStyleApp.EXIT_JOBS_FAILED, run.getKey(), run.getValue());
		assertTrue(run.getValue().contains("failed: frames: content: " + frames.resolve("f2.tif") + " in the folder of "
			+ "frames is itself a stack of 2 planes; give a folder of single images, or that stack alone"), run.getValue());
		assertTrue(run.getValue().contains("1 done, 0 skipped (done before), 1 failed"), run.getValue());
		assertEquals("0", summary(out).get(0).get("iterations_done"), "no work before the refusal");
	}
}

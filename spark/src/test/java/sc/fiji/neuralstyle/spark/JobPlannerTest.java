package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.Params;

/** The jobs of the options and manifests, named and checked on the driver before any work. */
class JobPlannerTest {

	@TempDir
	Path dir;

	private JobPlanner.Plan plan(List<String> args) {
		return JobPlanner.plan(SparkOptions.parse(args.toArray(String[]::new)), dir);
	}

	private static List<String> args(String... more) {
		List<String> a = new ArrayList<>(TestData.tinyOptions(3));
		a.addAll(List.of(more));
		return a;
	}

	@Test
	void everyContentWithEveryStyleNamedAsStyleFolderDoes() throws IOException {
		Files.createDirectories(dir.resolve("in"));
		TestData.rgb(dir.resolve("in/a.png"), 1);
		TestData.gray(dir.resolve("in/b.tif"), 2);
		Files.writeString(dir.resolve("in/notes.txt"), "not an image");
		TestData.rgb(dir.resolve("s1.png"), 3);
		TestData.rgb(dir.resolve("s2.jpg"), 4);

		JobPlanner.Plan one = plan(args("--input", "in", "--style", "s1.png", "--output", "out"));
		assertEquals(dir.resolve("out"), one.output());
		assertTrue(Files.isDirectory(one.output()), "the output folder is made");
		assertEquals(2, one.jobs().size());
		Job a = one.jobs().get(0);
		assertEquals("a.png", a.origin());
		assertEquals(dir.resolve("in/a.png").toString(), a.texts().get("content"), "paths absolute for the executors");
		assertEquals(dir.resolve("out/a_styled.png"), a.output(24), "RGB: PNG");
		assertEquals(dir.resolve("out/a_styled.tif"), a.output(16), "gray: TIFF, keeping the type");
		assertEquals(dir.resolve("out/a_losses.csv"), a.lossLog());
		assertEquals(3, a.values().get(Params.ITERATIONS));
		assertEquals(ComputeDevice.CPU, a.values().get(Params.DEVICE));

		JobPlanner.Plan two = plan(args("--input", "in", "--style", "s1.png", "--style", "s2.jpg", "--output", "out2"));
		assertEquals(4, two.jobs().size(), "2 contents × 2 styles");
		assertEquals(dir.resolve("out2/s2/b_styled.tif"), two.jobs().get(3).output(8), "a subfolder per style");
		assertEquals(dir.resolve("out2/s2/b_losses.csv"), two.jobs().get(3).lossLog());
		assertTrue(Files.isDirectory(dir.resolve("out2/s1")));

		// Several files in one --style are one job's styles, blended.
		JobPlanner.Plan blend = plan(args("--input", "in", "--style", "s1.png, s2.jpg", "--style", "s2.jpg", "--output", "out3"));
		assertEquals(4, blend.jobs().size(), "2 contents × 2 styles, the first a blend");
		Job blended = blend.jobs().get(0);
		assertEquals(List.of(dir.resolve("s1.png").toString(), dir.resolve("s2.jpg").toString()),
			blended.values().get(Params.STYLE));
		assertEquals(dir.resolve("out3/s1+s2/a_styled.png"), blended.output(24), "the blend's folder names both");
	}

	/** A value for each parameter that is not its default, by the table's kinds. */
	private static String sample(Param<?> p) {
		return switch (p.kind()) {
			case FLAG -> "true";
			case INTEGER -> String.valueOf(((Number) p.defaultValue()).intValue() + 1);
			case NUMBER -> String.valueOf(((Number) p.defaultValue()).doubleValue() + 0.5);
			case CHOICE -> p == Params.NETWORK ? "alexnet"
				: p.choices().stream().filter(c -> !c.equals(p.defaultText())).findFirst().orElseThrow();
			case TEXT -> p == Params.DEVICE ? "cpu" : p == Params.CONTENT_LAYERS ? "relu2" : p == Params.TILE_SIZE ? "auto"
				: p == Params.STYLE_BLEND_WEIGHTS ? "1" : p == Params.TEMPORAL_FRAMES ? "1,2" : "relu1:0.5,relu3";
			default -> throw new IllegalArgumentException(p.name());
		};
	}

	@Test
	void everyParameterOfTheTableIsAnOptionAndAManifestColumn() throws IOException {
		TestData.rgb(dir.resolve("c.png"), 1);
		TestData.rgb(dir.resolve("s.png"), 2);
		Map<String, String> given = new LinkedHashMap<>();
		for (Param<?> p : Params.on(Front.SPARK)) {
			if (p.kind() == Kind.IMAGE || p.kind() == Kind.INPUT_FILE || p.kind() == Kind.OUTPUT_FILE) continue;
			given.put(p.name(), sample(p));
		}
		given.put(Params.WEIGHTS.name(), TestData.WEIGHTS.toString());
		List<String> options = new ArrayList<>();
		for (Map.Entry<String, String> e : given.entrySet()) options.addAll(List.of("--" + e.getKey(), e.getValue()));
		options.addAll(List.of("--content", "c.png", "--style", "s.png", "--output", "out"));
		ParamValues fromOptions = plan(options).jobs().get(0).values();

		Files.writeString(dir.resolve("jobs.csv"), String.join(",", given.keySet()) + ",content,style\n"
			+ String.join(",", given.values().stream().map(v -> '"' + v + '"').toList()) + ",c.png,s.png\n");
		ParamValues fromManifest = plan(List.of("--manifest", "jobs.csv", "--output", "out2")).jobs().get(0).values();
		for (String name : given.keySet()) {
			Param<?> p = Params.named(name);
			Object expected = p.parse(given.get(name));
			assertTrue(!expected.equals(p.defaultValue()), name + ": the sample differs from the default");
			assertEquals(expected, fromOptions.get(p), "--" + name);
			assertEquals(expected, fromManifest.get(p), "column " + name);
		}
		assertEquals(given.keySet().size() + 6, Params.on(Front.SPARK).size(),
			"and content, style, model, content_masks, output, loss_log");
		String usage = SparkOptions.usage();
		for (Param<?> p : Params.on(Front.SPARK)) assertTrue(usage.matches("(?s).*--" + p.name() + "[= \\[].*"), "--help shows --" + p.name());
	}

	@Test
	void manifestRowsCarryTheirOwnParameters() throws IOException {
		Files.createDirectories(dir.resolve("data"));
		TestData.rgb(dir.resolve("data/a.png"), 1);
		TestData.rgb(dir.resolve("data/b.png"), 2);
		TestData.rgb(dir.resolve("data/s.png"), 3);
		Files.writeString(dir.resolve("data/jobs.csv"), """
			content,style,output,iterations,style_weight
			a.png,s.png,,7,
			b.png,s.png,sub/b_strong.tif,,"5e4"

			a.png,b.png,a_by_b.jpg,2,1
			""");
		JobPlanner.Plan plan = plan(args("--manifest", "data/jobs.csv", "--output", "out", "--style_weight", "200"));
		List<Job> jobs = plan.jobs();
		assertEquals(3, jobs.size(), "the empty line is no job");
		assertEquals("jobs.csv line 2", jobs.get(0).origin());
		assertEquals(7, jobs.get(0).values().get(Params.ITERATIONS));
		assertEquals(200, jobs.get(0).values().get(Params.STYLE_WEIGHT), "an empty cell takes the option");
		assertEquals(dir.resolve("out/s/a_styled.png"), jobs.get(0).output(24),
			"no output: Style_Folder's name, in a folder per style (the manifest has two)");
		assertEquals(dir.resolve("data/a.png").toString(), jobs.get(0).texts().get("content"), "inputs relative to the manifest");
		assertEquals(3, jobs.get(1).values().get(Params.ITERATIONS), "an empty cell takes the option");
		assertEquals(5e4, jobs.get(1).values().get(Params.STYLE_WEIGHT));
		assertNull(jobs.get(1).outputStem());
		assertEquals(dir.resolve("out/sub/b_strong.tif"), jobs.get(1).output(24), "outputs relative to --output");
		assertTrue(Files.isDirectory(dir.resolve("out/sub")));
		assertEquals(dir.resolve("out/sub/b_strong_losses.csv"), jobs.get(1).lossLog());
		assertEquals("jobs.csv line 5", jobs.get(2).origin());
		assertEquals(dir.resolve("data/b.png").toString(), jobs.get(2).texts().get("style"));

		// A quoted cell with several styles blends them; each path is relative to the manifest.
		Files.writeString(dir.resolve("data/blend.csv"), "content,style,output,style_blend_weights\na.png,\"s.png, b.png\",ab.png,\"3,1\"\n");
		Job blend = plan(args("--manifest", "data/blend.csv", "--output", "out4")).jobs().get(0);
		assertEquals(List.of(dir.resolve("data/s.png").toString(), dir.resolve("data/b.png").toString()),
			blend.values().get(Params.STYLE));
		assertEquals(List.of(3.0, 1.0), blend.values().get(Params.STYLE_BLEND_WEIGHTS));
	}

	private void assertProblem(String expected, List<String> args) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(args));
		assertEquals(expected, e.getMessage());
	}

	@Test
	void wrongJobsStopTheRunBeforeAnyWorkWithOneMessage() throws IOException {
		Files.createDirectories(dir.resolve("in"));
		TestData.rgb(dir.resolve("in/a.png"), 1);
		TestData.rgb(dir.resolve("in/a.jpg"), 2);
		TestData.rgb(dir.resolve("s.png"), 3);
		assertProblem("iteration: unknown parameter; did you mean iterations?",
			List.of("--iteration", "5", "--input", "in", "--style", "s.png", "--output", "o"));
		assertProblem("channel: not a parameter in the Spark application; leave it out",
			List.of("--channel", "2", "--input", "in", "--style", "s.png", "--output", "o"));
		assertProblem("iterations: 0 is too small; give a whole number from 1 to 1000000",
			List.of("--iterations", "0", "--input", "in", "--style", "s.png", "--output", "o"));
		assertProblem("size: given twice; give --size once (or per row in a manifest)",
			List.of("--size", "64", "--size", "32", "--input", "in", "--style", "s.png", "--output", "o"));
		assertProblem("loss_log: one file cannot hold the losses of many jobs; leave it out (each job writes "
			+ "<name>_losses.csv beside its result) or give it per row in a manifest",
			List.of("--loss_log", "l.csv", "--input", "in", "--style", "s.png", "--output", "o"));
		assertProblem("output: missing; give --output, the folder for the results", List.of("--input", "in", "--style", "s.png"));
		assertProblem("style: missing; give --style FILE (or a style column in the manifest)",
			List.of("--input", "in", "--output", "o"));
		assertProblem("a.png: output: " + dir.resolve("o/a_styled.png") + " is written by a.jpg too; give each job its "
			+ "own output (in a manifest), or rename one of the inputs",
			List.of("--input", "in", "--style", "s.png", "--output", "o"));
		Files.delete(dir.resolve("in/a.jpg"));
		assertProblem("a.png: style_layers: alexnet has no layer 'relu1_1'; use its layers (empty for the defaults, "
			+ "relu1,relu2,relu3,relu4,relu5): conv1, relu1, pool1, conv2, relu2, pool2, conv3, relu3, conv4, relu4, conv5, "
			+ "relu5, pool5", args("--input", "in", "--style", "s.png", "--output", "o", "--style_layers", "relu1_1"));

		Files.writeString(dir.resolve("jobs.csv"), "content,style,iteration\nin/a.png,s.png,4\n");
		assertProblem("manifest: the column iteration: unknown parameter in jobs.csv; did you mean iterations?",
			List.of("--manifest", "jobs.csv", "--output", "o"));
		Files.writeString(dir.resolve("jobs.csv"), "content,style,iterations\nin/a.png,s.png,4\nin/a.png,s.png,-2\n");
		assertProblem("jobs.csv line 3: iterations: -2 is too small; give a whole number from 1 to 1000000",
			List.of("--manifest", "jobs.csv", "--output", "o"));
	}

	/**
	 * Every file the run writes (results, previews, loss logs, records and the summary) is checked
	 * against every job's inputs and the manifest, and is written by one writer only.
	 */
	@Test
	void noFileTheRunWritesIsAnInputOrWrittenTwice() throws IOException {
		Files.createDirectories(dir.resolve("in"));
		TestData.rgb(dir.resolve("in/a.png"), 1);
		TestData.rgb(dir.resolve("s.png"), 3);
		// The output folder is the input folder, where a result of an earlier run is now a content too.
		TestData.rgb(dir.resolve("in/a_styled.png"), 2);
		assertProblem("a.png: output: is the content image's file " + dir.resolve("in/a_styled.png") + " (job a_styled.png), "
			+ "which would be overwritten; give another --output folder (or output in the manifest): inputs are never "
			+ "overwritten", List.of("--input", "in", "--style", "s.png", "--output", "in"));

		// The summary would overwrite the manifest.
		Files.createDirectories(dir.resolve("o"));
		Files.writeString(dir.resolve("o/summary.csv"), "content,style\nin/a.png,s.png\n");
		assertProblem("output: the summary " + dir.resolve("o/summary.csv") + " is the manifest's file, which would be "
			+ "overwritten; give another --output folder: inputs are never overwritten",
			List.of("--manifest", "o/summary.csv", "--output", "o"));

		// A preview of one job is another job's result; a preview is an input.
		Files.writeString(dir.resolve("jobs.csv"), "content,style,output,preview_every\nin/a.png,s.png,x.png,1\n"
			+ "in/a.png,s.png,x_iter0002.png,\n");
		assertProblem("jobs.csv line 3: output: " + dir.resolve("o/x_iter0002.png") + " is written by jobs.csv line 2 too; "
			+ "give each job its own output (in a manifest), or rename one of the inputs",
			args("--manifest", "jobs.csv", "--output", "o"));
		TestData.rgb(dir.resolve("o/x_iter0003.png"), 4);
		Files.writeString(dir.resolve("jobs.csv"), "content,style,output,preview_every\nin/a.png,s.png,x.png,1\n"
			+ "o/x_iter0003.png,s.png,y.png,\n");
		assertProblem("jobs.csv line 2: preview_every: the preview of iteration 3 (" + dir.resolve("o/x_iter0003.png")
			+ ") is the content image's file " + dir.resolve("o/x_iter0003.png") + " (job jobs.csv line 3), which would be "
			+ "overwritten; give another --output folder (or output in the manifest): inputs are never overwritten",
			args("--manifest", "jobs.csv", "--output", "o"));
	}

	/**
	 * A job is done only when its record holds the parameters it is asked with now; a result made
	 * with others stops the run before any work, unless --redo. Where files go, the device and the
	 * tile size are not recorded: changing them asks for no redo.
	 */
	@Test
	void aJobIsDoneOnlyWithTheParametersItWasMadeWith() throws IOException {
		TestData.rgb(dir.resolve("a.png"), 1);
		TestData.rgb(dir.resolve("b.png"), 2);
		TestData.rgb(dir.resolve("s.png"), 3);
		List<String> jobs = List.of("--content", "a.png", "--content", "b.png", "--style", "s.png", "--output", "o");
		List<Job> planned = plan(with(args(), jobs)).jobs();
		for (Job job : planned) {
			// As StyleTask writes them: the result, the loss log, then the record.
			Files.copy(Path.of(job.texts().get("content")), job.output(24));
			Files.writeString(job.lossLog(), "iteration,total,content,style,tv,elapsed_ms,scale\n0,1,1,1,0,5,64\n");
			assertNull(job.finishedOutput(), "no record, not done");
			JobRecord.write(job, JobRecord.of(job));
			assertEquals(job.output(24), job.finishedOutput());
		}
		assertEquals(dir.resolve("o/a_styled_params.csv"), planned.get(0).record());
		assertTrue(Files.readAllLines(planned.get(0).record()).containsAll(List.of("parameter,value", "iterations,3",
			"network,alexnet", "content," + dir.resolve("a.png"))));

		Job same = plan(with(args("--preview_every", "1", "--tile_size", "64", "--quiet"), jobs)).jobs().get(0);
		assertEquals(same.output(24), same.finishedOutput(), "preview_every, tile_size and quiet change no result");

		List<String> changed = with(List.of("--network", "alexnet", "--weights", TestData.WEIGHTS.toString(), "--size", "48",
			"--iterations", "5", "--device", "cpu"), jobs);
		assertProblem("a.png: size: " + dir.resolve("o/a_styled.png") + " was made with size 64 (now 48), iterations 3 (now "
			+ "5); so were the results of 1 other job (b.png); add --redo to make them again with the parameters of now "
			+ "(replacing them), or give another --output folder to keep them", changed);
		List<String> redo = new ArrayList<>(changed);
		redo.add("--redo");
		List<Job> again = plan(redo).jobs();
		assertNull(again.get(0).finishedOutput(), "to be made again");
		assertEquals(planned.get(0).output(24), again.get(0).existingOutput(), "until then the old result stays");

		Files.delete(planned.get(1).output(24));
		assertProblem("a.png: size: " + dir.resolve("o/a_styled.png") + " was made with size 64 (now 48), iterations 3 (now "
			+ "5); add --redo to make it again with the parameters of now (replacing it), or give another --output folder "
			+ "to keep it", changed);
	}

	/**
	 * A folder of frames as a job (issue 21): its results never go into the frames' folder (the
	 * command line's rule, here before any work), its planes' previews are files it writes, checked
	 * against every job's inputs, and --input with planes=all gets a note: each image is a job.
	 */
	@Test
	void aFolderOfFramesIsNeverWrittenIntoAndItsPlanesPreviewsAreChecked() throws IOException {
		Path frames = Files.createDirectories(dir.resolve("frames"));
		for (int n = 1; n <= 3; n++) TestData.rgb(frames.resolve("f" + n + ".png"), n);
		TestData.rgb(dir.resolve("s.png"), 9);
		assertProblem("frames: output: " + frames.resolve("frames_styled.tif") + " is in the content's folder of frames "
			+ frames + ", where the next run would take it for a frame; give another --output folder (or output in the "
			+ "manifest)", args("--content", "frames", "--planes", "all", "--style", "s.png", "--output", "frames"));
		assertEquals(1, plan(args("--content", "frames", "--planes", "all", "--style", "s.png", "--output", "o")).jobs()
			.size(), "another output folder is fine");

		// The second plane's preview of the frames' job is the content of another job.
		Files.createDirectories(dir.resolve("o"));
		TestData.rgb(dir.resolve("o/frames_styled_0002_iter0001.tif"), 4);
		Files.writeString(dir.resolve("jobs.csv"), "content,style,planes,preview_every\nframes,s.png,all,1\n"
			+ "o/frames_styled_0002_iter0001.tif,s.png,,\n");
		assertProblem("jobs.csv line 2: preview_every: the preview of plane 2 at iteration 1 ("
			+ dir.resolve("o/frames_styled_0002_iter0001.tif") + ") is the content image's file "
			+ dir.resolve("o/frames_styled_0002_iter0001.tif") + " (job jobs.csv line 3), which would be overwritten; give "
			+ "another --output folder (or output in the manifest): inputs are never overwritten",
			args("--manifest", "jobs.csv", "--output", "o"));

		JobPlanner.Plan folder = plan(args("--input", "frames", "--planes", "all", "--style", "s.png", "--output", "o2"));
		assertEquals(3, folder.jobs().size(), "--input: each image a job");
		assertEquals(List.of("planes=all: the images of --input frames are styled one job each (each stack among them as "
			+ "a stack); to style a folder of frames as one stack, give it as --content DIR"), folder.notes());
		assertEquals(List.of(), plan(args("--input", "frames", "--style", "s.png", "--output", "o3")).notes());
	}

	/**
	 * A job's record says what its inputs were: a frame added to a folder's job, or a style image
	 * changed under its name, makes the result not done, and the run is refused as for a changed
	 * parameter (issue 21: the old result was reported done).
	 */
	@Test
	void aJobIsDoneOnlyWithTheInputsItWasMadeFrom() throws IOException {
		Path frames = Files.createDirectories(dir.resolve("frames"));
		for (int n = 1; n <= 2; n++) TestData.rgb(frames.resolve("f" + n + ".png"), n);
		TestData.rgb(dir.resolve("s.png"), 9);
		List<String> args = args("--content", "frames", "--planes", "all", "--style", "s.png", "--output", "o");
		Job job = plan(args).jobs().get(0);
		Path result = job.output(24, true);
		Files.copy(frames.resolve("f1.png"), result);
		Files.writeString(job.lossLog(), "iteration,total,content,style,tv,elapsed_ms,scale\n0,1,1,1,0,5,64\n");
		JobRecord.write(job, JobRecord.of(job));
		assertEquals(result, plan(args).jobs().get(0).finishedOutput(), "the same frames: done");
		String recorded = Files.readAllLines(job.record()).stream().filter(l -> l.startsWith("content files,")).findFirst()
			.orElseThrow();
		assertTrue(recorded.startsWith("content files,\"2 frames, "), recorded);

		TestData.rgb(frames.resolve("f3.png"), 3);
		assertNull(plan(with(args, List.of("--redo"))).jobs().get(0).finishedOutput(), "a frame added: not done");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(args));
		assertTrue(e.getMessage().startsWith("frames: content: " + result + " was made with content files 2 frames, "),
			e.getMessage());
		assertTrue(e.getMessage().contains("(now 3 frames, ") && e.getMessage().endsWith("add --redo to make it again with "
			+ "the parameters of now (replacing it), or give another --output folder to keep it"), e.getMessage());

		Files.delete(frames.resolve("f3.png"));
		assertEquals(result, plan(args).jobs().get(0).finishedOutput(), "as it was: done again");
		TestData.rgb(dir.resolve("s.png"), 10); // another style image under the same name
		assertNull(plan(with(args, List.of("--redo"))).jobs().get(0).finishedOutput(), "a style changed: not done");
	}

	private static List<String> with(List<String> options, List<String> more) {
		List<String> all = new ArrayList<>(options);
		all.addAll(more);
		return all;
	}
}

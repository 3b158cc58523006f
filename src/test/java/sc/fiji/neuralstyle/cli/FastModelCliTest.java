package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import picocli.CommandLine;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.fast.FastStylizer;
import sc.fiji.neuralstyle.fast.StyleModelFile;
import sc.fiji.neuralstyle.fast.TransformerNet;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ResultImages;

/**
 * {@code --train} writes a fast-style model trained on a movie's frames; {@code --model}: a trained
 * fast-style model styles a still or a stack through the one engine entry,
 * one pass per plane, without a style image, equal to the model applied directly (whose pass equals
 * PyTorch's: TransformerNetTest). The model is a seeded TransformerNet saved by {@code torch.save}
 * (scripts/make_fast_style_fixtures.py).
 */
class FastModelCliTest {

	@TempDir
	Path dir;

	private final StringWriter err = new StringWriter();

	private int run(String... args) {
		CommandLine cl = NeuralStyleCli.commandLine();
		cl.setErr(new PrintWriter(err, true));
		cl.setOut(new PrintWriter(new StringWriter(), true));
		return cl.execute(args);
	}

	/** The torch-saved seeded model, unpacked. */
	private Path model() throws IOException {
		Path model = dir.resolve("seeded.pth");
		try (InputStream in = new GZIPInputStream(Files.newInputStream(NeuralStyleCliTest.resource(
			"/fixtures/fast/transformer-zip.pth.gz"))))
		{
			Files.copy(in, model);
		}
		return model;
	}

	/** What the model makes of an image at {@code size}, as 8-bit RGB. */
	private static int[] expected(Path model, ImageProcessor content, int size) {
		FloatImage image = FloatImages.of(new ImagePlus("c", content));
		int[] side = Resampler.fitLongestSide(image.width(), image.height(), size);
		image = Resampler.resize(image, side[0], side[1]);
		DjlSetup.pytorch();
		try (NDManager manager = NDManager.newBaseManager(); TransformerNet net = StyleModelFile.load(model, manager)) {
			FloatImage styled = new FastStylizer(net).stylize(image, 0, manager);
			return (int[]) ResultImages.create(styled, new ImagePlus("c", content), "e").getProcessor().convertToRGB()
				.getPixels();
		}
	}

	private static void assertSameRgb(int[] expected, ImageProcessor actual, String what) {
		int[] pixels = (int[]) actual.convertToRGB().getPixels();
		assertEquals(expected.length, pixels.length, what + ": size");
		int worst = 0;
		for (int i = 0; i < pixels.length; i++) {
			for (int shift = 0; shift <= 16; shift += 8) {
				worst = Math.max(worst, Math.abs((expected[i] >> shift & 0xff) - (pixels[i] >> shift & 0xff)));
			}
		}
		assertTrue(worst <= 1, what + ": differs from the model's pass by " + worst + " grey levels");
	}

	@Test
	void aModelStylesAStillInOnePassWithoutAStyleImage() throws IOException {
		Path model = model(), out = dir.resolve("cat.png");
		Path content = NeuralStyleCliTest.sample("chelsea.png");
		int code = run("--model", model.toString(), "--content", content.toString(), "--output", out.toString(), "--size",
			"64");
		assertEquals(0, code, err.toString());
		ImagePlus result = ImageFiles.read(out);
		assertEquals(64, result.getWidth());
		assertSameRgb(expected(model, ImageFiles.read(content).getProcessor(), 64), result.getProcessor(), "the still");
		assertTrue(err.toString().contains("in one pass"), err.toString());
	}

	@Test
	void aStackIsStyledPlaneByPlane() throws IOException {
		Path model = model(), out = dir.resolve("styled.tif");
		ImageProcessor coffee = ImageFiles.read(NeuralStyleCliTest.sample("coffee.png")).getProcessor().resize(48, 36);
		ImageStack stack = new ImageStack(48, 36);
		for (int i = 0; i < 3; i++) {
			ColorProcessor plane = (ColorProcessor) coffee.duplicate();
			plane.multiply(0.5 + 0.25 * i);
			stack.addSlice(plane);
		}
		Path tif = dir.resolve("movie.tif");
		ImageFiles.write(new ImagePlus("movie", stack), tif);
		int code = run("--model", model.toString(), "--content", tif.toString(), "--planes", "all", "--output", out.toString(),
			"--size", "48");
		assertEquals(0, code, err.toString());
		ImagePlus result = ImageFiles.read(out);
		assertEquals(3, result.getStackSize());
		for (int i = 1; i <= 3; i++) {
			assertSameRgb(expected(model, stack.getProcessor(i), 48), result.getStack().getProcessor(i), "plane " + i);
		}
	}

	/** A 4-frame TIFF: the coffee sample, brighter frame after frame. */
	private Path movie(int frames) throws IOException {
		ImageProcessor coffee = ImageFiles.read(NeuralStyleCliTest.sample("coffee.png")).getProcessor().resize(48, 36);
		ImageStack stack = new ImageStack(48, 36);
		for (int i = 0; i < frames; i++) {
			ColorProcessor plane = (ColorProcessor) coffee.duplicate();
			plane.multiply(0.5 + 0.2 * i);
			stack.addSlice(plane);
		}
		Path tif = dir.resolve("movie.tif");
		ImageFiles.write(new ImagePlus("movie", stack), tif);
		return tif;
	}

	/** --train on a stack's frames, with the seeded AlexNet's small layers, as the trainer's tests do. */
	private int train(Path movie, Path model, int steps, String... more) {
		java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--train", "--model", model.toString(),
			"--content", movie.toString(), "--style", NeuralStyleCliTest.sample("starry_night.jpg").toString(), "--network",
			"alexnet", "--weights", NeuralStyleCliTest.resource("/fixtures/models/alexnet-seeded-f16.pth").toString(),
			"--content_layers", "relu1", "--style_layers", "relu1,relu2", "--size", "32", "--steps", Integer.toString(steps),
			"--checkpoint_every", "2"));
		args.addAll(java.util.List.of(more));
		return run(args.toArray(String[]::new));
	}

	/**
	 * Trained on a movie's own frames, the model is written (a TransformerNet file), with its checkpoint
	 * and a loss row a step; started again with more steps it continues from its checkpoint, and the
	 * model it wrote then styles the movie.
	 */
	@Test
	void aModelTrainedOnAMoviesFramesContinuesFromItsCheckpointAndStylesTheMovie() throws IOException {
		Path movie = movie(4), model = dir.resolve("mine.pth"), log = dir.resolve("training.csv");
		assertEquals(0, train(movie, model, 3, "--batch_size", "2", "--loss_log", log.toString()), err.toString());
		StyleModelFile.check(model);
		assertTrue(Files.exists(dir.resolve("mine.checkpoint.pth")), "the checkpoint beside the model");
		java.util.List<String> rows = Files.readAllLines(log);
		assertEquals("step,total,content,style,tv,temporal,elapsed_ms", rows.get(0));
		assertEquals(4, rows.size(), "a row a step: " + rows);
		assertTrue(err.toString().contains("Trained 3 steps; wrote " + model), err.toString());

		err.getBuffer().setLength(0);
		assertEquals(0, train(movie, model, 5, "--batch_size", "2", "--loss_log", log.toString()), err.toString());
		assertTrue(err.toString().contains("Continuing from step 3"), err.toString());
		rows = Files.readAllLines(log);
		assertEquals(6, rows.size(), "the history of both runs: " + rows);

		Path styled = dir.resolve("styled.tif");
		assertEquals(0, run("--model", model.toString(), "--content", movie.toString(), "--planes", "all", "--output",
			styled.toString(), "--size", "48"), err.toString());
		assertEquals(4, ImageFiles.read(styled).getStackSize());
	}

	@Test
	void aBatchLargerThanTheImagesIsRefusedBeforeAnyStep() throws IOException {
		Path model = dir.resolve("mine.pth");
		assertEquals(2, train(movie(3), model, 3, "--batch_size", "8"));
		assertTrue(err.toString().contains("batch_size: 8 is more than the 3 training images; give at most 3"),
			err.toString());
		assertFalse(Files.exists(model));
		assertFalse(Files.exists(dir.resolve("mine.checkpoint.pth")));
	}

	/** The model and checkpoint training writes never replace an input: a style image given as model. */
	@Test
	void aModelThatIsAStyleImageIsRefusedAndLeftAlone() throws IOException {
		Path style = Files.copy(NeuralStyleCliTest.sample("starry_night.jpg"), dir.resolve("style.jpg"));
		byte[] before = Files.readAllBytes(style);
		int code = run("--train", "--model", style.toString(), "--content", movie(2).toString(), "--style", style.toString(),
			"--steps", "1");
		assertEquals(2, code);
		assertTrue(err.toString().contains("model: is a style image's file " + style + ", which would be overwritten; give it "
			+ "a file of its own: inputs are never overwritten"), err.toString());
		org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(style));
	}

	@Test
	void aFeatureNetworksWeightsAsModelAreRefusedBeforeAnyWork() {
		Path out = dir.resolve("x.png");
		int code = run("--model", NeuralStyleCliTest.resource("/fixtures/models/alexnet-seeded-f16.pth").toString(),
			"--content", NeuralStyleCliTest.sample("chelsea.png").toString(), "--output", out.toString());
		assertEquals(2, code);
		String message = err.toString();
		assertTrue(message.contains("model: ") && message.contains("feature network") && message.contains("weights "
			+ "parameter"), message);
		assertFalse(Files.exists(out));
	}

	@Test
	void theOptimisationsRowsAreNotedOnceAndNoLossLogIsWritten() throws IOException {
		Path out = dir.resolve("cat.png"), csv = dir.resolve("losses.csv");
		int code = run("--model", model().toString(), "--content", NeuralStyleCliTest.sample("chelsea.png").toString(),
			"--output", out.toString(), "--size", "32", "--iterations", "50", "--loss_log", csv.toString());
		assertEquals(0, code, err.toString());
		String message = err.toString();
		assertTrue(message.contains("model: a fast-style model styles each plane in one pass, so iterations, loss_log have "
			+ "no effect"), message);
		assertTrue(Files.exists(out));
		assertFalse(Files.exists(csv), "a model's pass has no loss history");
	}

	@Test
	void masksAreRefusedWithAModel() throws IOException {
		Path mask = dir.resolve("mask.png");
		ImageFiles.write(new ImagePlus("m", new ColorProcessor(8, 8)), mask);
		int code = run("--model", model().toString(), "--content", NeuralStyleCliTest.sample("chelsea.png").toString(),
			"--output", dir.resolve("x.png").toString(), "--content_masks", mask.toString());
		assertEquals(2, code);
		assertTrue(err.toString().contains("content_masks: a fast-style model styles the whole image"), err.toString());
	}
}

package sc.fiji.neuralstyle.fiji.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.KeyEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.process.ColorProcessor;
import sc.fiji.neuralstyle.fiji.Fixtures;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.fast.FastStylizer;
import sc.fiji.neuralstyle.fast.StyleModelFile;
import sc.fiji.neuralstyle.fast.TransformerNet;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.image.ResultType;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.InfoLine;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;

/** The shared runner: cancelling, Esc, partial stacks, init files; headless. */
class FijiRunsTest {

	@TempDir
	Path dir;

	@BeforeAll
	static void headless() {
		Fixtures.headless();
	}

	@AfterEach
	void releaseEsc() {
		IJ.resetEscape();
	}

	private static FijiRuns.Prepared request(ImagePlus content, ParamValues values) {
		return FijiRuns.prepare(new FijiRuns.Request(values, content, List.of(Fixtures.rgb("style", 40, 40, 2))));
	}

	/** Says "cancel" from its n-th question on. */
	private static BooleanSupplier cancelAtPoll(int n, AtomicInteger polls) {
		return () -> polls.incrementAndGet() >= n;
	}

	/**
	 * Fiji's runs take the one entry too: with a fast-style model (a seeded TransformerNet saved by
	 * torch.save), a stack is styled plane by plane, one pass each, as the model styles each plane
	 * alone; no loss plot, the macro line names the model.
	 */
	@Test
	void aFastStyleModelStylesEachPlaneInOnePass(@TempDir Path dir) throws IOException {
		Path model = dir.resolve("seeded.pth");
		try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/fixtures/fast/transformer-zip.pth.gz"))) {
			Files.copy(in, model);
		}
		ImageStack stack = new ImageStack(48, 40);
		for (int i = 0; i < 2; i++) stack.addSlice(Fixtures.rgbPlane(48, 40, 10 + i));
		ImagePlus content = new ImagePlus("movie", stack);
		FijiRuns.Outcome o = FijiRuns.run(request(content, Fixtures.tiny("model", model.toString(), "planes", "all",
			"size", "48")), false, () -> false);
		assertEquals(StopReason.COMPLETED, o.reason(), o.message());
		assertNull(o.lossPlot());
		assertEquals(2, o.result().getStackSize());
		DjlSetup.pytorch();
		try (NDManager manager = NDManager.newBaseManager(); TransformerNet net = StyleModelFile.load(model, manager)) {
			for (int i = 1; i <= 2; i++) {
				FloatImage alone = new FastStylizer(net).stylize(FloatImages.rgb((ColorProcessor) stack.getProcessor(i)), 0,
					manager);
				int[] expected = (int[]) ResultImages.toProcessor(alone, ResultType.rgb()).getPixels();
				assertArrayEquals(expected, (int[]) o.result().getStack().getProcessor(i).getPixels(), "plane " + i);
			}
		}
		String info = (String) o.result().getProperty(ResultImages.INFO);
		assertTrue(info.contains("model=" + model), info);
	}

	@Test
	void completedRunReportsItsLossesAndPlot() {
		int open = WindowManager.getImageCount(); // what other tests in this JVM left is not this run's
		FijiRuns.Outcome o = FijiRuns.run(request(Fixtures.rgb("a", 48, 40, 1), Fixtures.tiny()), true, () -> false);
		assertEquals(StopReason.COMPLETED, o.reason(), o.message());
		assertEquals(1, o.losses().size());
		assertEquals(3, o.losses().get(0).size());
		assertTrue(o.message().startsWith("Done: 3 iterations"), o.message());
		assertNotNull(o.lossPlot());
		if (java.awt.GraphicsEnvironment.isHeadless()) {
			assertEquals(open, WindowManager.getImageCount(), "headless: nothing is shown even when windows are asked for");
		}
		else {
			// With a display (the test command runs under Xvfb): the result and its loss plot, closed again.
			assertEquals(open + 2, WindowManager.getImageCount(), "the result and the loss plot are shown");
			int[] ids = WindowManager.getIDList();
			for (int i = open; i < ids.length; i++) WindowManager.getImage(ids[i]).close();
		}
	}

	@Test
	void cancelKeepsTheBestImageSoFar() {
		AtomicInteger polls = new AtomicInteger();
		ParamValues settings = Fixtures.tiny("iterations", "50");
		FijiRuns.Outcome o = FijiRuns.run(request(Fixtures.rgb("a", 48, 40, 1), settings), false, cancelAtPoll(3, polls));
		assertEquals(StopReason.CANCELLED, o.reason(), o.message());
		int done = o.losses().get(0).size();
		assertTrue(done >= 1 && done <= 4, "stopped within an iteration of the request, after " + done);
		assertNotNull(o.result());
		assertEquals(40, o.result().getWidth());
		assertTrue(o.message().startsWith("Cancelled after " + done + " iterations"), o.message());
	}

	@Test
	void cancelledStackKeepsThePlanesDone() {
		AtomicInteger polls = new AtomicInteger();
		ParamValues settings = Fixtures.tiny("iterations", "4", "planes", "all");
		ImagePlus stack = Fixtures.rgbStack("stack", 48, 40, 3, 3);
		// Each plane asks at least 3 times (every evaluation after its first) and once before it starts.
		FijiRuns.Outcome o = FijiRuns.run(request(stack, settings), false, cancelAtPoll(5, polls));
		assertEquals(StopReason.CANCELLED, o.reason(), o.message());
		int planes = o.losses().size();
		assertTrue(planes >= 1 && planes <= 2, "stopped in plane 1 or 2, got " + planes);
		assertEquals(planes, o.result().getStackSize(), "one result plane per plane styled");
		assertTrue(o.message().startsWith("Cancelled at plane"), o.message());
	}

	@Test
	void escapeCancels() {
		AtomicInteger polls = new AtomicInteger();
		BooleanSupplier pressEscLater = () -> {
			if (polls.incrementAndGet() == 2) IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			return false;
		};
		ParamValues settings = Fixtures.tiny("iterations", "50");
		FijiRuns.Outcome o = FijiRuns.run(request(Fixtures.rgb("a", 48, 40, 1), settings), false, pressEscLater);
		assertEquals(StopReason.CANCELLED, o.reason(), o.message());
		assertTrue(o.losses().get(0).size() < 50);
	}

	@Test
	void anEarlierEscapeDoesNotCancel() {
		IJ.setKeyDown(KeyEvent.VK_ESCAPE);
		FijiRuns.Outcome o = FijiRuns.run(request(Fixtures.rgb("a", 48, 40, 1), Fixtures.tiny()), false, () -> false);
		assertEquals(StopReason.COMPLETED, o.reason(), "Esc is reset when the run starts");
	}

	@Test
	void initFromAFile() throws Exception {
		Path start = dir.resolve("start image.png");
		ImageFiles.write(Fixtures.rgb("start", 48, 40, 11), start);
		ParamValues fromFile = Fixtures.tiny("init", start.toString());
		ImagePlus content = Fixtures.rgb("a", 48, 40, 1);
		FijiRuns.Outcome o = FijiRuns.run(request(content, fromFile), false, () -> false);
		FijiRuns.Outcome c = FijiRuns.run(request(content, Fixtures.tiny()), false, () -> false);
		assertTrue(o.losses().get(0).get(0).content() > 0, "the file, not the content, is the start image");
		assertEquals(0, c.losses().get(0).get(0).content(), 1e-9, "control: init=content starts with no content loss");
		assertTrue(InfoLine.options(o.result().getInfoProperty()).contains("init=[" + start + "]"));
	}

	/** Headless, the loss plot goes beside the output: an image opened from that file is not overwritten. */
	@Test
	void theLossPlotBesideTheOutputIsNotAnOpenImagesFile() throws Exception {
		Path plot = dir.resolve("o_losses.png");
		ImageFiles.write(Fixtures.rgb("plot", 48, 40, 3), plot);
		ImagePlus content = ImageFiles.read(plot);
		ParameterException e = assertThrows(ParameterException.class,
			() -> request(content, Fixtures.tiny("output", dir.resolve("o.png").toString())));
		assertEquals("output: the loss plot written without windows (" + plot + ") is the content image's file, which "
			+ "would be overwritten; choose another output name: inputs are never overwritten", e.getMessage());
	}

	@Test
	void unreadableInitFileIsRefusedBeforeTheEngineStarts() {
		ParamValues settings = Fixtures.tiny("init", dir.resolve("missing.png").toString());
		ParameterException e = assertThrows(ParameterException.class, () -> request(Fixtures.rgb("a", 48, 40, 1), settings));
		assertEquals("init: there is no file " + dir.resolve("missing.png") + "; give content, noise, style or the path "
			+ "of an image file", e.getMessage());
	}

	@Test
	void aChannelTheContentDoesNotHaveIsRefused() {
		ImagePlus composite = Fixtures.rgbStack("three", 48, 40, 3, 1);
		composite.setDimensions(3, 1, 1);
		ParameterException e = assertThrows(ParameterException.class,
			() -> request(composite, Fixtures.tiny("channel", "5")));
		assertTrue(e.getMessage().startsWith("channel: "), e.getMessage());
	}

	@Test
	void theInfoLineHasEveryMacroParameterAndRepeatsTheRun() {
		ImagePlus content = Fixtures.rgb("a b", 48, 40, 1);
		FijiRuns.Outcome o = FijiRuns.run(request(content, Fixtures.tiny("tv_weight", "1e-6")), false, () -> false);
		String options = InfoLine.options(o.result().getInfoProperty());
		Map<String, String> texts = OptionText.parse(options);
		assertEquals("a b", texts.get("content"));
		assertEquals("style", texts.get("style"));
		assertEquals("relu4", texts.get("content_layers"), "the defaults used are written out");
		assertEquals("1", texts.get("learning_rate"), "and L-BFGS's own learning rate");
		assertEquals("1e-6", texts.get("tv_weight"));
		List<String> missing = new ArrayList<>();
		for (Param<?> p : Params.on(Front.MACRO)) {
			if (!texts.containsKey(p.name()) && p.kind() != Kind.FLAG) missing.add(p.name());
		}
		assertEquals(List.of(), missing, "every macro parameter is in the Info line: " + options);
		ParamValues again = ParamValues.parse(texts, Front.MACRO);
		assertEquals(Fixtures.tiny("tv_weight", "1e-6", "content", "a b").settings().toBuilder().contentLayers("relu4")
			.styleLayers("relu1,relu2,relu3,relu4,relu5").learningRate(1).build(), again.settings());
	}

	@Test
	void theSelectionIsTheStylesMaskAndTheRestStaysTheContent() {
		ImagePlus content = Fixtures.rgb("a", 48, 40, 1);
		content.setRoi(new ij.gui.Roi(0, 0, 24, 40));
		FijiRuns.Prepared prepared = request(content, Fixtures.tiny("iterations", "6", "size", "48"));
		assertEquals(1, prepared.masks().size(), "masks=roi by default: the selection");
		ImagePlus result = FijiRuns.run(prepared, false, () -> false).result();
		int[] far = (int[]) result.getProcessor().getPixels(), original = (int[]) content.getProcessor().getPixels();
		double right = 0, left = 0;
		for (int y = 0; y < 40; y++) {
			for (int x = 0; x < 48; x++) {
				double d = Math.abs((far[y * 48 + x] & 0xff) - (original[y * 48 + x] & 0xff));
				if (x >= 34) right += d;
				else if (x < 14) left += d;
			}
		}
		assertTrue(right / (14 * 40) < 2, "outside the selection the content stays: " + right / (14 * 40));
		assertTrue(left > right, "inside it is styled");
		content.deleteRoi();
		assertEquals(0, request(content, Fixtures.tiny()).masks().size(), "no selection, no mask");
	}

	@Test
	void theRoiManagerNeedsOneRoiPerStyle() {
		ImagePlus content = Fixtures.rgb("a", 48, 40, 1);
		ParameterException e = assertThrows(ParameterException.class, () -> FijiRuns.prepare(new FijiRuns.Request(
			Fixtures.tiny("masks", "roi_manager", "style", "s1,s2"), content,
			List.of(Fixtures.rgb("s1", 40, 40, 2), Fixtures.rgb("s2", 40, 40, 3)))));
		assertEquals("masks: the ROI Manager has 0 ROIs for 2 style images; add one area ROI per style image, in the "
			+ "styles' order (Analyze > Tools > ROI Manager)", e.getMessage());
		content.setRoi(new ij.gui.Roi(0, 0, 24, 40));
		e = assertThrows(ParameterException.class, () -> FijiRuns.prepare(new FijiRuns.Request(
			Fixtures.tiny("style", "s1,s2,s3"), content, List.of(Fixtures.rgb("s1", 40, 40, 2),
				Fixtures.rgb("s2", 40, 40, 3), Fixtures.rgb("s3", 40, 40, 4)))));
		assertTrue(e.getMessage().startsWith("masks: roi gives the selection to the first style and the rest to the "
			+ "second, and there are 3 style images"), e.getMessage());
	}

	@Test
	void twoStylesBlendedAreWrittenInTheInfoLine() {
		FijiRuns.Prepared prepared = FijiRuns.prepare(new FijiRuns.Request(Fixtures.tiny("style", "s1,s2",
			"style_blend_weights", "3,1"), Fixtures.rgb("a", 48, 40, 1), List.of(Fixtures.rgb("s1", 40, 40, 2),
				Fixtures.rgb("s2", 40, 40, 3))));
		FijiRuns.Outcome o = FijiRuns.run(prepared, false, () -> false);
		Map<String, String> texts = OptionText.parse(InfoLine.options(o.result().getInfoProperty()));
		assertEquals("s1,s2", texts.get("style"));
		assertEquals("3,1", texts.get("style_blend_weights"));
	}

	@Test
	void aHyperstackIsOneSequenceAlongTimePerSlice() {
		ImagePlus content = Fixtures.rgbStack("zt", 48, 40, 4, 3);
		content.setDimensions(1, 2, 2);
		content.setOpenAsHyperStack(true);
		FijiRuns.Outcome o = FijiRuns.run(request(content, Fixtures.tiny("planes", "all")), false, () -> false);
		assertEquals(StopReason.COMPLETED, o.reason(), o.message());
		assertArrayEquals(new int[] { 40, 33, 1, 2, 2 }, o.result().getDimensions());
		// Styling order: z1 t1, z1 t2, z2 t1, z2 t2. init=content: a plane starting from its content has
		// no content loss at its start; one starting from the previous frame's result has some.
		List<Double> startContent = o.losses().stream().map(l -> l.get(0).content()).toList();
		assertEquals(0, startContent.get(0), 0);
		assertTrue(startContent.get(1) > 0, "z1 t2 starts from z1 t1's result");
		assertEquals(0, startContent.get(2), 0, "z2 t1 starts a sequence of its own");
		assertTrue(startContent.get(3) > 0, "z2 t2 starts from z2 t1's result");
	}

	@Test
	void aStackIsBitForBitThePlaneByPlaneRunItAlwaysWas() {
		// The plane loop against the loop Fiji had before it: each plane from the previous result
		// (temporal_weight=0 keeps it bit for bit).
		ImageStack stack = new ImageStack(48, 40);
		for (int i = 0; i < 3; i++) stack.addSlice(Fixtures.rgbPlane(48, 40, 20 + i));
		ImagePlus content = new ImagePlus("t", stack);
		content.setDimensions(1, 1, 3);
		ParamValues values = Fixtures.tiny("planes", "all", "temporal_weight", "0");
		FijiRuns.Prepared prepared = request(content, values);
		FijiRuns.Outcome o = FijiRuns.run(prepared, false, () -> false);
		List<FloatImage> styles = List.of(FloatImages.of(Fixtures.rgb("style", 40, 40, 2)));
		try (StyleTransfer transfer = StyleTransfer.open(values.settings(), ProgressListener.NONE)) {
			FloatImage start = null;
			for (int i = 0; i < 3; i++) {
				StyleResult r = transfer.run(prepared.planes().floatImage(i), styles, List.of(), start, ProgressListener.NONE);
				assertArrayEquals((int[]) prepared.planes().toProcessor(r.image()).getPixels(),
					(int[]) o.result().getStack().getProcessor(i + 1).getPixels(), "plane " + (i + 1));
				start = r.image();
			}
		}
	}

	@Test
	void aTimeLapseIsHeldTogetherByDefaultAndKeepsItsDimensions() {
		// A pan: each frame the previous one moved by 2 px.
		ImageStack stack = new ImageStack(48, 40);
		ColorProcessor wide = Fixtures.rgbPlane(56, 40, 7);
		for (int i = 0; i < 3; i++) {
			wide.setRoi(2 * i, 0, 48, 40);
			stack.addSlice(wide.crop());
		}
		ImagePlus content = new ImagePlus("t", stack);
		content.setDimensions(1, 1, 3);
		content.getCalibration().frameInterval = 1.5;
		FijiRuns.Outcome o = FijiRuns.run(request(content, Fixtures.tiny("planes", "all")), false, () -> false);
		assertArrayEquals(new int[] { 1, 1, 3 }, java.util.Arrays.copyOfRange(o.result().getDimensions(), 2, 5), "frames");
		assertEquals(1.5, o.result().getCalibration().frameInterval, 1e-9);
		List<List<LossRecord>> planes = o.losses();
		assertEquals(3, planes.size());
		for (List<LossRecord> plane : planes) {
			assertEquals(List.of("content", "style", "tv", "temporal"), plane.get(0).terms().names());
		}
		assertTrue(planes.get(0).stream().allMatch(r -> r.terms().get("temporal") == 0), "the first frame is a still");
		assertTrue(planes.get(2).get(planes.get(2).size() - 1).terms().get("temporal") > 0, "later frames are held");
		assertTrue(o.message().contains("moved by the optical flow"), o.message());
	}
}

package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.engine.plan.FixedMemory;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;

/** The rules checked before any work, one wording each. */
class PreflightTest {

	/** The memory of a run on the CPU in these tests, whatever this machine has free. */
	private static final MemoryProbe MEMORY = FixedMemory.of(16L << 30);

	@TempDir
	Path dir;

	private Path content, style;

	private ParamValues values(String... pairs) throws IOException {
		content = Files.writeString(dir.resolve("coffee.png"), "image");
		style = Files.writeString(dir.resolve("starry.jpg"), "image");
		Map<String, String> t = new HashMap<>();
		t.put("content", content.toString());
		t.put("style", style.toString());
		t.put("output", dir.resolve("out.png").toString());
		for (int i = 0; i < pairs.length; i += 2) t.put(pairs[i], pairs[i + 1]);
		return ParamValues.parse(t, Front.COMMAND_LINE);
	}

	private String filesMessage(String... pairs) throws IOException {
		ParamValues v = values(pairs);
		return assertThrows(ParameterException.class, () -> Preflight.checkFiles(v, true)).getMessage();
	}

	private Preflight.ImageFacts image(int w, int h, Path source) {
		return new Preflight.ImageFacts(w, h, 24, 1, source);
	}

	private String imagesMessage(ParamValues v, Preflight.ImageFacts c, Preflight.ImageFacts s) {
		return imagesMessage(v, c, List.of(s), List.of());
	}

	private String imagesMessage(ParamValues v, Preflight.ImageFacts c, List<Preflight.ImageFacts> s,
		List<Preflight.ImageFacts> masks)
	{
		return assertThrows(ParameterException.class, () -> Preflight.checkImages(v, MEMORY, c, s, masks)).getMessage();
	}

	@Test
	void aGoodRunPasses() throws IOException {
		ParamValues v = values();
		Preflight.checkFiles(v, true);
		assertEquals(List.of(), Preflight.checkImages(v, MEMORY, image(600, 400, content), List.of(image(500, 500, style)), List.of()));
		try (var files = Files.list(dir)) {
			assertEquals(2, files.count(), "the writability probe leaves nothing behind");
		}
	}

	@Test
	void layersMustExistInTheChosenNetwork() throws IOException {
		String m = filesMessage("content_layers", "relu9_9");
		assertTrue(m.startsWith("content_layers: vgg19 has no layer 'relu9_9'; use its layers (empty for the defaults, "
			+ "relu4_2): conv1_1, relu1_1, conv1_2"), m);
		m = filesMessage("network", "alexnet", "style_layers", "relu1,relu4_2");
		assertTrue(m.startsWith("style_layers: alexnet has no layer 'relu4_2'; use its layers (empty for the defaults, "
			+ "relu1,relu2,relu3,relu4,relu5): conv1, relu1, pool1,"), "AlexNet's own layers are listed: " + m);
	}

	@Test
	void inputFilesMustBeReadableFiles() throws IOException {
		Path missing = dir.resolve("none.pth");
		assertEquals("weights: there is no file " + missing + "; give the path of a .pth state dict, or leave weights "
			+ "empty for the network's own", filesMessage("weights", missing.toString()));
		assertEquals("weights: " + dir + " is a folder, not a file; give the path of a .pth state dict, or leave weights "
			+ "empty for the network's own", filesMessage("weights", dir.toString()));
		assertTrue(filesMessage("init", dir.resolve("start.png").toString()).startsWith("init: there is no file "));
		assertTrue(filesMessage("content", dir.resolve("nope.png").toString()).startsWith("content: there is no file "));
		Path secret = Files.writeString(dir.resolve("secret.pth"), "x");
		Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("-w-------"));
		Assumptions.assumeFalse(Files.isReadable(secret), "running as a user who reads everything");
		assertEquals("weights: " + secret + " cannot be read (permission denied); make it readable, or choose another file",
			filesMessage("weights", secret.toString()));
	}

	@Test
	void outputsMustBeWritableAndNamedForAFormat() throws IOException {
		assertEquals("output: " + dir.resolve("out.gif") + " has no image extension that can be written; use "
			+ ".tif/.tiff, .png, .jpg/.jpeg, .avi", filesMessage("output", dir.resolve("out.gif").toString()));
		assertEquals("output: " + dir.resolve("missing/o.png") + ": the folder " + dir.resolve("missing") + " does not "
			+ "exist; create it or choose another folder", filesMessage("output", dir.resolve("missing/o.png").toString()));
		assertEquals("loss_log: " + dir + ": it is a folder; give a file name", filesMessage("loss_log", dir.toString()));
		String longName = "n".repeat(300) + ".png";
		assertTrue(filesMessage("output", dir.resolve(longName).toString()).contains("the file name is too long (304 "
			+ "bytes; file systems take at most 255); choose a shorter name"));
		assertEquals("loss_log: is the same file as output (" + dir.resolve("out.png") + "); give the loss log a name of "
			+ "its own, such as losses.csv", filesMessage("loss_log", dir.resolve("out.png").toString()));
		// A folder nobody may create files in, root included.
		String m = filesMessage("output", "/proc/neural-style-out.png");
		assertTrue(m.startsWith("output: /proc/neural-style-out.png: cannot write in the folder /proc"), m);
	}

	@Test
	void weightsBothZeroIsNothingToOptimise() throws IOException {
		assertEquals("style_weight: content_weight and style_weight are both 0, so there is nothing to optimise; "
			+ "set style_weight (or content_weight) above 0", filesMessage("content_weight", "0", "style_weight", "0"));
	}

	@Test
	void inputsAreNeverOverwritten() throws IOException {
		ParamValues v = values("output", dir.resolve("coffee.png").toString());
		assertEquals("output: is the content image's file " + content + ", which would be overwritten; choose another "
			+ "file: inputs are never overwritten", imagesMessage(v, image(60, 40, content), image(50, 50, style)));
		v = values("loss_log", dir.resolve("starry.jpg").toString());
		assertTrue(imagesMessage(v, image(60, 40, content), image(50, 50, style))
			.startsWith("loss_log: is the style image's file " + style));
		// The same file by another path.
		v = values("output", dir.resolve("sub/../coffee.png").toString());
		assertTrue(imagesMessage(v, image(60, 40, content), image(50, 50, style)).startsWith("output: is the content"));
	}

	/**
	 * Every file the run writes ({@link WrittenFiles}) is checked as output is: a preview of
	 * iteration 10 that is the content, a loss plot (Fiji without windows) that is the style, a
	 * preview that is the loss log, a preview name taken by a folder.
	 */
	@Test
	void filesWrittenBesideTheOutputAreCheckedAsTheOutputIs() throws IOException {
		ParamValues v = values("preview_every", "5", "iterations", "12", "output", dir.resolve("x.png").toString());
		Path preview = Files.copy(content, dir.resolve("x_iter0010.png"));
		assertEquals("preview_every: the preview of iteration 10 (" + preview + ") is the content image's file, which "
			+ "would be overwritten; choose another output name, or set preview_every to 0: inputs are never overwritten",
			imagesMessage(v, image(60, 40, preview), image(50, 50, style)));
		// Previews stop at the last iteration; the Fiji fronts write none.
		Path late = Files.copy(content, dir.resolve("x_iter0015.png"));
		Preflight.checkImages(v, MEMORY, image(60, 40, late), List.of(image(50, 50, style)), List.of());
		Preflight.checkImages(v, WrittenFiles.Writer.FIJI, MEMORY, image(60, 40, preview), List.of(image(50, 50, style)), List.of());

		Path plot = Files.copy(style, dir.resolve("x_losses.png"));
		String m = assertThrows(ParameterException.class, () -> Preflight.checkImages(v, WrittenFiles.Writer.FIJI, MEMORY,
			image(60, 40, content), List.of(image(50, 50, plot)), List.of())).getMessage();
		assertEquals("output: the loss plot written without windows (" + plot + ") is the style image's file, which would "
			+ "be overwritten; choose another output name: inputs are never overwritten", m);
		Files.delete(plot);
		// The loss history beside the output may be the loss log: the same history, written twice.
		ParamValues twin = v.with(Params.LOSS_LOG, dir.resolve("x_losses.csv"));
		Preflight.checkImages(twin, WrittenFiles.Writer.FIJI, MEMORY, image(60, 40, content), List.of(image(50, 50, style)), List.of());

		ParamValues clash = v.with(Params.LOSS_LOG, dir.resolve("x_iter0005.png"));
		assertEquals("preview_every: the preview of iteration 5 (" + dir.resolve("x_iter0005.png") + ") is the loss_log "
			+ "file too; choose another output name, or set preview_every to 0",
			imagesMessage(clash, image(60, 40, content), image(50, 50, style)));
		Files.createDirectory(dir.resolve("x_iter0005.png"));
		assertEquals("preview_every: " + dir.resolve("x_iter0005.png") + ": it is a folder; give a file name",
			imagesMessage(v, image(60, 40, content), image(50, 50, style)));
	}

	@Test
	void theFilesARunWritesAreListedInOnePlace() throws IOException {
		ParamValues v = values("preview_every", "7", "iterations", "20", "loss_log", dir.resolve("l.csv").toString());
		assertEquals(List.of(dir.resolve("out.png"), dir.resolve("l.csv"), dir.resolve("out_iter0007.png"),
			dir.resolve("out_iter0014.png")), WrittenFiles.of(v, WrittenFiles.Writer.FILES).map(WrittenFiles.Written::file)
				.toList(), "previews every 7 iterations up to the last");
		assertEquals(List.of(dir.resolve("out.png"), dir.resolve("l.csv"), dir.resolve("out_losses.csv"),
			dir.resolve("out_losses.png")), WrittenFiles.of(v, WrittenFiles.Writer.FIJI).map(WrittenFiles.Written::file)
				.toList(), "Fiji writes no previews, but the loss history and plot without windows");
		// As many previews as the run writes, listed as they are reached, not held.
		ParamValues many = values("preview_every", "1", "iterations", "1000000");
		assertEquals(List.of(dir.resolve("out.png"), dir.resolve("out_iter0001.png"), dir.resolve("out_iter0002.png")),
			WrittenFiles.of(many, WrittenFiles.Writer.FILES).limit(3).map(WrittenFiles.Written::file).toList());
	}

	@Test
	void imagesMustReachTheLayersAtTheirSize() throws IOException {
		ParamValues v = values("size", "16");
		assertEquals("size: the content image at size 16 is 16x11 px, too small to reach layer relu5_1 of vgg19, which "
			+ "needs 16 px on the shorter side; raise size or style_scale, lower scales, or choose a shallower layer",
			imagesMessage(v, image(600, 400, content), image(50, 50, style)));
		v = values("size", "64", "style_scale", "0.1");
		String m = imagesMessage(v, image(60, 40, content), image(50, 50, style));
		assertTrue(m.startsWith("style_scale: the style image at size \u00d7 style_scale is 6x6 px, too small to reach "
			+ "layer relu4_1 of vgg19, which needs 8 px"), m);
		// With several scales the coarsest is the one that must reach the layers.
		v = values("size", "256", "scales", "5", "iterations", "20");
		m = imagesMessage(v, image(600, 400, content), image(50, 50, style));
		assertEquals("size: the content image at size 256 (16 px at the coarsest of 5 scales) is 16x11 px, too small to "
			+ "reach layer relu5_1 of vgg19, which needs 16 px on the shorter side; raise size or style_scale, lower "
			+ "scales, or choose a shallower layer", m);
	}

	/**
	 * A run whose single pass cannot fit (8192 px whole needs over 100 GB) is refused before any
	 * work, naming a tile size that fits; with tiles the same run passes. The memory is a fixed 22
	 * GiB, whatever this machine has free.
	 */
	@Test
	void aRunTooLargeForMemoryIsRefusedNamingATileSizeThatFits() throws IOException {
		MemoryProbe memory = FixedMemory.of(22L << 30);
		ParamValues v = values("size", "8192", "device", "cpu", "optimizer", "adam");
		String m = assertThrows(ParameterException.class, () -> Preflight.checkImages(v, memory, image(8192, 8192, content),
			List.of(image(500, 500, style)), List.of())).getMessage();
		assertTrue(m.startsWith("tile_size: one pass over the whole 8192×8192 px image needs about ")
			&& m.matches(".* but 22.0 GiB are available; set tile_size=\\d+ \\(the largest tile that fits\\) or "
				+ "tile_size=auto"), m);
		String fits = m.replaceAll(".*set tile_size=(\\d+) .*", "$1");
		Preflight.checkImages(values("size", "8192", "device", "cpu", "optimizer", "adam", "tile_size", fits), memory,
			image(8192, 8192, content), List.of(image(500, 500, style)), List.of());
	}

	/**
	 * Before a run is refused for memory, what is held for later runs (networks cached but idle) is
	 * freed and the memory read again: the run that would not fit then passes.
	 */
	@Test
	void memoryHeldForLaterRunsIsFreedBeforeARunIsRefused() throws IOException {
		long[] free = { 1L << 30 };
		int[] releases = { 0 };
		MemoryProbe memory = new MemoryProbe() {
			@Override
			public Reading available() {
				return new Reading(free[0], "test", Long.MAX_VALUE);
			}

			@Override
			public boolean release() {
				releases[0]++;
				free[0] = 64L << 30;
				return true;
			}
		};
		ParamValues v = values("size", "2048", "device", "cpu");
		Preflight.checkImages(v, memory, image(2048, 2048, content), List.of(image(500, 500, style)), List.of());
		assertEquals(1, releases[0], "refused with 1 GiB, freed, then fits in 64 GiB");
		// Nothing to free: refused.
		String m = assertThrows(ParameterException.class, () -> Preflight.checkImages(v, FixedMemory.of(1L << 30),
			image(2048, 2048, content), List.of(image(500, 500, style)), List.of())).getMessage();
		assertTrue(m.startsWith("tile_size: ") || m.startsWith("size: "), m);
	}

	@Test
	void everyScaleGetsAnIteration() throws IOException {
		assertEquals("iterations: 3 iterations are fewer than the 4 scales; give at least one iteration per scale, or lower scales",
			filesMessage("iterations", "3", "scales", "4"));
	}

	/**
	 * SqueezeNet's default style layers carry weights (features.1:0.975, ...): the size rule reads
	 * their names. It took the whole entry for a layer name, so every run with them was refused.
	 */
	@Test
	void defaultLayersWithWeightsAreCheckedByTheirNames() throws IOException {
		ParamValues v = values("network", "squeezenet1_1", "size", "48");
		assertEquals(List.of(), Preflight.checkImages(v, MEMORY, image(600, 400, content), List.of(image(500, 500, style)), List.of()));
		v = values("network", "squeezenet1_1", "size", "16", "style_scale", "0.125");
		assertEquals("style_scale: the style image at size \u00d7 style_scale is 2x2 px, too small to reach layer "
			+ "features.1 of squeezenet1_1, which needs 3 px on the shorter side; raise size or style_scale, lower scales, or choose a "
			+ "shallower layer", imagesMessage(v, image(600, 600, content), image(50, 50, style)));
	}

	@Test
	void stacksNeedATiffAndConversionsAreNoted() throws IOException {
		ParamValues v = values();
		Preflight.ImageFacts stack = new Preflight.ImageFacts(60, 40, 8, 3, content);
		assertEquals("output: PNG holds one image and the result has 3 planes; use .tif or .avi for stacks (on the command "
			+ "line also a folder, for numbered PNGs)",
			imagesMessage(v, stack, image(50, 50, style)));
		List<String> notes = Preflight.checkImages(v, MEMORY, new Preflight.ImageFacts(60, 40, 32, 1, null), List.of(image(50, 50, style)), List.of());
		assertEquals(1, notes.size());
		assertTrue(notes.get(0).startsWith("The 32-bit image is written to out.png as 8-bit"), notes.toString());
	}

	@Test
	void temporalFramesReachBackNoFurtherThanASequenceAndSingleImagesSayTheSettingDoesNothing() throws IOException {
		ParamValues v = values("output", dir.resolve("out.tif").toString(), "temporal_frames", "1,2,4");
		Preflight.ImageFacts hyperstack = new Preflight.ImageFacts(60, 40, 8, 12, content, 4); // 3 slices x 4 frames
		assertEquals("temporal_frames: 4 planes back reaches beyond the first of each slice's 4 frames; give distances "
			+ "below 4, e.g. 1", imagesMessage(v, hyperstack, image(50, 50, style)));
		assertEquals(List.of(), Preflight.checkImages(v, MEMORY, new Preflight.ImageFacts(60, 40, 8, 12, content, 5),
			List.of(image(50, 50, style)), List.of()));
		ParamValues off = values("output", dir.resolve("out.tif").toString(), "temporal_frames", "1,2,4", "temporal_weight",
			"0");
		assertEquals(List.of("temporal_frames has no effect with temporal_weight=0: each plane starts from the previous "
			+ "result as it is."), Preflight.checkImages(off, MEMORY, hyperstack, List.of(image(50, 50, style)), List.of()),
			"no distance is checked where no term looks back");
		assertEquals(List.of("temporal_weight has no effect: one plane is styled (it holds the planes of a stack together, "
			+ "with planes=all)."), Preflight.checkImages(values("temporal_weight", "5"), MEMORY, image(60, 40, content),
				List.of(image(50, 50, style)), List.of()));
		assertEquals(List.of(), Preflight.checkImages(values(), MEMORY, image(60, 40, content), List.of(image(50, 50,
			style)), List.of()), "the default says nothing");
	}

	@Test
	void severalStylesNeedMatchingWeightsAndMasks() throws IOException {
		values(); // the content and style files
		Path second = Files.writeString(dir.resolve("second.jpg"), "image");
		String styles = style + "," + second;
		assertEquals("style_blend_weights: 3 weights for 2 style images; give one weight per style image, or leave it "
			+ "empty", filesMessage("style", styles, "style_blend_weights", "1,2,3"));
		Path mask = Files.writeString(dir.resolve("mask.png"), "image");
		assertEquals("content_masks: 1 mask for 2 style images; give one mask per style image, in the same order",
			filesMessage("style", styles, "content_masks", mask.toString()));
		assertEquals("style_blend_weights: with masks each region takes its own style, so there is nothing to blend; "
			+ "leave style_blend_weights empty, or use no masks",
			filesMessage("style", styles, "content_masks", mask + "," + mask, "style_blend_weights", "1,1"));
		assertTrue(filesMessage("style", styles, "content_masks", mask + "," + dir.resolve("nomask.png"))
			.startsWith("content_masks: there is no file"));
		ParameterException e = assertThrows(ParameterException.class, () -> ParamValues.parse(Map.of("content", "a",
			"style", "b", "style_blend_weights", "0,0"), Front.MACRO));
		assertEquals("style_blend_weights: the weights are all 0; give one number of at least 0 per style image, "
			+ "comma-separated, or leave it empty for equal weights", e.getMessage());
		ParamValues files = ParamValues.parse(Map.of("content", "a", "style", "b", "masks", "files"), Front.MACRO);
		assertEquals("masks: files asks for content_masks, which is empty; give content_masks=[a.png,b.png] (one per "
			+ "style), or choose none, roi or roi_manager", assertThrows(ParameterException.class,
				() -> Preflight.checkFiles(files, false)).getMessage());
	}

	@Test
	void masksHaveTheContentsAspectAndGrayContentHasNoColoursToKeep() throws IOException {
		ParamValues v = values("preserve_colors", "luminance");
		String m = imagesMessage(v, image(60, 40, content), List.of(image(50, 50, style)),
			List.of(image(40, 40, null)));
		assertEquals("content_masks: a mask is 40x40 and the content 60x40, another aspect; give masks of the "
			+ "content's aspect (they are resized to it)", m);
		List<String> notes = Preflight.checkImages(v, MEMORY, new Preflight.ImageFacts(60, 40, 8, 1, null),
			List.of(image(50, 50, style)), List.of(image(30, 20, null)));
		assertEquals(List.of("preserve_colors=luminance has no effect: the content is gray."), notes);
	}

	@Test
	void aStacksResultMustFitTheDiskAndFijisMemory() throws IOException {
		ParamValues v = values("output", dir.resolve("out.tif").toString(), "size", "100", "planes", "all");
		// 100 planes of 100x50 RGB: 1.5 MB as TIFF (3 bytes a pixel), 2 MB in Fiji's memory (an int a pixel).
		Preflight.ImageFacts stack = new Preflight.ImageFacts(200, 100, 24, 100, content);
		assertEquals(1_500_000, Preflight.resultBytes(v, stack));
		Preflight.checkDiskHolds(v, stack, true, 3_000_000);
		ParameterException e = assertThrows(ParameterException.class, () -> Preflight.checkDiskHolds(v, stack, true, 2_999_999));
		assertEquals("output: the result of 100 planes needs about 3 MB on the disk (each plane in a scratch folder beside"
			+ " the output, then the file) and 3 MB are free there; free some space, choose a folder on another disk, or"
			+ " lower size", e.getMessage());
		Preflight.checkDiskHolds(v, stack, false, 1_500_000);
		Preflight.checkMemoryHolds(v, stack, 2_000_000);
		e = assertThrows(ParameterException.class, () -> Preflight.checkMemoryHolds(v, stack, 1_999_999));
		assertTrue(e.getMessage().startsWith("planes: the result of 100 planes needs about 2 MB of memory and Java has 2 MB"
			+ " left; style fewer planes"), e.getMessage());
		Preflight.ImageFacts one = new Preflight.ImageFacts(200, 100, 24, 1, content);
		Preflight.checkMemoryHolds(v, one, 0);
		Preflight.checkDiskHolds(v, one, true, 0);
	}

	@Test
	void aStackGoesIntoAFolderOfNumberedPngsButNotTheFramesOwn() throws IOException {
		Path frames = Files.createDirectory(dir.resolve("frames"));
		Path styled = Files.createDirectory(dir.resolve("styled"));
		ParamValues v = values("content", frames.toString(), "output", styled.toString(), "planes", "all");
		Preflight.checkFiles(v, true);
		Preflight.checkImages(v, MEMORY, new Preflight.ImageFacts(60, 40, 8, 3, frames), List.of(image(50, 50, style)), List.of());
		ParamValues into = values("content", frames.toString(), "output", frames.toString(), "planes", "all");
		assertEquals("output: is the content's folder of frames " + frames + ", where the results would mix with them;"
			+ " choose another folder", imagesMessage(into, new Preflight.ImageFacts(60, 40, 8, 3, frames),
				image(50, 50, style)));
		assertEquals("content: " + frames + " is a folder, not a file; give an image file, or planes=all to style the"
			+ " numbered frames in it", filesMessage("content", frames.toString()));
	}
}

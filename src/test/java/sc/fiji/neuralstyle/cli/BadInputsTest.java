package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.plugin.filter.AVI_Writer;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import picocli.CommandLine;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.StackTestFiles;

/**
 * The fuzz suite: bad inputs and faults, each run through the command line as a user would type
 * it. Each must end with its exit code and one message (plus the --help advice) that names the
 * parameter or file and what to do, no stack trace, no input changed and no file written, partial
 * or whole. (Interrupts: {@link InterruptTest}; a missing library: {@link FailureReportTest}.)
 */
class BadInputsTest {

	private static Path dir;
	private static Map<String, String> before;

	/** A bad input: the arguments changed from a good run, the exit code and what the message says. */
	record Case(String name, List<String> change, int exitCode, String says) {
		@Override
		public String toString() {
			return name;
		}
	}

	@BeforeAll
	static void files() throws IOException {
		dir = Files.createTempDirectory("bad-inputs");
		Files.copy(NeuralStyleCliTest.sample("coffee.png"), dir.resolve("content.png"));
		Files.copy(NeuralStyleCliTest.sample("starry_night.jpg"), dir.resolve("style.jpg"));
		byte[] weights = Files.readAllBytes(NeuralStyleCliTest.resource("/fixtures/models/alexnet-seeded-f16.pth"));
		Files.write(dir.resolve("w.pth"), weights);
		Files.write(dir.resolve("truncated.pth"), Arrays.copyOf(weights, weights.length / 3));
		Files.write(dir.resolve("empty.png"), new byte[0]);
		Files.write(dir.resolve("empty.pth"), new byte[0]);
		Files.writeString(dir.resolve("text.png"), "this is not an image\n");
		Files.writeString(dir.resolve("text.pth"), "<html>404 Not Found</html>\n");
		byte[] png = Files.readAllBytes(dir.resolve("content.png"));
		Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length * 3 / 5));
		byte[] jpg = Files.readAllBytes(dir.resolve("style.jpg"));
		Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(jpg, jpg.length / 2));
		Files.write(dir.resolve("huge.png"), pngHeader(50_000, 50_000));
		Files.write(dir.resolve("evil.pth"), evilPickle());
		Files.createDirectory(dir.resolve("folder.png"));
		// Files with the names of previews of out.png and link.png: the content again, and a link to it.
		Files.copy(dir.resolve("content.png"), dir.resolve("out_iter0001.png"));
		Files.createSymbolicLink(dir.resolve("link_iter0001.png"), Path.of("content.png"));
		try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			socket.bind(UnixDomainSocketAddress.of(dir.resolve("socket.csv"))); // the socket file stays after close
		}
		Files.copy(NeuralStyleCliTest.resource("/fixtures/images/coffee-cmyk.jpg"), dir.resolve("cmyk.jpg"));
		ImageIO.write(new BufferedImage(60, 40, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("black.png").toFile());
		// Random bytes that are no UTF-8 and no control characters: once called "a text file".
		Files.write(dir.resolve("random.pth"), new byte[] { (byte) 0x9f, (byte) 0xe2, (byte) 0x80, (byte) 0xc3, 0x28,
			(byte) 0xa0, (byte) 0xa1, (byte) 0xf0, 0x28, (byte) 0xb5, (byte) 0xc2, (byte) 0xd0 });
		stacks();
		before = digests();
	}

	/** Frames, movies and stacks, good and bad. */
	private static void stacks() throws IOException {
		ImageProcessor coffee = ImageFiles.read(dir.resolve("content.png")).getProcessor();
		ImageStack movie = new ImageStack(64, 48);
		Path frames = Files.createDirectory(dir.resolve("frames"));
		Path sizes = Files.createDirectory(dir.resolve("sizes"));
		for (int i = 1; i <= 3; i++) {
			ImageProcessor frame = coffee.resize(64, 48);
			movie.addSlice(frame);
			ImageFiles.write(new ImagePlus("f", frame), frames.resolve("f" + i + ".png"));
			ImageFiles.write(new ImagePlus("f", i == 2 ? coffee.resize(60, 45) : frame), sizes.resolve("f" + i + ".png"));
		}
		ImageFiles.write(new ImagePlus("movie", movie), dir.resolve("movie.tif"));
		byte[] tif = Files.readAllBytes(dir.resolve("movie.tif"));
		Files.write(dir.resolve("cut.tif"), Arrays.copyOf(tif, tif.length * 2 / 3));
		new AVI_Writer().writeImage(new ImagePlus("movie", movie), dir.resolve("movie.avi").toString(), AVI_Writer.PNG_COMPRESSION, 0);
		byte[] avi = Files.readAllBytes(dir.resolve("movie.avi"));
		Files.write(dir.resolve("cut.avi"), Arrays.copyOf(avi, avi.length / 2));
		Files.delete(dir.resolve("movie.avi"));
		Files.writeString(dir.resolve("text.avi"), "RIFF? no, just text\n");
		Files.writeString(Files.createDirectory(dir.resolve("no-frames")).resolve("notes.txt"), "no images here\n");
		// Issue 21: stacks whose planes differ, found from their headers before any work.
		StackTestFiles.tiffPages(dir.resolve("aspect.tif"), rgb(64, 48), rgb(48, 64), rgb(64, 48));
		StackTestFiles.tiffPages(dir.resolve("types.tif"), rgb(64, 48), gray(64, 48, BufferedImage.TYPE_USHORT_GRAY));
		StackTestFiles.tiffPages(dir.resolve("smaller.tif"), rgb(64, 48), rgb(64, 48), rgb(32, 24));
		StackTestFiles.pngAvi(dir.resolve("sizes.avi"), rgb(64, 48), rgb(64, 48), rgb(60, 45));
		StackTestFiles.pngAvi(dir.resolve("types.avi"), rgb(64, 48), gray(64, 48, BufferedImage.TYPE_BYTE_GRAY));
		// Folders judged by every frame: a multi-page TIFF among them, or first, and an animated GIF.
		Path among = Files.createDirectory(dir.resolve("tiff-among"));
		Files.copy(frames.resolve("f1.png"), among.resolve("f1.png"));
		Files.copy(frames.resolve("f2.png"), among.resolve("f2.png"));
		Files.copy(dir.resolve("movie.tif"), among.resolve("f3.tif"));
		Path first = Files.createDirectory(dir.resolve("tiff-first"));
		Files.copy(dir.resolve("movie.tif"), first.resolve("a1.tif"));
		Files.copy(frames.resolve("f1.png"), first.resolve("a2.png"));
		Path gifs = Files.createDirectory(dir.resolve("gif-among"));
		ImageStack grays = new ImageStack(64, 48);
		for (int i = 1; i <= 2; i++) {
			ImageProcessor gray = coffee.resize(64, 48).convertToByteProcessor();
			ImageFiles.write(new ImagePlus("g", gray), gifs.resolve("g" + i + ".png"));
			grays.addSlice(gray);
		}
		assertTrue(new FileSaver(new ImagePlus("animated", grays)).saveAsGif(gifs.resolve("g3.gif").toString()));
		// Numbered outputs: a folder holding what a stack of movie.tif would write there, and a TIFF's preview.
		Path stackOut = Files.createDirectory(dir.resolve("stack-out"));
		Files.copy(frames.resolve("f2.png"), stackOut.resolve("movie_0002.png"));
		Files.copy(frames.resolve("f1.png"), stackOut.resolve("movie_0001_iter0001.png"));
		ImageFiles.write(new ImagePlus("p", coffee.resize(64, 48)), dir.resolve("styled_0002_iter0001.tif"));
		// 32 small frames: styled at size 8192 their result is 32 x 8192 x 6144 RGB, 4.8 GB.
		Path many = Files.createDirectory(dir.resolve("many"));
		for (int i = 1; i <= 32; i++) ImageFiles.write(new ImagePlus("f", new ColorProcessor(64, 48)), many.resolve("m" + i + ".png"));
	}

	@AfterAll
	static void cleanUp() throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
		}
	}

	private static BufferedImage rgb(int w, int h) {
		return StackTestFiles.rgb(w, h);
	}

	private static BufferedImage gray(int w, int h, int type) {
		return StackTestFiles.gray(w, h, type);
	}

	private static String f(String name) {
		return dir.resolve(name).toString();
	}

	static Stream<Case> cases() {
		String longName = "n".repeat(300) + ".png";
		return Stream.of(
			// Images
			bad("missing content", 2, "content: there is no file", "--content", f("nothing.png")),
			bad("content is a folder", 2, "content: " + f("folder.png") + " is a folder", "--content", f("folder.png")),
			bad("empty content", 2, "content: ", "--content", f("empty.png")),
			bad("text as content", 2, "content: ", "--content", f("text.png")),
			bad("truncated PNG", 2, "content: ", "--content", f("truncated.png")),
			bad("truncated JPEG", 2, "style: ", "--style", f("truncated.jpg")),
			bad("missing style", 2, "style: there is no file", "--style", f("nothing.jpg")),
			bad("huge declared size", 2, "content: ", "--content", f("huge.png")),
			bad("image too small for the layers", 2, "size: the content image at size 16 is 16x11 px, too small", "--size",
				"16"),
			bad("empty content name", 2, "content: missing", "--content", ""),
			// Numbers
			bad("size 0", 2, "size: 0 is too small", "--size", "0"),
			bad("size 15", 2, "size: 15 is too small", "--size", "15"),
			bad("size 9000", 2, "size: 9000 is too large", "--size", "9000"),
			bad("size text", 2, "size: 'big' is not a whole number", "--size", "big"),
			bad("size 1e400", 2, "size: '1e400' is not a whole number", "--size", "1e400"),
			bad("iterations 0", 2, "iterations: 0 is too small", "--iterations", "0"),
			bad("iterations 2.5", 2, "iterations: '2.5' is not a whole number", "--iterations", "2.5"),
			bad("iterations NaN", 2, "iterations: 'NaN' is not a whole number", "--iterations", "NaN"),
			bad("content_weight NaN", 2, "content_weight: NaN is not a finite number", "--content_weight", "NaN"),
			bad("style_weight Infinity", 2, "style_weight: Infinity is not a finite number", "--style_weight", "Infinity"),
			bad("style_weight 1e999", 2, "style_weight: 1e999 is not a finite number", "--style_weight", "1e999"),
			bad("tv_weight negative", 2, "tv_weight: -1 is too small", "--tv_weight", "-1"),
			bad("weights both 0", 2, "style_weight: content_weight and style_weight are both 0", "--content_weight", "0",
				"--style_weight", "0"),
			bad("learning_rate NaN", 2, "learning_rate: NaN is not a finite number", "--learning_rate", "NaN"),
			bad("learning_rate negative", 2, "learning_rate: -0.5 is too small", "--learning_rate", "-0.5"),
			bad("style_scale 0", 2, "style_scale: 0 is too small", "--style_scale", "0"),
			bad("style_scale 100", 2, "style_scale: 100 is too large", "--style_scale", "100"),
			bad("seed 1.5", 2, "seed: '1.5' is not a whole number", "--seed", "1.5"),
			bad("preview_every -1", 2, "preview_every: -1 is too small", "--preview_every", "-1"),
			bad("history_size 0", 2, "history_size: 0 is too small", "--history_size", "0"),
			bad("flag with a wrong value", 2, "line_search: 'maybe' is neither true nor false", "--line_search", "maybe"),
			bad("average 1", 2, "average: 1 is too large; give a decay from 0 (off) to below 1", "--average", "1"),
			bad("average negative", 2, "average: -0.1 is too small", "--average", "-0.1"),
			bad("stop_tolerance 2", 2, "stop_tolerance: 2 is too large; give a fraction from 0 (off) to below 1",
				"--stop_tolerance", "2"),
			bad("stop_tolerance NaN", 2, "stop_tolerance: NaN is not a finite number", "--stop_tolerance", "NaN"),
			bad("stop_window 0", 2, "stop_window: 0 is too small", "--stop_window", "0"),
			// Names and choices
			bad("unknown network", 2, "network: 'resnet' is not a choice", "--network", "resnet"),
			bad("unknown optimizer", 2, "optimizer: 'newton' is not a choice", "--optimizer", "newton"),
			bad("unknown device", 2, "device: 'tpu' is not a device", "--device", "tpu"),
			bad("unknown style loss", 2, "style_loss: 'earth' is not a choice; choose gram, wasserstein or sliced",
				"--style_loss", "earth"),
			bad("unknown padding", 2, "padding: 'reflect' is not a choice; choose zeros or replicate", "--padding",
				"reflect"),
			bad("normalize_gradients with L-BFGS", 2, "normalize_gradients: L-BFGS builds its steps from the curvature "
				+ "of the loss", "--normalize_gradients", "true"),
			bad("sliced style loss with masks", 2, "style_loss: sliced cannot take masks", "--style_loss", "sliced",
				"--content_masks", f("content.png")),
			bad("absent GPU", 2, "device: gpu:7 asked for, but PyTorch sees", "--device", "gpu:7"),
			bad("unknown layer", 2, "content_layers: alexnet has no layer 'relu4_2'; use its layers", "--content_layers",
				"relu4_2"),
			bad("layer weight not a number", 2, "style_layers: 'x' is not a number", "--style_layers", "relu1:x"),
			bad("layer twice", 2, "style_layers: relu1 is named twice", "--style_layers", "relu1,relu1"),
			bad("empty layer list", 2, "style_layers: no layer is named", "--style_layers", " , "),
			bad("unknown option", 2, "iteration: unknown parameter; did you mean iterations?", "--iteration", "3"),
			bad("option without value", 2, "size: no value given after --size", "--size"),
			bad("stray word", 2, "'stray' is not an option", "stray"),
			// Weights files
			bad("missing weights", 2, "weights: there is no file", "--weights", f("nothing.pth")),
			bad("weights folder", 2, "weights: " + dir + " is a folder", "--weights", dir.toString()),
			bad("empty weights", 2, "weights: ", "--weights", f("empty.pth")),
			bad("text as weights", 2, "weights: ", "--weights", f("text.pth")),
			bad("truncated weights", 2, "weights: ", "--weights", f("truncated.pth")),
			bad("pickle that runs code", 2, "weights: ", "--weights", f("evil.pth")),
			bad("weights of another network", 2, "weights: ", "--network", "vgg16", "--content_layers", "",
				"--style_layers", ""),
			// Outputs
			bad("output is the content", 2, "output: is the content image's file", "--output", f("content.png")),
			bad("output is the style", 2, "output: is the style image's file", "--output", f("style.jpg")),
			bad("output is the weights", 2, "output: ", "--output", f("w.pth")),
			bad("output unknown format", 2, "output: ", "--output", f("out.bmp")),
			bad("output is a folder", 2, "output: " + f("folder.png") + ": it is a folder", "--output", f("folder.png")),
			bad("output in a missing folder", 2, "output: " + f("none/out.png") + ": the folder", "--output",
				f("none/out.png")),
			bad("output in an unwritable folder", 2, "output: /proc/out.png: cannot write in the folder /proc", "--output",
				"/proc/out.png"),
			bad("output name too long", 2, "output: ", "--output", f(longName)),
			bad("loss_log is the output", 2, "loss_log: is the same file as output", "--loss_log", f("out.png")),
			bad("loss_log is the content", 2, "loss_log: is the content image's file", "--loss_log", f("content.png")),
			bad("loss_log is a folder", 2, "loss_log: ", "--loss_log", dir.toString()),
			// Start image
			bad("missing init file", 2, "init: there is no file", "--init", f("start.png")),
			bad("text as init", 2, "init: ", "--init", f("text.png")),
			// Files written beside the output, and special files
			bad("a preview is the content", 2, "preview_every: the preview of iteration 1 (" + f("out_iter0001.png")
				+ ") is the content image's file, which would be overwritten", "--content", f("out_iter0001.png"),
				"--preview_every", "1"),
			bad("a preview is a link to the content", 2, "preview_every: the preview of iteration 1 ("
				+ f("link_iter0001.png") + ") is the content image's file", "--output", f("link.png"), "--preview_every", "1"),
			bad("loss_log is a socket", 2, "loss_log: " + f("socket.csv") + ": it is a socket, not a file", "--loss_log",
				f("socket.csv")),
			// Issue 15: no trace before the message, and advice that helps
			bad("CMYK JPEG as content", 2, "content: Cannot open " + f("cmyk.jpg") + ": it is a CMYK JPEG", "--content",
				f("cmyk.jpg")),
			bad("CMYK JPEG as style", 2, "style: Cannot open " + f("cmyk.jpg") + ": it is a CMYK JPEG", "--style",
				f("cmyk.jpg")),
			bad("all-black mask", 2, "content_masks: the mask of style 1 (" + f("black.png") + ") selects no pixel",
				"--content_masks", f("black.png")),
			bad("random bytes as weights", 2, "weights: Cannot read weights file " + f("random.pth") + ": it is not a PyTorch "
				+ "weights file: it is a file of unknown kind", "--weights", f("random.pth")),
			// Stacks (planes=all): frames, movies, outputs
			bad("folder content without planes=all", 2, "content: " + f("frames") + " is a folder, not a file; give an image "
				+ "file, or planes=all", "--content", f("frames")),
			bad("frames of different sizes", 2, "content: The frames of " + f("sizes") + " differ: f2.png is 60x45 and "
				+ "f1.png 64x48", "--content", f("sizes"), "--planes", "all"),
			bad("folder without images", 2, "content: The folder " + f("no-frames") + " has no images", "--content",
				f("no-frames"), "--planes", "all"),
			bad("truncated AVI", 2, "content: Cannot open " + f("cut.avi") + ": the AVI file is cut short", "--content",
				f("cut.avi"), "--planes", "all"),
			bad("text as AVI", 2, "content: Cannot open " + f("text.avi") + ": it is not an AVI movie", "--content",
				f("text.avi"), "--planes", "all"),
			bad("truncated TIFF stack", 2, "content: Cannot open " + f("cut.tif") + ": the TIFF stack is cut short",
				"--content", f("cut.tif"), "--planes", "all"),
			bad("stack into a PNG", 2, "output: PNG holds one image and the result has 3 planes; use .tif or .avi",
				"--content", f("movie.tif"), "--planes", "all"),
			bad("results into the frames' folder", 2, "output: is the content's folder of frames", "--content", f("frames"),
				"--planes", "all", "--output", f("frames")),
			// Temporal coherence
			bad("temporal_frames 0", 2, "temporal_frames: 0 is not a frame before the current one; give distances of at "
				+ "least 1", "--temporal_frames", "0"),
			bad("temporal_frames negative", 2, "temporal_frames: -2 is not a frame before the current one",
				"--temporal_frames", "1,-2"),
			bad("temporal_frames twice", 2, "temporal_frames: '1,2,2' names a frame twice; give each distance once",
				"--temporal_frames", "1,2,2"),
			bad("temporal_frames words", 2, "temporal_frames: 'one' is not a list of whole numbers", "--temporal_frames",
				"one"),
			bad("temporal_frames beyond the stack", 2, "temporal_frames: 4 planes back reaches beyond the first of the "
				+ "stack's 3 planes; give distances below 3", "--content", f("movie.tif"), "--planes", "all",
				"--output", f("styled.tif"), "--temporal_frames", "1,4"),
			bad("temporal_weight negative", 2, "temporal_weight: -1 is too small", "--temporal_weight", "-1"),
			bad("temporal_weight NaN", 2, "temporal_weight: NaN is not a finite number", "--temporal_weight", "NaN"),
			// Issue 21: numbered outputs are written files too, checked against every input
			bad("a numbered frame is the style", 2, "output: the numbered frame 2 (" + f("stack-out/movie_0002.png")
				+ ") is the style image's file, which would be overwritten; choose another output folder", "--content",
				f("movie.tif"), "--planes", "all", "--output", f("stack-out"), "--style", f("stack-out/movie_0002.png")),
			bad("a numbered frame is init", 2, "output: the numbered frame 2 (" + f("stack-out/movie_0002.png") + ") is "
				+ "init's file", "--content", f("movie.tif"), "--planes", "all", "--output", f("stack-out"), "--init",
				f("stack-out/movie_0002.png")),
			bad("a numbered frame is a mask", 2, "output: the numbered frame 2 (" + f("stack-out/movie_0002.png") + ") is "
				+ "a mask's file", "--content", f("movie.tif"), "--planes", "all", "--output", f("stack-out"),
				"--content_masks", f("stack-out/movie_0002.png")),
			bad("a frame's preview is init", 2, "preview_every: the preview of plane 1 at iteration 1 ("
				+ f("stack-out/movie_0001_iter0001.png") + ") is init's file", "--content", f("movie.tif"), "--planes", "all",
				"--output", f("stack-out"), "--preview_every", "1", "--init", f("stack-out/movie_0001_iter0001.png")),
			bad("a plane's preview is the style", 2, "preview_every: the preview of plane 2 at iteration 1 ("
				+ f("styled_0002_iter0001.tif") + ") is the style image's file", "--content", f("movie.tif"), "--planes",
				"all", "--output", f("styled.tif"), "--preview_every", "1", "--style", f("styled_0002_iter0001.tif")),
			// Issue 21: planes that differ, refused from the headers before any work, naming the page or frame
			bad("TIFF pages of another aspect", 2, "content: The pages of " + f("aspect.tif") + " differ: page 2 is 48x64 "
				+ "RGB and page 1 64x48 RGB; give a stack whose pages have one size and type", "--content", f("aspect.tif"),
				"--planes", "all", "--output", f("styled.tif")),
			bad("TIFF pages of another type", 2, "content: The pages of " + f("types.tif") + " differ: page 2 is 64x48 "
				+ "16-bit and page 1 64x48 RGB", "--content", f("types.tif"), "--planes", "all", "--output", f("styled.tif")),
			bad("TIFF pages of the same aspect, smaller", 2, "content: The pages of " + f("smaller.tif") + " differ: page 3 "
				+ "is 32x24 RGB", "--content", f("smaller.tif"), "--planes", "all", "--output", f("styled.tif")),
			bad("AVI frames of another size", 2, "content: The frames of " + f("sizes.avi") + " differ: frame 3 is 60x45 "
				+ "RGB and frame 1 64x48 RGB; give a movie whose frames have one size and type", "--content", f("sizes.avi"),
				"--planes", "all", "--output", f("styled.tif")),
			bad("AVI frames of another type", 2, "content: The frames of " + f("types.avi") + " differ: frame 2 is 64x48 "
				+ "8-bit and frame 1 64x48 RGB", "--content", f("types.avi"), "--planes", "all", "--output", f("styled.tif")),
			// Issue 21: a folder of frames judged by all its files, and never written into
			bad("a TIFF stack among the frames", 2, "content: " + f("tiff-among/f3.tif") + " in the folder of frames is "
				+ "itself a stack of 3 planes", "--content", f("tiff-among"), "--planes", "all", "--output", f("styled.tif")),
			bad("a TIFF stack as the first frame", 2, "content: " + f("tiff-first/a1.tif") + " in the folder of frames is "
				+ "itself a stack of 3 planes", "--content", f("tiff-first"), "--planes", "all", "--output", f("styled.tif")),
			bad("an animated GIF among the frames", 2, "content: " + f("gif-among/g3.gif") + " in the folder of frames is "
				+ "itself a stack of 2 planes", "--content", f("gif-among"), "--planes", "all", "--output", f("styled.tif")),
			bad("output inside the frames' folder", 2, "output: " + f("frames/styled.tif") + " is in the content's folder "
				+ "of frames " + f("frames") + ", where the next run would take it for a frame; write it into another "
				+ "folder", "--content", f("frames"), "--planes", "all", "--output", f("frames/styled.tif")),
			bad("previews inside the frames' folder", 2, "preview_every: the preview of plane 1 at iteration 1 ("
				+ f("frames/styled_0001_iter0001.png") + ") would be in the content's folder of frames", "--content",
				f("frames"), "--planes", "all", "--output", f("frames/styled.avi"), "--preview_every", "1"),
			bad("a missing output folder with a slash", 2, "output: there is no folder " + f("new-folder") + " for the "
				+ "numbered frames; make it first", "--content", f("movie.tif"), "--planes", "all", "--output",
				f("new-folder") + "/"),
			// Issue 21: weights whose weighted loss a 32-bit float cannot hold
			bad("style_weight 1e300", 2, "style_weight: 1e300 is too large: the weighted loss, a 32-bit float (at most "
				+ "3.4e38), would overflow; give a number from 0 to 1e20", "--style_weight", "1e300"),
			bad("temporal_weight 1e300", 2, "temporal_weight: 1e300 is too large: the weighted loss", "--content",
				f("movie.tif"), "--planes", "all", "--output", f("styled.tif"), "--temporal_weight", "1e300"),
			bad("content_weight 1e21", 2, "content_weight: 1e21 is too large", "--content_weight", "1e21"),
			bad("tv_weight 1e300", 2, "tv_weight: 1e300 is too large", "--tv_weight", "1e300"),
			bad("stack too large for a TIFF", 2, "output: the result stack would be 4.8 GB (32 planes), more than a TIFF "
				+ "file holds", "--content", f("many"), "--planes", "all", "--output", f("many.tif"), "--size", "8192"));
	}

	private static Case bad(String name, int exitCode, String says, String... change) {
		return new Case(name, List.of(change), exitCode, says);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void badInputGetsOneMessageAndChangesNothing(Case c) throws IOException {
		List<String> args = new ArrayList<>(List.of("--quiet", "--content", f("content.png"), "--style", f("style.jpg"),
			"--output", f("out.png"), "--network", "alexnet", "--weights", f("w.pth"), "--size", "48", "--iterations", "1"));
		for (int i = 0; i < c.change().size(); i++) {
			String option = c.change().get(i);
			boolean hasValue = i + 1 < c.change().size() && !c.change().get(i + 1).startsWith("--");
			int at = args.indexOf(option);
			if (at >= 0 && hasValue) args.set(at + 1, c.change().get(++i));
			else {
				args.add(option);
				if (hasValue) args.add(c.change().get(++i));
			}
		}
		StringWriter err = new StringWriter();
		CommandLine cl = NeuralStyleCli.commandLine();
		cl.setErr(new PrintWriter(err, true));
		cl.setOut(new PrintWriter(new StringWriter(), true));
		int code;
		try {
			code = cl.execute(args.toArray(String[]::new));
		}
		finally {
			removeNewFiles(); // a case that fails must not spoil the next
		}
		String message = err.toString();
		assertEquals(c.exitCode(), code, message);
		assertTrue(message.startsWith("neural-style: " + c.says()), "says '" + c.says() + "': " + message);
		List<String> lines = message.lines().filter(l -> !l.isBlank()).toList();
		assertTrue(lines.size() <= 2, "one message and the advice: " + message);
		if (lines.size() == 2) assertEquals("Try 'neural-style --help' for the parameters.", lines.get(1));
		assertFalse(message.contains("\tat "), "no stack trace: " + message);
		assertEquals(before, lastSeen, "no input changed, no file written");
	}

	private static Map<String, String> lastSeen;

	/** Deletes what a run wrote (recording it for the assertion), so that cases stay independent. */
	private static void removeNewFiles() throws IOException {
		lastSeen = digests();
		for (String name : lastSeen.keySet()) {
			if (!before.containsKey(name)) Files.delete(dir.resolve(name));
		}
	}

	@Test
	void theSuiteIsCountedInTheCommandLinePage() throws IOException {
		long count = cases().count();
		String page = Files.readString(Path.of("docs", "command-line.md"));
		assertTrue(page.contains(count + " bad inputs"), "docs/command-line.md counts the " + count + " bad inputs of this suite");
	}

	/** Every file below the folder (partial and hidden ones included) with its SHA-256. */
	private static Map<String, String> digests() throws IOException {
		Map<String, String> d = new TreeMap<>();
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path p : files.filter(Files::isRegularFile).toList()) {
				d.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
			}
		}
		return d;
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A PNG that declares a size and has no pixels: only its header is read before it is refused. */
	private static byte[] pngHeader(int width, int height) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
		DataOutputStream h = new DataOutputStream(ihdr);
		h.writeInt(width);
		h.writeInt(height);
		h.write(new byte[] { 8, 2, 0, 0, 0 }); // 8-bit RGB
		chunk(out, "IHDR", ihdr.toByteArray());
		chunk(out, "IEND", new byte[0]);
		return bytes.toByteArray();
	}

	private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
		out.writeInt(data.length);
		byte[] t = type.getBytes(StandardCharsets.US_ASCII);
		out.write(t);
		out.write(data);
		CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data);
		out.writeInt((int) crc.getValue());
	}

	/** A legacy-layout pickle whose loading would call os.system: the reader must refuse it, not run it. */
	private static byte[] evilPickle() {
		return "\u0080\u0002cos\nsystem\nq\u0000X\u0010\u0000\u0000\u0000touch /tmp/pwnedq\u0001\u0085q\u0002Rq\u0003."
			.getBytes(StandardCharsets.ISO_8859_1);
	}
}

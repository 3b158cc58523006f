package sc.fiji.neuralstyle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import sc.fiji.neuralstyle.fast.StyleModelFile;

/**
 * Train Fast Style in a fresh plain ImageJ from the command line ({@code java -cp ij.jar ij.ImageJ -ijpath
 * DIR -batch macro.ijm "args"}), installed as a user installs it: the example macro
 * {@code macros/Train_And_Style_Time_Lapse.ijm} trains on a tiny time-lapse's own frames and styles
 * them with the model; a macro calls the ImageJ1 command on a folder of frames. Tiny runs: the seeded AlexNet's first
 * layers at 32 px, a few steps. A hang fails ({@link ImageJInstall#run}).
 */
@Tag("slow")
class TrainFastStyleMacroTest {

	/** The oldest ImageJ the example macros accept, as {@link FreshImageJTest} runs them. */
	private static final String MINIMUM = "1.54f";
	private static final long SILENCE_LIMIT = 300;

	@BeforeEach
	void display() {
		ImageJInstall.assumeDisplay();
	}

	private static String tiny() throws IOException {
		Path project = ImageJInstall.get().project;
		return " network=alexnet weights=[" + project.resolve("src/test/resources/fixtures/models/alexnet-seeded-f16.pth")
			+ "] content_layers=relu1 style_layers=relu1,relu2 size=32 batch_size=2 checkpoint_every=2";
	}

	private static String style() throws IOException {
		return ImageJInstall.get().project.resolve("samples/starry_night.jpg").toString();
	}

	private static Path work(String name) throws IOException {
		Path work = ImageJInstall.get().root.resolveSibling("train-fast-style").resolve(name);
		ImageJInstall.deleteTree(work);
		return Files.createDirectories(work);
	}

	private static ImageJInstall.Output runMacro(Path macro, String args, Path work) throws Exception {
		ImageJInstall install = ImageJInstall.get().withImageJ(MINIMUM);
		List<String> cmd = new ArrayList<>(install.java(install.newHome("train-" + work.getFileName())));
		cmd.addAll(List.of("ij.ImageJ", "-ijpath", install.root.toString(), "-batch", macro.toString(), args));
		return install.run(cmd, work, SILENCE_LIMIT);
	}

	/**
	 * The example: the model trained on the clip's frames (with its checkpoint and a loss row a step),
	 * then every frame styled by it at the clip's size (each unlike its content), and the first frame
	 * beside its styled frame.
	 */
	@Test
	void theExampleTrainsOnATimeLapsesFramesThenStylesEveryFrame() throws Exception {
		Path work = work("example");
		Path clip = TinyTimeLapse.write(work.resolve("clip.tif"));
		Path output = work.resolve("out");
		ImageJInstall.Output out = runMacro(ImageJInstall.get().project.resolve("macros/Train_And_Style_Time_Lapse.ijm"),
			"content=[" + clip + "] style=[" + style() + "] output=[" + output + "] steps=4" + tiny(), work);
		assertEquals(0, out.exitCode(), out.all());
		assertEquals(List.of("clip.checkpoint.pth", "clip.pth", "clip_first_frame.png", "clip_styled.tif",
			"clip_training_losses.csv"), ImageJInstall.list(output), out.all());
		StyleModelFile.check(output.resolve("clip.pth"));
		assertEquals(5, Files.readAllLines(output.resolve("clip_training_losses.csv")).size(), "a header and a row a step");
		assertTrue(out.stdout().contains("Train Fast Style: trained 4 steps; wrote " + output.resolve("clip.pth")),
			out.all());

		ImagePlus content = IJ.openImage(clip.toString());
		ImagePlus styled = IJ.openImage(output.resolve("clip_styled.tif").toString());
		assertEquals(TinyTimeLapse.FRAMES, styled.getStackSize(), "every frame styled");
		assertEquals(TinyTimeLapse.SIZE + "x" + TinyTimeLapse.SIZE, styled.getWidth() + "x" + styled.getHeight());
		for (int i = 1; i <= TinyTimeLapse.FRAMES; i++) {
			int[] before = (int[]) content.getStack().getProcessor(i).convertToRGB().getPixels();
			int[] after = (int[]) styled.getStack().getProcessor(i).convertToRGB().getPixels();
			assertFalse(Arrays.equals(before, after), "frame " + i + " is styled");
		}
		BufferedImage montage = ImageIO.read(output.resolve("clip_first_frame.png").toFile());
		assertEquals(2 * TinyTimeLapse.SIZE + "x" + TinyTimeLapse.SIZE, montage.getWidth() + "x" + montage.getHeight());
	}

	/**
	 * {@code run("Train Fast Style", ...)} trains on a folder of frames that a macro names by path. (Its
	 * refusals are the SciJava command's test's: in ImageJ's -batch mode with a display, an error dialog
	 * waits for a click.)
	 */
	@Test
	void aMacroTrainsOnAFolderOfFrames() throws Exception {
		Path work = work("command");
		Path frames = Files.createDirectories(work.resolve("frames"));
		ImageStack clip = IJ.openImage(TinyTimeLapse.write(work.resolve("clip.tif")).toString()).getStack();
		for (int i = 1; i <= clip.size(); i++) {
			new FileSaver(new ImagePlus("f", clip.getProcessor(i))).saveAsPng(frames.resolve("frame" + i + ".png").toString());
		}
		Path model = work.resolve("out/folder.pth");
		Files.createDirectories(model.getParent());
		Path macro = Files.writeString(work.resolve("train.ijm"), String.join("\n",
			"setBatchMode(true);",
			"run(\"Train Fast Style\", \"content=[" + frames + "] style=[" + style() + "] model=[" + model + "] steps=2 \" + "
				+ "getArgument());",
			"print(\"images open: \" + nImages);", ""));
		ImageJInstall.Output out = runMacro(macro, tiny().strip(), work);
		assertEquals(0, out.exitCode(), out.all());
		assertTrue(out.stdout().contains("Train Fast Style: training folder.pth on 3 images of frames for 2 steps"), out.all());
		assertTrue(out.stdout().contains("Train Fast Style: trained 2 steps; wrote " + model), out.all());
		StyleModelFile.check(model);
		assertTrue(Files.exists(work.resolve("out/folder.checkpoint.pth")), ImageJInstall.list(work.resolve("out")).toString());
	}
}

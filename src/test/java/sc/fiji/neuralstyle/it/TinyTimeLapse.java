package sc.fiji.neuralstyle.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;

import sc.fiji.neuralstyle.flow.SyntheticSequence;

/**
 * A tiny time-lapse file for the tests that run {@code Style_Time_Lapse.ijm}: {@value #FRAMES} RGB
 * frames of {@value #SIZE} px (the coffee sample panning slowly, a disc moving the other way:
 * {@link SyntheticSequence.Motion#OBJECT}), as a TIFF hyperstack of frames (T), as a user's
 * time-lapse is.
 */
final class TinyTimeLapse {

	static final int SIZE = 48;
	static final int FRAMES = 3;

	private TinyTimeLapse() {}

	/** Writes the time-lapse to {@code file} (a .tif), making its folder; returns the file. */
	static Path write(Path file) throws IOException {
		SyntheticSequence sequence = SyntheticSequence.of(SyntheticSequence.Motion.OBJECT, SIZE, FRAMES);
		ImageStack stack = new ImageStack(SIZE, SIZE);
		int n = SIZE * SIZE;
		for (int t = 0; t < FRAMES; t++) {
			float[] rgb = sequence.frame(t);
			int[] pixels = new int[n];
			for (int i = 0; i < n; i++) {
				pixels[i] = (channel(rgb[i]) << 16) | (channel(rgb[n + i]) << 8) | channel(rgb[2 * n + i]);
			}
			stack.addSlice("frame " + (t + 1), new ColorProcessor(SIZE, SIZE, pixels));
		}
		ImagePlus imp = new ImagePlus("time-lapse", stack);
		imp.setDimensions(1, 1, FRAMES);
		imp.setOpenAsHyperStack(true);
		Files.createDirectories(file.getParent());
		if (!new FileSaver(imp).saveAsTiffStack(file.toString())) throw new IOException("could not write " + file);
		return file;
	}

	private static int channel(float value) {
		return Math.round(Math.max(0, Math.min(1, value)) * 255);
	}
}

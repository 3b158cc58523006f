package sc.fiji.neuralstyle.bench;

import java.io.IOException;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import sc.fiji.neuralstyle.image.ImageFiles;

/**
 * Writes a synthetic time series for the stack benchmarks: a slow pan over a sample image, as a
 * TIFF stack of frames (bench/stack_memory.sh).
 * <p>
 * Arguments: the TIFF to write, the number of frames, the longest side in pixels, the sample
 * (samples/coffee.png).
 */
public final class PanSequence {

	private PanSequence() {}

	public static void main(String... args) throws IOException {
		Path out = Path.of(args[0]);
		int frames = Integer.parseInt(args[1]);
		int side = Integer.parseInt(args[2]);
		Path sample = Path.of(args.length > 3 ? args[3] : "samples/coffee.png");
		ImageProcessor source = ImageFiles.read(sample).getProcessor();
		int w = side, h = side * source.getHeight() / source.getWidth();
		// Wide enough to pan one pixel per frame.
		ImageProcessor wide = source.resize(w + frames, (w + frames) * source.getHeight() / source.getWidth());
		ImageStack stack = new ImageStack(w, h);
		for (int t = 0; t < frames; t++) {
			wide.setRoi(t, 0, w, h);
			stack.addSlice("t" + (t + 1), wide.crop());
		}
		ImagePlus movie = new ImagePlus(out.getFileName().toString(), stack);
		movie.setDimensions(1, 1, frames);
		movie.getCalibration().frameInterval = 1;
		movie.getCalibration().setTimeUnit("s");
		ImageFiles.write(movie, out);
		System.out.println("wrote " + out + ": " + frames + " frames of " + w + "x" + h);
	}
}

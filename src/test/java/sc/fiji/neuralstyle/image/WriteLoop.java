package sc.fiji.neuralstyle.image;

import java.nio.file.Path;

import ij.ImagePlus;

/**
 * For {@link ImageFilesTest}, in a JVM of its own: writes {@code args[0]} (a PNG of 1024x1024
 * random pixels) over and over, as the command line writes its previews, saying "WROTE n" after
 * each, until it is killed.
 */
public final class WriteLoop {

	private WriteLoop() {}

	public static void main(String[] args) throws Exception {
		ImagePlus image = new ImagePlus("noise", TestImages.rgb(1024, 1024, 1));
		for (int n = 0;; n++) {
			ImageFiles.write(image, Path.of(args[0]));
			System.out.println("WROTE " + n);
			System.out.flush();
		}
	}
}

package sc.fiji.neuralstyle.image;

import java.nio.file.Path;

import ij.ImagePlus;

/** For {@link ImageFilesTest}, in a JVM of its own (with little memory): reads args[0] and prints what happened. */
public final class ReadImage {

	private ReadImage() {}

	public static void main(String[] args) {
		try {
			ImagePlus imp = ImageFiles.read(Path.of(args[0]));
			System.out.println("READ " + imp.getWidth() + "x" + imp.getHeight());
		}
		catch (Exception e) {
			System.out.println("REFUSED " + e.getMessage());
		}
	}
}

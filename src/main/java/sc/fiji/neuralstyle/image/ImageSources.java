package sc.fiji.neuralstyle.image;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileInfo;

/** The file an open image came from, so that a result is never written over it. */
public final class ImageSources {

	private ImageSources() {}

	/** The file {@code imp} was opened from, or null if it was made in memory (or came from a URL). */
	public static Path file(ImagePlus imp) {
		FileInfo fi = imp.getOriginalFileInfo();
		if (fi == null || fi.fileName == null || fi.fileName.isEmpty() || fi.url != null && !fi.url.isEmpty()) return null;
		try {
			return fi.directory == null || fi.directory.isEmpty() ? Path.of(fi.fileName) : Path.of(fi.directory, fi.fileName);
		}
		catch (InvalidPathException e) {
			return null;
		}
	}
}

package sc.fiji.neuralstyle.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The names of a stack's planes as files of their own: the frames a folder holds (read as a stack),
 * and the numbered planes a run writes, so that they sort in order.
 */
public final class StackNames {

	/** The frames of a folder: what ImageJ reads without Bio-Formats, by extension. */
	public static final List<String> FRAME_EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif",
		".bmp", ".pgm", ".ppm", ".pnm");

	private StackNames() {}

	/** Whether {@code name} is a frame of a folder (an image file ImageJ reads, not hidden). */
	public static boolean isFrame(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return !name.startsWith(".") && FRAME_EXTENSIONS.stream().anyMatch(lower::endsWith);
	}

	/**
	 * Plane {@code plane} (1-based, its index in the stack) of {@code planes} written into a folder:
	 * {@code <stem>_0001.png}.
	 */
	public static Path frame(Path folder, String stem, int plane, int planes) {
		return folder.resolve(stem + "_" + number(plane, planes) + ".png");
	}

	/** The plane's number with at least four digits, more if the stack needs them: 0003, 01234. */
	public static String number(int plane, int planes) {
		int digits = Math.max(4, Integer.toString(planes).length());
		return String.format(Locale.ROOT, "%0" + digits + "d", plane);
	}

	/** A file's name without its extension, or a folder's name. */
	public static String stem(Path path) {
		Path name = path.toAbsolutePath().normalize().getFileName();
		if (name == null) return "frames";
		String n = name.toString();
		int dot = n.lastIndexOf('.');
		return dot > 0 && !path.toFile().isDirectory() ? n.substring(0, dot) : n;
	}
}

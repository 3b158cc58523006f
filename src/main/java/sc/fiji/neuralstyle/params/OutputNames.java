package sc.fiji.neuralstyle.params;

import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.neuralstyle.files.StackNames;

/** The names of the files written beside an output: previews and the loss history. */
public final class OutputNames {

	private OutputNames() {}

	/** out.png → out_iter0050.png, beside the output. */
	public static Path preview(Path output, int iteration) {
		return beside(output, String.format(Locale.ROOT, "_iter%04d", iteration), null);
	}

	/**
	 * A preview of plane {@code plane} (1-based) of a stack: out.tif → out_0003_iter0050.tif beside it
	 * (.png for an AVI); for a folder of frames, in the folder beside the frame
	 * ({@link StackNames#frame}): frames_0003_iter0050.png.
	 */
	public static Path preview(Path output, boolean folder, String stem, int plane, int planes, int iteration) {
		String iter = String.format(Locale.ROOT, "_iter%04d", iteration);
		if (folder) return beside(StackNames.frame(output, stem, plane, planes), iter, null);
		String extension = output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".avi") ? ".png" : null;
		return beside(output, "_" + StackNames.number(plane, planes) + iter, extension);
	}

	/** out.tif → out_losses.csv (or .png) beside it. */
	public static Path losses(Path output, String extension) {
		return beside(output, "_losses", extension);
	}

	/** The output's name with {@code suffix} before its extension, and another extension if given. */
	private static Path beside(Path output, String suffix, String extension) {
		String name = output.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String stem = dot > 0 ? name.substring(0, dot) : name;
		String ext = extension != null ? extension : dot > 0 ? name.substring(dot) : ".png";
		return output.resolveSibling(stem + suffix + ext);
	}
}

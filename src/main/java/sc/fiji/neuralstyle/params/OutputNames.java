package sc.fiji.neuralstyle.params;

import java.nio.file.Path;
import java.util.Locale;

/** The names of the files written beside an output: previews and the loss history. */
public final class OutputNames {

	private OutputNames() {}

	/** out.png → out_iter0050.png, beside the output. */
	public static Path preview(Path output, int iteration) {
		return beside(output, String.format(Locale.ROOT, "_iter%04d", iteration), null);
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

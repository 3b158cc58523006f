package sc.fiji.neuralstyle.net.weights;

import java.nio.file.Path;

import sc.fiji.neuralstyle.text.Numbers;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * The message for weights that are not on this computer and cannot be had now: why, which file to
 * download from where, where to save it, and its checksum. Sizes are in MB (10⁶ bytes) everywhere.
 */
final class MissingWeights {

	private MissingWeights() {}

	/**
	 * @param why what went wrong, ending where the advice to download by hand continues: with "To use
	 *          it offline," or ", or"
	 */
	static WeightsException exception(ModelDescriptor d, Path target, String why, Throwable cause) {
		String text = "The " + d.name() + " weights (" + d.file() + (d.size() == null ? "" : ", " + Numbers.megabytes(d.size()))
			+ ") are not on this computer " + why + " download\n  " + d.url() + "\nand save it as\n  " + target
			+ "\n(or give its path as the 'weights' parameter). " + checksumNote(d);
		return new WeightsException(text, cause, d);
	}

	static WeightsException exception(ModelDescriptor d, Path target, String why) {
		return exception(d, target, why, null);
	}

	private static String checksumNote(ModelDescriptor d) {
		return d.hasFullSha256() ? "Its SHA-256 is " + d.sha256() + "."
			: "Its SHA-256 starts with " + d.sha256() + " (only that prefix is known).";
	}
}

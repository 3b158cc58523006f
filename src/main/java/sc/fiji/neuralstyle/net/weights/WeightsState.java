package sc.fiji.neuralstyle.net.weights;

import java.nio.file.Path;

/**
 * What a {@link WeightStore} holds for one network's weights.
 *
 * @param kind verified, missing or damaged
 * @param file where the file is or would be
 * @param detail how it was found: "checked before" (a marker vouches for it), "checked now", or for a
 *          damaged file what is wrong with it and what to do
 */
public record WeightsState(Kind kind, Path file, String detail) {

	/** The three states. */
	public enum Kind {
		/** There, and its SHA-256 (or size and prefix) is the descriptor's. */
		VERIFIED,
		/** Not there. */
		MISSING,
		/** There, but not the described file (incomplete, damaged, another file) or unreadable. */
		DAMAGED
	}
}

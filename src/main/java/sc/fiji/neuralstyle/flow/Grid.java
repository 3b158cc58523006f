package sc.fiji.neuralstyle.flow;

/** Size checks shared by the records of this package. */
final class Grid {

	private Grid() {
		// static utility
	}

	/**
	 * Checks that a {@code width × height} grid is positive and has {@code length} values.
	 *
	 * @return the number of pixels
	 */
	static int check(int width, int height, int length, String what) {
		if (width <= 0 || height <= 0) {
			throw new IllegalArgumentException("A " + what + " needs a positive size, got " + width + "x" + height);
		}
		long n = (long) width * height;
		if (length != n) {
			throw new IllegalArgumentException("A " + width + "x" + height + " " + what + " has " + n
				+ " values, got " + length);
		}
		return (int) n;
	}

	/** Checks that two grids have the same size. */
	static void same(int width, int height, int otherWidth, int otherHeight, String what) {
		if (width != otherWidth || height != otherHeight) {
			throw new IllegalArgumentException(what + " differ in size: " + width + "x" + height + " and "
				+ otherWidth + "x" + otherHeight);
		}
	}
}

package sc.fiji.neuralstyle.files;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats results are written in, chosen by the file's extension, and what each can hold.
 * Known without ImageJ, so that an output name is checked before any work.
 */
public enum ImageFormat {
	/** {@code .tif}, {@code .tiff}: every type and stacks, display range, LUT, calibration, Info. */
	TIFF,
	/** {@code .png}: one plane; 8-bit, RGB and 16-bit lossless, 32-bit through its display range. */
	PNG,
	/** {@code .jpg}, {@code .jpeg}: one plane, lossy, 8-bit gray or RGB. */
	JPEG,
	/**
	 * {@code .avi}: a movie of the planes (ImageJ's writer, PNG-compressed frames, lossless), 8-bit
	 * gray with its lookup table or RGB; 16 and 32-bit through the display range.
	 */
	AVI;

	/** The extensions written, for messages. */
	public static final String EXTENSIONS = ".tif/.tiff, .png, .jpg/.jpeg, .avi";

	/** The format of a file name, or empty for an extension that is not written. */
	public static Optional<ImageFormat> of(Path path) {
		String name = path.getFileName() == null ? "" : path.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
		return switch (ext) {
			case "tif", "tiff" -> Optional.of(TIFF);
			case "png" -> Optional.of(PNG);
			case "jpg", "jpeg" -> Optional.of(JPEG);
			case "avi" -> Optional.of(AVI);
			default -> Optional.empty();
		};
	}

	/** Whether the format holds more than one plane. */
	public boolean holdsStacks() {
		return this == TIFF || this == AVI;
	}

	/**
	 * What writing an image of this bit depth changes, or empty if it is kept: PNG turns 32-bit into
	 * 8-bit, JPEG and AVI 16 and 32-bit, all through the display range.
	 */
	public Optional<String> conversion(int bitDepth, String fileName) {
		if (this == PNG && bitDepth == 32) {
			return Optional.of("The 32-bit image is written to " + fileName
				+ " as 8-bit (its display range mapped to 0-255); use .tif to keep the 32-bit values.");
		}
		if ((this == JPEG || this == AVI) && (bitDepth == 16 || bitDepth == 32)) {
			return Optional.of("The " + bitDepth + "-bit image is written to " + fileName
				+ " as 8-bit (its display range mapped to 0-255); use .tif to keep the values.");
		}
		return Optional.empty();
	}
}

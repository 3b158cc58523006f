package sc.fiji.neuralstyle.image;

import java.awt.image.SampleModel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * What an image file says about itself before ImageJ opens it, read with Java's ImageIO: its size
 * from the header (PNG, JPEG, TIFF, GIF, BMP), and, for PNG and JPEG, whether all its data is there.
 * ImageJ reads a truncated JPEG without complaint (the missing part comes out gray) and reports a
 * truncated PNG as an unsupported format; this says "damaged".
 */
final class ImageFileCheck {

	/** Largest side of the throw-away image decoded to check that a file is complete. */
	private static final int CHECK_SIDE = 256;

	/**
	 * The header of an image file.
	 *
	 * @param format ImageIO's name of the format, upper case (PNG, JPEG, TIF, …)
	 * @param bytesPerPixel what ImageJ will hold per pixel (RGB 4, 8-bit 1, 16-bit 2, 32-bit 4)
	 */
	record Header(String format, int width, int height, int bytesPerPixel) {

		/** Formats whose data can be checked for completeness here. */
		boolean checkable() {
			return format.equals("PNG") || format.equals("JPEG");
		}

		long pixels() {
			return (long) width * height;
		}
	}

	private ImageFileCheck() {}

	/**
	 * The header, or empty when ImageIO does not know the format (ImageJ may still: DICOM, FITS, …) or
	 * cannot read a non-PNG/JPEG header.
	 *
	 * @throws IOException naming the file as damaged when it is a PNG or JPEG whose header is unreadable
	 */
	static Optional<Header> header(Path file) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			ImageReader reader = reader(in);
			if (reader == null) return Optional.empty();
			try {
				String format = reader.getFormatName().toUpperCase(Locale.ROOT);
				int width, height;
				try {
					width = reader.getWidth(0);
					height = reader.getHeight(0);
				}
				catch (IOException | RuntimeException e) {
					if (format.equals("PNG") || format.equals("JPEG")) throw damaged(file, format, describe(e));
					return Optional.empty();
				}
				return Optional.of(new Header(format, width, height, bytesPerPixel(reader)));
			}
			finally {
				reader.dispose();
			}
		}
	}

	/**
	 * Decodes a PNG or JPEG, subsampled to a small image (all data is still read), to see that it
	 * is complete.
	 *
	 * @throws IOException naming the file as damaged: a PNG whose data cannot be read, a JPEG whose
	 *           data ends early
	 */
	static void checkComplete(Path file, Header header) throws IOException {
		if (!header.checkable()) return;
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			ImageReader reader = reader(in);
			if (reader == null) return;
			List<String> warnings = new ArrayList<>();
			reader.addIIOReadWarningListener((source, warning) -> {
				if (!warnings.contains(warning)) warnings.add(warning);
			});
			ImageReadParam param = reader.getDefaultReadParam();
			param.setSourceSubsampling(Math.max(1, header.width() / CHECK_SIDE), Math.max(1, header.height() / CHECK_SIDE), 0, 0);
			IOException failure = null;
			try {
				reader.read(0, param);
			}
			catch (IOException e) {
				failure = e;
			}
			catch (RuntimeException e) {
				failure = new IOException(e.toString(), e);
			}
			finally {
				reader.dispose();
			}
			if (header.format().equals("PNG")) {
				if (failure != null) throw damaged(file, "PNG", describe(failure));
				return;
			}
			// JPEG: only an early end is damage; other warnings (extra bytes, say) are common and harmless,
			// and an unsupported kind (CMYK) is ImageJ's to report.
			List<String> early = new ArrayList<>(warnings.stream().filter(ImageFileCheck::endsEarly).toList());
			if (failure != null && (failure.getCause() instanceof EOFException || endsEarly(String.valueOf(failure.getMessage())))) {
				early.add(describe(failure));
			}
			if (!early.isEmpty()) throw damaged(file, "JPEG", String.join("; ", early));
		}
	}

	private static boolean endsEarly(String message) {
		String m = message.toLowerCase(Locale.ROOT);
		return m.contains("truncated") || m.contains("premature end") || m.contains("no image data");
	}

	private static ImageReader reader(ImageInputStream in) throws IOException {
		if (in == null) return null;
		Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
		if (!readers.hasNext()) return null;
		ImageReader reader = readers.next();
		reader.setInput(in, true, true);
		return reader;
	}

	private static int bytesPerPixel(ImageReader reader) {
		try {
			ImageTypeSpecifier type = reader.getRawImageType(0);
			if (type == null) return 4;
			SampleModel model = type.getSampleModel();
			if (model.getNumBands() >= 3) return 4;
			int bits = model.getSampleSize(0);
			return bits <= 8 ? 1 : bits <= 16 ? 2 : 4;
		}
		catch (IOException | RuntimeException e) {
			return 4;
		}
	}

	private static String describe(Exception e) {
		StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()).strip());
		for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
			if (c.getMessage() != null) sb.append(": ").append(c.getMessage().strip());
		}
		return sb.toString();
	}

	private static IOException damaged(Path file, String format, String detail) {
		return new IOException("Cannot open " + file + ": the " + format + " file is damaged (" + detail
			+ "); it may be cut short by an interrupted copy or download: copy, download or export it again");
	}
}

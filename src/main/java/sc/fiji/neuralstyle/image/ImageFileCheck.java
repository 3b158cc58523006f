package sc.fiji.neuralstyle.image;

import java.awt.image.SampleModel;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
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

import sc.fiji.neuralstyle.files.ImageFileException;

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
			// JPEG: only an early end is damage; other warnings (extra bytes, say) are common and harmless
			// (CMYK, which ImageIO cannot decode either, was refused before, see checkColourModel).
			List<String> early = new ArrayList<>(warnings.stream().filter(ImageFileCheck::endsEarly).toList());
			if (failure != null && (failure.getCause() instanceof EOFException || endsEarly(String.valueOf(failure.getMessage())))) {
				early.add(describe(failure));
			}
			if (!early.isEmpty()) throw damaged(file, "JPEG", String.join("; ", early));
		}
	}

	/**
	 * Refuses a CMYK JPEG (four colour components: CMYK, or YCCK as Adobe stores it), which ImageJ
	 * cannot read: its JPEG decoder prints a stack trace and ImageJ then lists JPEG among the formats
	 * it reads. ImageIO's JPEG reader cannot read its metadata either, so the frame header says.
	 *
	 * @throws IOException naming the file as a CMYK JPEG and saying how to convert it
	 */
	static void checkColourModel(Path file, Header header) throws IOException {
		if (!header.format().equals("JPEG") || jpegComponents(file) != 4) return;
		throw new ImageFileException("Cannot open " + file + ": it is a CMYK JPEG (four ink channels, as made for print), "
			+ "which ImageJ cannot read", "convert it to RGB first, e.g. with ImageMagick: convert " + file
			+ " -colorspace sRGB rgb.jpg, or save it as RGB from an image editor");
	}

	/**
	 * The number of components of a JPEG's frame (1 gray, 3 YCbCr or RGB, 4 CMYK or YCCK), from its
	 * start-of-frame marker; 0 if the file has none before its scan data.
	 */
	static int jpegComponents(Path file) throws IOException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
			if (in.readUnsignedShort() != 0xFFD8) return 0;
			while (true) {
				if (in.readUnsignedByte() != 0xFF) return 0;
				int marker = in.readUnsignedByte();
				while (marker == 0xFF) marker = in.readUnsignedByte(); // fill bytes
				if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) continue; // markers without a length
				if (marker == 0xD9 || marker == 0xDA) return 0; // the end, or scan data before a frame
				int length = in.readUnsignedShort();
				// SOF0 to SOF15, except DHT (C4), JPG (C8) and DAC (CC): precision, height, width, components.
				if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
					in.skipNBytes(5);
					return in.readUnsignedByte();
				}
				in.skipNBytes(length - 2L);
			}
		}
		catch (EOFException e) {
			return 0;
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

package sc.fiji.neuralstyle.image;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.RoiEncoder;
import ij.io.TiffEncoder;
import ij.plugin.filter.AVI_Writer;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import sc.fiji.neuralstyle.engine.plan.JavaHeap;
import sc.fiji.neuralstyle.files.ImageFileException;
import sc.fiji.neuralstyle.files.AtomicFile;
import sc.fiji.neuralstyle.files.ImageFormat;
import sc.fiji.neuralstyle.files.ScratchFolder;

/**
 * Reading and writing image files without a display ({@code java.awt.headless=true} is fine).
 * <p>
 * Reading goes through ImageJ1's {@link IJ#openImage(String)}, so it opens what ImageJ (and, inside
 * Fiji, its readers) can open. Writing picks the format from the extension and never leaves a
 * half-written file ({@link AtomicFile}): the image is written to a temporary file in the target
 * folder, which is then moved onto the target name.
 * <ul>
 * <li>{@code .tif}, {@code .tiff}: everything is kept (type, stacks, display range, LUT,
 * calibration, the "Info" property).</li>
 * <li>{@code .png}: one plane; 8-bit (with its LUT), RGB and 16-bit (a 16-bit gray PNG: values kept,
 * display range and LUT not) are lossless; 32-bit is converted to 8-bit through its display
 * range.</li>
 * <li>{@code .jpg}, {@code .jpeg}: one plane, lossy, 8-bit gray or RGB; 16 and 32-bit are converted
 * to 8-bit through their display range, a gray image with a colour LUT is written as RGB.</li>
 * <li>{@code .avi}: every plane a frame, lossless (PNG-compressed frames, ImageJ's writer), at the
 * calibration's frame rate; 8-bit gray with its LUT or RGB, 16 and 32-bit through the display
 * range.</li>
 * </ul>
 * A conversion that changes values is reported as a note (see {@link #write}); {@code Preflight}
 * says the same before a long run.
 */
public final class ImageFiles {

	private static final String READABLE = "TIFF, PNG, JPEG (RGB or gray, not CMYK), GIF, BMP, PGM/PPM, DICOM, FITS, ZIP"
		+ " (with a TIFF inside), text images (rows of numbers) and, in Fiji, the formats of its"
		+ " Bio-Formats/SCIFIO readers";

	private ImageFiles() {
		// static utility
	}

	/**
	 * Opens an image file. Before ImageJ reads it, the header is checked (where Java's ImageIO knows
	 * the format): a plane larger than {@link FloatImages#MAX_PIXELS} is refused with its size, an
	 * image whose pixels cannot fit in Java's memory with their decoded copy is refused with the
	 * memory to give Java, a CMYK JPEG (which ImageJ cannot read) is refused as such, and a PNG or
	 * JPEG whose data ends early is refused as damaged (ImageJ would show a truncated JPEG's missing
	 * part as gray, and call a truncated PNG an unsupported format). Refusing these before ImageJ
	 * reads them also keeps its JPEG decoder, which runs on AWT's "Image Fetcher" thread, from
	 * printing a stack trace of its own.
	 *
	 * @throws NoSuchFileException if there is no such file
	 * @throws IOException if the path is a folder, cannot be read, is damaged, too large, larger than
	 *           the memory left, or is not an image ImageJ can open (the message names the file, says
	 *           what was wrong and what to do)
	 */
	public static ImagePlus read(Path path) throws IOException {
		Path file = path.toAbsolutePath();
		if (!Files.exists(file)) {
			throw new NoSuchFileException(file.toString(), null, "no such file; check the path");
		}
		if (Files.isDirectory(file)) {
			throw new ImageFileException("Cannot open " + file + ": it is a folder, not an image file", "give the path of an "
				+ "image file");
		}
		if (!Files.isReadable(file)) {
			throw new AccessDeniedException(file.toString(), null, "the file is not readable; make it readable, or give another file");
		}
		Optional<ImageFileCheck.Header> header = ImageFileCheck.header(file);
		if (header.isPresent()) {
			checkPlaneSize(file, header.get());
			ImageFileCheck.checkColourModel(file, header.get());
			checkMemory(file, header.get());
			ImageFileCheck.checkComplete(file, header.get());
		}
		ImagePlus imp;
		boolean outOfMemory = false;
		// Report errors instead of showing dialogs or aborting a running macro.
		IJ.redirectErrorMessages(true);
		try {
			imp = IJ.openImage(file.toString());
		}
		catch (OutOfMemoryError e) {
			imp = null;
			outOfMemory = true;
		}
		finally {
			IJ.redirectErrorMessages(false);
		}
		if (imp != null) return imp;
		String detail = IJ.getErrorMessage();
		detail = detail == null || detail.isBlank() ? "" : " (" + detail.strip().replace('\n', ' ') + ")";
		if (header.isPresent()) {
			ImageFileCheck.Header h = header.get();
			// ImageIO's decoded copy and ImageJ's image are both alive for a moment.
			if (outOfMemory || 2 * h.pixels() * h.bytesPerPixel() > JavaHeap.left()) {
				throw tooLargeForMemory(file, h, "Java has " + JavaHeap.mb(JavaHeap.left()) + " left of its "
					+ JavaHeap.mb(JavaHeap.max()));
			}
			throw new ImageFileException("Cannot open " + file + " (a " + h.format() + " image of " + h.width() + "x"
				+ h.height() + " pixels)" + detail, "save it as one of the formats ImageJ reads: " + READABLE);
		}
		throw new ImageFileException("Cannot open " + file + " as an image" + detail, "save it as one of the formats ImageJ "
			+ "reads: " + READABLE);
	}

	/**
	 * Refuses, before decoding, an image whose pixels and their decoded copy cannot fit in the most
	 * memory Java may use: the advice names the memory the whole run's copy of it needs.
	 */
	private static void checkMemory(Path file, ImageFileCheck.Header h) throws IOException {
		if (2 * h.pixels() * h.bytesPerPixel() > JavaHeap.max()) {
			throw tooLargeForMemory(file, h, "Java may use at most " + JavaHeap.mb(JavaHeap.max()));
		}
	}

	private static ImageFileException tooLargeForMemory(Path file, ImageFileCheck.Header h, String javaHas) {
		long needed = JavaHeap.toStyle(h.width(), h.height(), 1, h.bytesPerPixel(), h.bytesPerPixel() == 4 ? 3 : 1);
		return new ImageFileException("Cannot open " + file + ": the image is " + h.width() + "x" + h.height() + " pixels, "
			+ "which take about " + JavaHeap.mb(needed) + " of Java's memory to style (as read and as the engine's copy), and "
			+ javaHas, JavaHeap.advice(needed));
	}

	/** The size limit of {@link FloatImages}, checked from the header before the pixels are read. */
	private static void checkPlaneSize(Path file, ImageFileCheck.Header h) throws IOException {
		if (h.pixels() > FloatImages.MAX_PIXELS) {
			throw new IOException("Cannot open " + file + ": " + FloatImages.tooLarge(h.width(), h.height()));
		}
	}

	/** The format's rules: it holds the planes; what it converts (a note). */
	private static Optional<String> checkFormat(Path path, int bitDepth, int planes) {
		ImageFormat format = format(path);
		if (!format.holdsStacks() && planes > 1) {
			throw new IllegalArgumentException("Cannot write " + planes + " planes to " + path + ": "
				+ format + " holds one image; use .tif or .avi for stacks");
		}
		return format.conversion(bitDepth, path.getFileName().toString());
	}

	/**
	 * Writes an image, in the format its extension names, atomically ({@link AtomicFile}): either the
	 * complete file is there afterwards or nothing was changed. An existing file is replaced (and
	 * keeps its permissions); a symbolic link is written through.
	 *
	 * @return a note if values were converted (32-bit to 8-bit for PNG, say)
	 * @throws IllegalArgumentException if the extension is unsupported or the format cannot hold the
	 *           planes
	 * @throws IOException if writing fails (the folder is missing or not writable, the disk is full,
	 *           …): the message names the file; no partial file remains
	 */
	public static Optional<String> write(ImagePlus imp, Path path) throws IOException {
		Optional<String> note = checkFormat(path, imp.getBitDepth(), imp.getStackSize());
		ImageFormat format = format(path);
		if (format == ImageFormat.AVI) {
			writeAvi(imp, path);
			return note;
		}
		AtomicFile.write(path, out -> {
			switch (format) {
				case TIFF -> writeTiff(imp, out);
				case PNG -> writePng(imp, out);
				case JPEG -> writeJpeg(imp, out);
				case AVI -> throw new IllegalStateException("written above");
			}
		});
		return note;
	}

	/**
	 * ImageJ's AVI writer, every plane a frame (PNG-compressed: lossless), at the calibration's frame
	 * rate. It writes to a file it seeks in, so the movie is made in a scratch folder beside the
	 * target and then copied onto it atomically.
	 */
	private static void writeAvi(ImagePlus imp, Path path) throws IOException {
		// All planes as frames: the writer would take only the current slice's frames of a hyperstack.
		ImagePlus frames = new ImagePlus(imp.getTitle(), imp.getStack());
		frames.setDimensions(1, 1, imp.getStackSize());
		frames.setCalibration(imp.getCalibration());
		if (imp.getBitDepth() != 24) {
			frames.setLut(imp.getProcessor().getLut());
			frames.setDisplayRange(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
		}
		try (ScratchFolder scratch = ScratchFolder.beside(path)) {
			Path movie = scratch.path().resolve("movie.avi");
			new AVI_Writer().writeImage(frames, movie.toString(), AVI_Writer.PNG_COMPRESSION, 0);
			AtomicFile.write(path, out -> Files.copy(movie, out));
		}
	}

	private static ImageFormat format(Path path) {
		return ImageFormat.of(path).orElseThrow(() -> {
			String name = path.getFileName() == null ? "" : path.getFileName().toString();
			int dot = name.lastIndexOf('.');
			return new IllegalArgumentException("Cannot write " + path + ": "
				+ (dot < 0 ? "no file extension" : "unsupported extension '" + name.substring(dot) + "'")
				+ "; use " + ImageFormat.EXTENSIONS);
		});
	}

	/**
	 * As ImageJ's File > Save As > Tiff (FileSaver), but into our stream so that failures arrive as
	 * exceptions rather than error dialogs, and without renaming the image after the temporary file.
	 */
	static void writeTiff(ImagePlus imp, OutputStream os) throws IOException {
		FileSaver saver = new FileSaver(imp);
		FileInfo fi = imp.getFileInfo();
		fi.info = imp.getInfoProperty();
		fi.description = saver.getDescriptionString();
		if (imp.getStackSize() > 1) {
			ImageStack stack = imp.getStack();
			if (stack.isVirtual()) fi.virtualStack = (VirtualStack) stack;
			fi.sliceLabels = stack.getSliceLabels();
		}
		else if (imp.hasImageStack() && imp.getStack().getSliceLabel(1) != null) {
			fi.sliceLabels = new String[] { imp.getStack().getSliceLabel(1) };
		}
		fi.roi = RoiEncoder.saveAsByteArray(imp.getRoi());
		fi.overlay = FileSaver.getOverlay(imp);
		fi.properties = imp.getPropertiesAsArray();
		if (imp.isComposite()) saver.saveDisplayRangesAndLuts(imp, fi);
		DataOutputStream out = new DataOutputStream(os);
		new TiffEncoder(fi).write(out);
		out.flush();
	}

	private static void writePng(ImagePlus imp, OutputStream out) throws IOException {
		ImageProcessor ip = imp.getProcessor();
		BufferedImage image = switch (imp.getBitDepth()) {
			case 16 -> ((ShortProcessor) ip).get16BitBufferedImage();
			case 8 -> indexed((ByteProcessor) ip);
			default -> rendered8BitOrRgb(imp);
		};
		Iterator<ImageWriter> writers = ImageIO.getImageWriters(ImageTypeSpecifier.createFromRenderedImage(image), "png");
		if (!writers.hasNext()) {
			throw new IOException("This Java runtime has no PNG writer for BufferedImage type " + image.getType() + "; use .tif");
		}
		write(writers.next(), image, null, out);
	}

	private static void writeJpeg(ImagePlus imp, OutputStream out) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ImageWriteParam param = writer.getDefaultWriteParam();
		param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		// ImageJ's JPEG quality setting (Edit > Options > Input/Output), 85 by default.
		param.setCompressionQuality(FileSaver.getJpegQuality() / 100f);
		write(writer, rendered8BitOrRgb(imp), param, out);
	}

	/** Through a memory cache: ImageIO's default would put a cache file in the system's temporary folder. */
	private static void write(ImageWriter writer, BufferedImage image, ImageWriteParam param, OutputStream out)
		throws IOException
	{
		try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
			writer.setOutput(stream);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
	}

	/** 8-bit pixels as they are, with the image's lookup table as the palette. */
	private static BufferedImage indexed(ByteProcessor ip) {
		IndexColorModel cm = (IndexColorModel) ip.getCurrentColorModel();
		if (ip.isDefaultLut()) return grayImage((byte[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
		BufferedImage image = new BufferedImage(ip.getWidth(), ip.getHeight(),
			BufferedImage.TYPE_BYTE_INDEXED, cm);
		byte[] dst = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
		System.arraycopy(ip.getPixels(), 0, dst, 0, dst.length);
		return image;
	}

	/**
	 * The plane as shown: RGB as it is; gray with ImageJ's default gray LUT as 8-bit gray through the
	 * display range; gray with another LUT rendered as RGB. The raster is filled directly, not
	 * drawn, so no colour-space conversion changes the values.
	 */
	private static BufferedImage rendered8BitOrRgb(ImagePlus imp) {
		ImageProcessor ip = imp.getProcessor();
		int w = ip.getWidth(), h = ip.getHeight();
		if (!(ip instanceof ColorProcessor) && ip.isDefaultLut()) {
			return grayImage((byte[]) ip.convertToByteProcessor(true).getPixels(), w, h);
		}
		ColorProcessor rgb = ip instanceof ColorProcessor cp ? cp : ip.convertToColorProcessor();
		BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		int[] dst = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
		int[] src = (int[]) rgb.getPixels();
		for (int i = 0; i < dst.length; i++) {
			dst[i] = src[i] & 0xffffff;
		}
		return image;
	}

	private static BufferedImage grayImage(byte[] pixels, int w, int h) {
		BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		byte[] dst = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
		System.arraycopy(pixels, 0, dst, 0, dst.length);
		return image;
	}
}

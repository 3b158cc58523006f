package sc.fiji.neuralstyle.image;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.TiffDecoder;
import ij.plugin.AVI_Reader;
import ij.plugin.FileInfoVirtualStack;
import ij.util.StringSorter;
import sc.fiji.neuralstyle.files.ImageFileException;
import sc.fiji.neuralstyle.files.StackNames;

/**
 * Content files whose planes are styled one by one, opened without reading every plane into memory:
 * a multi-page TIFF (ImageJ's {@link FileInfoVirtualStack}), an AVI movie ({@link AVI_Reader},
 * virtual), or a folder of numbered frames ({@link FileListStack}, sorted as ImageJ's File › Import ›
 * Image Sequence sorts them: numbers by value, so frame2 before frame10). Everything else is read as
 * {@link ImageFiles#read} reads it.
 * <p>
 * What can be known before the work is checked here, from headers rather than pixels, each with one
 * message naming the file (and the page or frame) and what to do: a TIFF or AVI cut short, an AVI
 * ImageJ cannot read, a folder without images, a stack among a folder's frames, and planes of
 * different sizes or types (a folder's frames, a TIFF's pages, an AVI's compressed frames).
 */
public final class StackFiles {

	private StackFiles() {}

	/**
	 * Opens a content file or folder of frames.
	 *
	 * @throws IOException whose message names the file or folder, what is wrong and what to do
	 */
	public static ImagePlus open(Path path) throws IOException {
		Path file = path.toAbsolutePath();
		if (Files.isDirectory(file)) return frames(file);
		if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such file: check the path");
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".avi")) return avi(file);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) {
			Optional<ImagePlus> stack = tiffStack(file);
			if (stack.isPresent()) return stack.get();
		}
		return ImageFiles.read(file);
	}

	/** The frames of a folder in ImageJ's numeric order (frame2 before frame10). */
	public static List<Path> frameFiles(Path folder) throws IOException {
		List<String> names;
		try (Stream<Path> list = Files.list(folder)) {
			names = list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(StackNames::isFrame)
				.toList();
		}
		catch (IOException e) {
			throw new ImageFileException("Cannot list the folder " + folder + " (" + e.getMessage() + ")", "make it readable", e);
		}
		String[] sorted = StringSorter.sortNumerically(names.toArray(String[]::new));
		return Stream.of(sorted).map(folder::resolve).toList();
	}

	/**
	 * A folder of numbered frames as a virtual stack of frames (time), with the first frame's type,
	 * display range, lookup table and calibration. Every frame is judged before any work, from its
	 * header where it has one (not its pixels): one plane each (a multi-page TIFF or an animated GIF
	 * among them is refused, naming it), of the first frame's size and type, a PNG or JPEG complete.
	 */
	private static ImagePlus frames(Path folder) throws IOException {
		List<Path> files = frameFiles(folder);
		if (files.isEmpty()) {
			throw new ImageFileException("The folder " + folder + " has no images (" + String.join(", ",
				StackNames.FRAME_EXTENSIONS) + ")", "give a folder of numbered frames, or a stack or movie file");
		}
		singlePlane(files.get(0), planesOfFrame(files.get(0))); // before its pages are read
		ImagePlus first = ImageFiles.read(files.get(0));
		singlePlane(files.get(0), first.getStackSize());
		Optional<ImageFileCheck.Header> firstHeader = ImageFileCheck.header(files.get(0));
		for (Path f : files.subList(1, files.size())) {
			singlePlane(f, planesOfFrame(f));
			Optional<ImageFileCheck.Header> h = ImageFileCheck.header(f);
			int w, hgt, depth = -1;
			if (h.isPresent() && firstHeader.isPresent()) {
				ImageFileCheck.checkComplete(f, h.get());
				w = h.get().width();
				hgt = h.get().height();
				if (h.get().bytesPerPixel() != firstHeader.get().bytesPerPixel()) depth = ImageFiles.read(f).getBitDepth();
			}
			else {
				ImagePlus imp = ImageFiles.read(f); // a format whose header ImageIO does not know
				w = imp.getWidth();
				hgt = imp.getHeight();
				depth = imp.getBitDepth();
			}
			if (w != first.getWidth() || hgt != first.getHeight() || depth >= 0 && depth != first.getBitDepth()) {
				String what = depth >= 0 ? FileListStack.describe(w, hgt, depth) : w + "x" + hgt;
				String firstWhat = depth >= 0 ? FileListStack.describe(first.getWidth(), first.getHeight(), first.getBitDepth())
					: first.getWidth() + "x" + first.getHeight();
				throw new ImageFileException("The frames of " + folder + " differ: " + f.getFileName() + " is " + what + " and "
					+ files.get(0).getFileName() + " " + firstWhat, "give frames of one size and type (move the others"
					+ " out, or resize them, e.g. with Image › Adjust › Size)");
			}
		}
		FileListStack stack = new FileListStack(files, null, first.getWidth(), first.getHeight(), first.getBitDepth());
		ImagePlus imp = new ImagePlus(folder.getFileName().toString(), stack);
		imp.setDimensions(1, 1, files.size());
		imp.setCalibration(first.getCalibration());
		if (first.getBitDepth() != 24) {
			imp.setLut(first.getProcessor().getLut());
			imp.setDisplayRange(first.getDisplayRangeMin(), first.getDisplayRangeMax());
		}
		FileInfo fi = new FileInfo();
		fi.directory = folder.toString() + File.separator;
		fi.fileName = "";
		imp.setFileInfo(fi);
		return imp;
	}

	/** A frame of a folder is one image: a stack among them would be taken for its first plane. */
	private static void singlePlane(Path frame, int planes) throws IOException {
		if (planes > 1) {
			throw new ImageFileException(frame + " in the folder of frames is itself a stack of " + planes + " planes",
				"give a folder of single images, or that stack alone");
		}
	}

	/**
	 * The planes of a frame file from its header: a TIFF's pages (ImageJ's count), a GIF's images;
	 * 1 for other formats, and for a file whose header cannot be read (reading it says why).
	 */
	private static int planesOfFrame(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) {
			FileInfo[] info = tiffInfo(file);
			return info == null ? 1 : planes(info);
		}
		if (!name.endsWith(".gif")) return 1;
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
			if (readers == null || !readers.hasNext()) return 1;
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, false, true);
				return Math.max(1, reader.getNumImages(true));
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException e) {
			return 1;
		}
	}

	/**
	 * The number of planes a content file or folder has, from headers and the folder's listing
	 * only: a folder's frames, a TIFF's pages, an AVI's frames; 1 for a single image, and for what
	 * cannot be read (opening it says why).
	 */
	public static int planes(Path path) {
		Path file = path.toAbsolutePath();
		try {
			if (Files.isDirectory(file)) return Math.max(1, frameFiles(file).size());
			String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
			if (name.endsWith(".avi")) return Math.max(1, AviFrames.scan(file).size());
		}
		catch (IOException e) {
			return 1;
		}
		return planesOfFrame(file);
	}

	/** ImageJ's description of a TIFF's pages, or null for what is no TIFF ImageJ decodes. */
	private static FileInfo[] tiffInfo(Path file) {
		try {
			FileInfo[] info = new TiffDecoder(file.getParent().toString() + File.separator, file.getFileName().toString())
				.getTiffInfo();
			return info == null || info.length == 0 ? null : info;
		}
		catch (IOException | RuntimeException e) {
			return null;
		}
	}

	/** The pages of a TIFF as ImageJ counts them: one description per page, or one for a contiguous stack. */
	private static int planes(FileInfo[] info) {
		return info.length == 1 ? Math.max(1, info[0].nImages) : info.length;
	}

	/**
	 * A multi-page TIFF as a virtual stack, or empty for a TIFF of one plane (and for what is no TIFF
	 * ImageJ decodes: {@link ImageFiles#read} says what is wrong with it).
	 */
	private static Optional<ImagePlus> tiffStack(Path file) throws IOException {
		FileInfo[] info = tiffInfo(file);
		if (info == null) return Optional.empty();
		int planes = planes(info);
		if (planes == 1) return Optional.empty();
		checkTiffComplete(file, info, planes);
		checkPagesAlike(file, info);
		ImagePlus imp;
		IJ.redirectErrorMessages(true);
		try {
			imp = FileInfoVirtualStack.openVirtual(file.toString());
		}
		finally {
			IJ.redirectErrorMessages(false);
		}
		if (imp == null || imp.getStackSize() != planes) {
			throw new ImageFileException("Cannot open " + file + " as a stack of " + planes + " planes"
				+ (IJ.getErrorMessage() != null && !IJ.getErrorMessage().isBlank() ? " (" + IJ.getErrorMessage().strip() + ")" : ""),
				"open it in Fiji and save it again as TIFF");
		}
		return Optional.of(imp);
	}

	/**
	 * Every page of a TIFF has the first page's size and type, from the pages' descriptions (their
	 * headers): ImageJ's virtual stack reads each page as it is, so a page of another size or type
	 * would fail (or be resized) in the middle of the run.
	 */
	private static void checkPagesAlike(Path file, FileInfo[] info) throws IOException {
		for (int i = 1; i < info.length; i++) {
			FileInfo page = info[i];
			if (page.width != info[0].width || page.height != info[0].height || !type(page).equals(type(info[0]))) {
				throw new ImageFileException("The pages of " + file + " differ: page " + (i + 1) + " is " + describe(page)
					+ " and page 1 " + describe(info[0]), "give a stack whose pages have one size and type (save the "
					+ "pages that differ as a stack of their own, or make them alike in Fiji, e.g. Image › Adjust › Size"
					+ " and Image › Type)");
			}
		}
	}

	/** A TIFF page's type as ImageJ holds it. */
	private static String type(FileInfo fi) {
		return switch (fi.fileType) {
			case FileInfo.GRAY8, FileInfo.COLOR8, FileInfo.BITMAP -> "8-bit";
			case FileInfo.GRAY16_SIGNED, FileInfo.GRAY16_UNSIGNED, FileInfo.GRAY12_UNSIGNED -> "16-bit";
			case FileInfo.GRAY24_UNSIGNED, FileInfo.GRAY32_INT, FileInfo.GRAY32_UNSIGNED, FileInfo.GRAY32_FLOAT,
				FileInfo.GRAY64_FLOAT -> "32-bit";
			case FileInfo.RGB48, FileInfo.RGB48_PLANAR -> "48-bit RGB";
			default -> "RGB";
		};
	}

	private static String describe(FileInfo fi) {
		return fi.width + "x" + fi.height + " " + type(fi);
	}

	/** Every plane's data lies within the file (a copy cut short would be read as black planes). */
	private static void checkTiffComplete(Path file, FileInfo[] info, int planes) throws IOException {
		long length = Files.size(file);
		int present = 0;
		if (info.length == 1) {
			FileInfo fi = info[0];
			if (fi.compression > FileInfo.COMPRESSION_NONE) return;
			long bytes = (long) fi.width * fi.height * fi.getBytesPerPixel();
			for (int i = 0; i < planes && fi.getOffset() + i * (bytes + fi.getGap()) + bytes <= length; i++) present++;
		}
		else {
			for (FileInfo fi : info) {
				if (end(fi) > length) break;
				present++;
			}
		}
		if (present < planes) {
			throw new ImageFileException("Cannot open " + file + ": the TIFF stack is cut short, " + present + " of its "
				+ planes + " planes are in the file", "it may be cut short by an interrupted copy or download: copy, "
				+ "download or export it again");
		}
	}

	/** Where a plane's data ends in its file. */
	private static long end(FileInfo fi) {
		if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length > 0) {
			long end = 0;
			for (int i = 0; i < fi.stripOffsets.length && i < fi.stripLengths.length; i++) {
				end = Math.max(end, (fi.stripOffsets[i] & 0xffffffffL) + (fi.stripLengths[i] & 0xffffffffL));
			}
			return end;
		}
		return fi.getOffset() + (long) fi.width * fi.height * fi.getBytesPerPixel();
	}

	/**
	 * An AVI as a virtual stack of frames with its frame rate. The RIFF header is checked first: a
	 * file whose size is less than its header says was cut short.
	 */
	private static ImagePlus avi(Path file) throws IOException {
		byte[] head = new byte[36];
		int read;
		try (InputStream in = Files.newInputStream(file)) {
			read = in.readNBytes(head, 0, head.length);
		}
		ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
		if (read < 12 || !new String(head, 0, 4, US_ASCII).equals("RIFF")
			|| !new String(head, 8, 4, US_ASCII).equals("AVI "))
		{
			throw new ImageFileException("Cannot open " + file + ": it is not an AVI movie (no RIFF AVI header)", "give an AVI"
				+ " file ImageJ can read (uncompressed, JPEG or PNG frames), a TIFF stack or a folder of frames");
		}
		long declared = (b.getInt(4) & 0xffffffffL) + 8;
		long length = Files.size(file);
		if (length < declared) {
			throw new ImageFileException("Cannot open " + file + ": the AVI file is cut short (" + length + " of its "
				+ declared + " bytes)", "it may be cut short by an interrupted copy or download: copy, download or export it "
				+ "again");
		}
		AVI_Reader reader = new AVI_Reader();
		ImageStack stack;
		IJ.redirectErrorMessages(true);
		try {
			stack = reader.makeStack(file.toString(), 1, 0, true, false, false);
		}
		finally {
			IJ.redirectErrorMessages(false);
		}
		String error = reader.getErrorText();
		if (stack == null || stack.size() == 0 || error != null) {
			String detail = error == null ? "no frames found" : error.replace("An error occurred reading the AVI file.", "")
				.strip().replace('\n', ' ');
			throw new ImageFileException("Cannot open " + file + " as a movie (" + detail + ")", "ImageJ reads uncompressed, "
				+ "JPEG and PNG frames: convert it (e.g. ffmpeg -i in.avi -c:v png out.avi), or give a TIFF stack or a folder"
				+ " of frames");
		}
		AviFrames.checkAlike(file, AviFrames.scan(file), stack.getWidth(), stack.getHeight());
		ImagePlus imp = new ImagePlus(file.getFileName().toString(), stack);
		imp.setDimensions(1, 1, stack.size());
		// AVI_Reader sets the frame rate only when run as a command: it is the avih header's.
		int microsPerFrame = read >= 36 && new String(head, 24, 4, US_ASCII).equals("avih")
			? b.getInt(32) : 0;
		if (microsPerFrame >= 1000) imp.getCalibration().fps = 1e6 / microsPerFrame;
		FileInfo fi = new FileInfo();
		fi.directory = file.getParent().toString() + File.separator;
		fi.fileName = file.getFileName().toString();
		imp.setFileInfo(fi);
		return imp;
	}
}

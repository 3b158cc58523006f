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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.TiffDecoder;
import ij.plugin.AVI_Reader;
import ij.plugin.FileInfoVirtualStack;
import ij.util.StringSorter;

/**
 * Content files whose planes are styled one by one, opened without reading every plane into memory:
 * a multi-page TIFF (ImageJ's {@link FileInfoVirtualStack}), an AVI movie ({@link AVI_Reader},
 * virtual), or a folder of numbered frames ({@link FileListStack}, sorted as ImageJ's File › Import ›
 * Image Sequence sorts them: numbers by value, so frame2 before frame10). Everything else is read as
 * {@link ImageFiles#read} reads it.
 * <p>
 * What can be known before the work is checked here, each with one message naming the file and what
 * to do: a TIFF or AVI cut short, an AVI ImageJ cannot read, a folder without images, frames of
 * different sizes or types.
 */
public final class StackFiles {

	/** The frames of a folder: what ImageJ reads without Bio-Formats, by extension. */
	public static final List<String> FRAME_EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif",
		".bmp", ".pgm", ".ppm", ".pnm");

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

	/** Whether {@code name} is a frame of a folder (an image file ImageJ reads, not hidden). */
	public static boolean isFrame(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return !name.startsWith(".") && FRAME_EXTENSIONS.stream().anyMatch(lower::endsWith);
	}

	/** The frames of a folder in ImageJ's numeric order (frame2 before frame10). */
	public static List<Path> frameFiles(Path folder) throws IOException {
		List<String> names;
		try (Stream<Path> list = Files.list(folder)) {
			names = list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(StackFiles::isFrame)
				.toList();
		}
		catch (IOException e) {
			throw new IOException("Cannot list the folder " + folder + " (" + e.getMessage() + "); make it readable", e);
		}
		String[] sorted = StringSorter.sortNumerically(names.toArray(String[]::new));
		return Stream.of(sorted).map(folder::resolve).toList();
	}

	/**
	 * A folder of numbered frames as a virtual stack of frames (time), with the first frame's type,
	 * display range, lookup table and calibration. Every frame's size and type are read from its header
	 * first, and a PNG or JPEG is checked to be complete.
	 */
	private static ImagePlus frames(Path folder) throws IOException {
		List<Path> files = frameFiles(folder);
		if (files.isEmpty()) {
			throw new IOException("The folder " + folder + " has no images (" + String.join(", ", FRAME_EXTENSIONS)
				+ "); give a folder of numbered frames, or a stack or movie file");
		}
		ImagePlus first = ImageFiles.read(files.get(0));
		if (first.getStackSize() > 1) {
			throw new IOException(files.get(0) + " in the folder of frames is itself a stack of " + first.getStackSize()
				+ " planes; give a folder of single images, or that stack alone");
		}
		Optional<ImageFileCheck.Header> firstHeader = ImageFileCheck.header(files.get(0));
		for (Path f : files.subList(1, files.size())) {
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
				throw new IOException("The frames of " + folder + " differ: " + f.getFileName() + " is " + what + " and "
					+ files.get(0).getFileName() + " " + firstWhat + "; give frames of one size and type (move the others"
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

	/**
	 * A multi-page TIFF as a virtual stack, or empty for a TIFF of one plane (and for what is no TIFF
	 * ImageJ decodes: {@link ImageFiles#read} says what is wrong with it).
	 */
	private static Optional<ImagePlus> tiffStack(Path file) throws IOException {
		FileInfo[] info;
		try {
			info = new TiffDecoder(file.getParent().toString() + File.separator, file.getFileName().toString())
				.getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
		if (info == null || info.length == 0) return Optional.empty();
		int planes = info.length == 1 ? Math.max(1, info[0].nImages) : info.length;
		if (planes == 1) return Optional.empty();
		checkTiffComplete(file, info, planes);
		ImagePlus imp;
		IJ.redirectErrorMessages(true);
		try {
			imp = FileInfoVirtualStack.openVirtual(file.toString());
		}
		finally {
			IJ.redirectErrorMessages(false);
		}
		if (imp == null || imp.getStackSize() != planes) {
			throw new IOException("Cannot open " + file + " as a stack of " + planes + " planes"
				+ (IJ.getErrorMessage() != null && !IJ.getErrorMessage().isBlank() ? " (" + IJ.getErrorMessage().strip() + ")" : "")
				+ "; open it in Fiji and save it again as TIFF");
		}
		return Optional.of(imp);
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
			throw new IOException("Cannot open " + file + ": the TIFF stack is cut short, " + present + " of its " + planes
				+ " planes are in the file; it may be cut short by an interrupted copy or download: copy, download or"
				+ " export it again");
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
			throw new IOException("Cannot open " + file + ": it is not an AVI movie (no RIFF AVI header); give an AVI"
				+ " file ImageJ can read (uncompressed, JPEG or PNG frames), a TIFF stack or a folder of frames");
		}
		long declared = (b.getInt(4) & 0xffffffffL) + 8;
		long length = Files.size(file);
		if (length < declared) {
			throw new IOException("Cannot open " + file + ": the AVI file is cut short (" + length + " of its " + declared
				+ " bytes); it may be cut short by an interrupted copy or download: copy, download or export it again");
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
			throw new IOException("Cannot open " + file + " as a movie (" + detail + "); ImageJ reads uncompressed, JPEG"
				+ " and PNG frames: convert it (e.g. ffmpeg -i in.avi -c:v png out.avi), or give a TIFF stack or a folder"
				+ " of frames");
		}
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

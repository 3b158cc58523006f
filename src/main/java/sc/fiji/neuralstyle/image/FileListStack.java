package sc.fiji.neuralstyle.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.VirtualStack;
import ij.process.ImageProcessor;

/**
 * A virtual stack whose planes are image files, one plane each, read when asked for
 * ({@link ImageFiles#read}): the numbered frames of a folder, or the styled planes of a stack waiting
 * on disk to be written as one file. ImageJ's writers (TIFF, AVI) take one plane at a time from it,
 * so a stack of any length needs memory for one plane.
 * <p>
 * Unlike ImageJ's own {@link VirtualStack}, which shows a file it cannot read as a plane with an
 * error drawn on it, this one fails: a plane that cannot be read, or whose size or type differs from
 * the stack's, throws {@link UncheckedIOException} naming the file.
 */
final class FileListStack extends VirtualStack {

	private final List<Path> files;
	private final String[] labels;
	private final int bitDepth;

	/**
	 * @param files the planes' files, in stack order
	 * @param labels the planes' labels (null entries for none), or null for the files' names
	 * @param width every plane's width
	 * @param height every plane's height
	 * @param bitDepth every plane's type: 8, 16, 24 (RGB) or 32
	 */
	FileListStack(List<Path> files, List<String> labels, int width, int height, int bitDepth) {
		super(width, height);
		this.files = List.copyOf(files);
		this.labels = labels != null ? labels.toArray(String[]::new)
			: files.stream().map(f -> f.getFileName().toString()).toArray(String[]::new);
		if (this.labels.length != files.size()) throw new IllegalArgumentException("one label per file");
		this.bitDepth = bitDepth;
	}

	@Override
	public ImageProcessor getProcessor(int n) {
		Path file = files.get(n - 1);
		ImagePlus imp;
		try {
			imp = ImageFiles.read(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
		if (imp.getWidth() != getWidth() || imp.getHeight() != getHeight() || imp.getBitDepth() != bitDepth) {
			throw new UncheckedIOException(new IOException(file + " is " + describe(imp.getWidth(), imp.getHeight(),
				imp.getBitDepth()) + " and the stack's planes " + describe(getWidth(), getHeight(), bitDepth)
				+ "; it changed while it was being read"));
		}
		ImageProcessor ip = imp.getProcessor();
		ip.setSliceNumber(n);
		return ip;
	}

	/** "48x40 RGB", "48x40 16-bit". */
	static String describe(int width, int height, int bitDepth) {
		return width + "x" + height + (bitDepth == 24 ? " RGB" : " " + bitDepth + "-bit");
	}

	@Override
	public int getSize() {
		return files.size();
	}

	@Override
	public String getSliceLabel(int n) {
		return labels[n - 1];
	}

	@Override
	public String[] getSliceLabels() {
		return labels.clone();
	}

	@Override
	public void setSliceLabel(String label, int n) {
		labels[n - 1] = label;
	}

	@Override
	public void deleteSlice(int n) {
		throw new UnsupportedOperationException("the planes of " + files.get(0).getParent() + " are read only");
	}

	@Override
	public int getBitDepth() {
		return bitDepth;
	}

	@Override
	public String getFileName(int n) {
		return files.get(n - 1).getFileName().toString();
	}

	@Override
	public String getDirectory() {
		Path folder = files.get(0).toAbsolutePath().getParent();
		return folder + java.io.File.separator;
	}
}

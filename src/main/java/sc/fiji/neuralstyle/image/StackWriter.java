package sc.fiji.neuralstyle.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.files.ScratchFolder;
import sc.fiji.neuralstyle.files.StackNames;

/**
 * Writes a stack's styled planes to files as each is done, so that no more than one plane is held:
 * the sink of a {@link PlaneSequence} for the fronts that write files.
 * <ul>
 * <li>An output that is a folder gets numbered PNGs ({@link StackNames#frame}), each written
 * (atomically) as soon as its plane is done.</li>
 * <li>A TIFF or AVI output: each plane goes to a hidden scratch folder beside it
 * ({@link ScratchFolder}); {@link #finish} then writes the one file from there, ImageJ's writers
 * reading one plane at a time, and it appears atomically. Until then the output is untouched, and
 * {@link #close()} without {@code finish} (a failure, a cancelled Spark copy) leaves nothing.</li>
 * </ul>
 */
public final class StackWriter implements PlaneSequence.Sink, AutoCloseable {

	private final Path output;
	private final ContentPlanes planes;
	private final String stem;
	private final ScratchFolder scratch;
	private final List<Path> files = new ArrayList<>();
	private int width;
	private int height;

	private StackWriter(Path output, ContentPlanes planes, String stem, ScratchFolder scratch) {
		this.output = output;
		this.planes = planes;
		this.stem = stem;
		this.scratch = scratch;
	}

	/**
	 * A writer of {@code planes}' results to {@code output}: a TIFF or AVI file, or an existing folder.
	 *
	 * @param stem the numbered PNGs' name before the number (the content's name)
	 * @throws IOException if the scratch folder cannot be made beside the output
	 */
	public static StackWriter open(Path output, ContentPlanes planes, String stem) throws IOException {
		return new StackWriter(output, planes, stem, writesFolder(output) ? null : ScratchFolder.beside(output));
	}

	/** Whether a stack written to {@code output} becomes numbered PNGs in it: it is a folder. */
	public static boolean writesFolder(Path output) {
		return Files.isDirectory(output);
	}

	@Override
	public void accept(int index, StyleResult result) throws IOException {
		if (index != files.size()) throw new IllegalStateException("plane " + index + " came out of order");
		ImageProcessor ip = planes.toProcessor(result.image());
		width = ip.getWidth();
		height = ip.getHeight();
		ImagePlus plane = new ImagePlus(stem, ip);
		Path file;
		if (scratch == null) {
			file = StackNames.frame(output, stem, planes.stackIndex(index), planes.size());
			ImageFiles.write(plane, file);
		}
		else {
			file = scratch.path().resolve(planes.stackIndex(index) + ".tif");
			// A scratch file needs no atomic write: the folder goes as a whole.
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
				ImageFiles.writeTiff(plane, out);
			}
		}
		files.add(file);
	}

	/** The number of planes written so far. */
	public int written() {
		return files.size();
	}

	/**
	 * Writes the TIFF or AVI file from the planes done (a folder's frames are all written already):
	 * every plane, with the content's dimensions, or, if fewer were done, a plain stack of them; the
	 * result type's lookup table and display range, the content's calibration (frame interval and
	 * rate too) and {@code info} as its Info. Then removes the scratch folder.
	 *
	 * @return the files that hold the result: the output, or the folder's frames
	 * @throws IOException naming the output if it cannot be written (nothing is left half-written)
	 */
	public List<Path> finish(String title, String info) throws IOException {
		if (files.isEmpty()) throw new IllegalStateException("no plane was styled");
		if (scratch == null) return List.copyOf(files);
		boolean complete = files.size() == planes.size();
		List<Integer> order = planes.inStackOrder(files.size());
		FileListStack stack = new FileListStack(order.stream().map(files::get).toList(),
			order.stream().map(i -> planes.label(i, complete)).toList(), width, height, planes.resultType().bitDepth());
		ImagePlus result = planes.assemble(stack, complete, title);
		ResultImages.setInfo(result, info);
		try {
			ImageFiles.write(result, output);
		}
		catch (UncheckedIOException e) {
			throw e.getCause();
		}
		close();
		return List.of(output);
	}

	/** Removes the scratch folder (whatever {@link #finish} has not written is dropped). */
	@Override
	public void close() throws IOException {
		if (scratch != null) scratch.close();
	}
}

package sc.fiji.neuralstyle.engine;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.neuralstyle.files.AtomicFile;

/**
 * Writes a loss history as CSV ({@link LossRecord#CSV_HEADER}), never half ({@link AtomicFile}). A
 * stack's log has one more column at the end, {@code plane}: the 1-based index in the result's
 * stack of the plane each row belongs to; a single image's log has none.
 */
public final class LossLog {

	/** The last column of a stack's loss log. */
	public static final String PLANE_COLUMN = "plane";

	private LossLog() {}

	/**
	 * Writes the records to {@code file}, replacing it atomically.
	 *
	 * @throws IOException naming the file and what went wrong (folder missing or not writable, disk full)
	 */
	public static void write(List<LossRecord> records, Path file) throws IOException {
		write(List.of(records), null, file);
	}

	/**
	 * Writes a stack's histories, one after the other on a running iteration and time axis
	 * ({@link #concatenate}), each row with its plane's number.
	 *
	 * @param losses each plane's history, in the order styled
	 * @param planes the 1-based stack index of each, in the same order
	 */
	public static void writePlanes(List<List<LossRecord>> losses, List<Integer> planes, Path file) throws IOException {
		if (losses.size() != planes.size()) throw new IllegalArgumentException("one plane number per history");
		write(losses, List.copyOf(planes), file);
	}

	private static void write(List<List<LossRecord>> losses, List<Integer> planes, Path file) throws IOException {
		List<LossRecord> records = planes == null ? losses.get(0) : concatenate(losses);
		AtomicFile.write(file, out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			w.write(LossRecord.CSV_HEADER);
			if (planes != null) w.write("," + PLANE_COLUMN);
			w.write('\n');
			int row = 0;
			for (int p = 0; p < losses.size(); p++) {
				for (int k = 0; k < losses.get(p).size(); k++) {
					w.write(records.get(row++).toCsv());
					if (planes != null) w.write("," + planes.get(p));
					w.write('\n');
				}
			}
			w.flush();
		});
	}

	/**
	 * The planes' histories one after the other: the iteration numbers run on (plane 2's start image
	 * follows plane 1's last evaluation) and so does the elapsed time. The loss plot and the loss log
	 * of a stack are made this way.
	 */
	public static List<LossRecord> concatenate(List<List<LossRecord>> losses) {
		List<LossRecord> all = new ArrayList<>();
		int offset = 0;
		long elapsed = 0;
		for (List<LossRecord> plane : losses) {
			long last = 0;
			for (LossRecord r : plane) {
				all.add(new LossRecord(offset + r.iteration(), r.total(), r.content(), r.style(), r.tv(),
					elapsed + r.elapsedMs(), r.scale()));
				last = Math.max(last, r.elapsedMs());
			}
			offset += plane.size();
			elapsed += last;
		}
		return all;
	}
}

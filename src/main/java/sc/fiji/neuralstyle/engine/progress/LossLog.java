package sc.fiji.neuralstyle.engine.progress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.neuralstyle.files.AtomicFile;

/**
 * Reads and writes a loss history as CSV: {@code iteration,total}, one column per term of the run
 * ({@code TermTable}), {@code elapsed_ms,scale} ({@link LossRecord#CSV_HEADER} for the default run),
 * for a stack {@code plane} (the 1-based index in the result's stack of the plane each row belongs
 * to), and {@code note} where a row has one ({@link LossRecord#note()}); written never half
 * ({@link AtomicFile}).
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
			boolean notes = records.stream().anyMatch(r -> !r.note().isEmpty());
			w.write(records.isEmpty() ? LossRecord.CSV_HEADER : records.get(0).csvHeader());
			if (planes != null) w.write("," + PLANE_COLUMN);
			w.write(notes ? ",note\n" : "\n");
			int row = 0;
			for (int p = 0; p < losses.size(); p++) {
				for (int k = 0; k < losses.get(p).size(); k++) {
					LossRecord r = records.get(row++);
					w.write(r.toCsv());
					if (planes != null) w.write("," + planes.get(p));
					if (notes) w.write("," + r.note());
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
				all.add(r.movedOn(offset, elapsed));
				last = Math.max(last, r.elapsedMs());
			}
			offset += plane.size();
			elapsed += last;
		}
		return all;
	}

	/**
	 * Reads a loss log this application wrote (a log of six columns, before {@code scale}, reads with
	 * scale 0).
	 *
	 * @throws IOException if it cannot be read
	 * @throws IllegalArgumentException if it is not such a log
	 */
	public static List<LossRecord> read(Path file) throws IOException {
		try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String header = in.readLine();
			if (header == null) throw new IllegalArgumentException(file + ": empty, not a loss log");
			List<String> columns = Arrays.asList(header.strip().split(","));
			int elapsed = columns.indexOf("elapsed_ms");
			if (columns.size() < 4 || !columns.get(0).equals("iteration") || !columns.get(1).equals("total") || elapsed < 2) {
				throw new IllegalArgumentException(file + ": the header " + header + " is not a loss log's");
			}
			List<String> terms = columns.subList(2, elapsed);
			boolean scale = columns.size() > elapsed + 1 && columns.get(elapsed + 1).equals("scale");
			int note = columns.indexOf("note");
			List<LossRecord> records = new ArrayList<>();
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (line.isBlank()) continue;
				String[] v = line.strip().split(",", -1);
				if (v.length != columns.size()) throw new IllegalArgumentException(file + ": the line " + line + " has "
					+ v.length + " values for " + columns.size() + " columns");
				double[] values = new double[terms.size()];
				for (int i = 0; i < values.length; i++) values[i] = Double.parseDouble(v[2 + i]);
				records.add(new LossRecord(Integer.parseInt(v[0]), Double.parseDouble(v[1]), TermValues.of(terms, values),
					Long.parseLong(v[elapsed]), scale ? Integer.parseInt(v[elapsed + 1]) : 0, note < 0 ? "" : v[note].strip()));
			}
			return records;
		}
	}
}

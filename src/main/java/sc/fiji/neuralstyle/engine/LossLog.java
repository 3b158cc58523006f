package sc.fiji.neuralstyle.engine;

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
 * ({@link LossTerms}), {@code elapsed_ms,scale} ({@link LossRecord#CSV_HEADER} for the default run),
 * and {@code note} where a row has one ({@link LossRecord#note()}); written never half
 * ({@link AtomicFile}).
 */
public final class LossLog {

	private LossLog() {}

	/**
	 * Writes the records to {@code file}, replacing it atomically.
	 *
	 * @throws IOException naming the file and what went wrong (folder missing or not writable, disk full)
	 */
	public static void write(List<LossRecord> records, Path file) throws IOException {
		AtomicFile.write(file, out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			boolean notes = records.stream().anyMatch(r -> !r.note().isEmpty());
			w.write(records.isEmpty() ? LossRecord.CSV_HEADER : records.get(0).csvHeader());
			w.write(notes ? ",note\n" : "\n");
			for (LossRecord r : records) {
				w.write(r.toCsv());
				if (notes) w.write("," + r.note());
				w.write('\n');
			}
			w.flush();
		});
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

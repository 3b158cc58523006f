package sc.fiji.neuralstyle.engine;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.neuralstyle.files.AtomicFile;

/** Writes a loss history as CSV ({@link LossRecord#CSV_HEADER}), never half ({@link AtomicFile}). */
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
			w.write(LossRecord.CSV_HEADER);
			w.write('\n');
			for (LossRecord r : records) {
				w.write(r.toCsv());
				w.write('\n');
			}
			w.flush();
		});
	}
}

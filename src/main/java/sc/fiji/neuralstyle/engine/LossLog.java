package sc.fiji.neuralstyle.engine;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes a loss history as CSV ({@link LossRecord#CSV_HEADER}), never half: via a temporary file. */
public final class LossLog {

	private LossLog() {}

	/** Writes the records to {@code file}, replacing it atomically. */
	public static void write(List<LossRecord> records, Path file) throws IOException {
		Path absolute = file.toAbsolutePath();
		Path dir = absolute.getParent();
		if (dir != null) Files.createDirectories(dir);
		Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
		try {
			try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
				w.write(LossRecord.CSV_HEADER);
				w.write('\n');
				for (LossRecord r : records) {
					w.write(r.toCsv());
					w.write('\n');
				}
			}
			Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}
}

package sc.fiji.neuralstyle.fast.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import sc.fiji.neuralstyle.files.AtomicFile;

/**
 * One training step's loss, unweighted per term as the loss log records the pixel optimisation's
 * evaluations.
 *
 * @param step the step, 1-based
 * @param total the weighted total
 * @param content the content term, averaged over the batch
 * @param style the style term, averaged over the batch
 * @param tv the total variation, averaged over the batch
 * @param temporal the temporal term (0 without pairs)
 * @param elapsedMs training time up to this step, over every run that continued it
 */
public record StepRecord(int step, double total, double content, double style, double tv, double temporal,
	long elapsedMs)
{

	/** The columns of {@link #csv()}. */
	public static final String CSV_HEADER = "step,total,content,style,tv,temporal,elapsed_ms";

	/** One line of a loss log, in {@link #CSV_HEADER}'s columns (numbers as Java writes doubles, which read back exactly). */
	public String csv() {
		return String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%d", step, total, content, style, tv, temporal, elapsedMs);
	}

	/**
	 * The training time left for {@code steps} in all, at this run's pace so far (the steps of every run
	 * that continued it over their time).
	 */
	public long millisLeft(int steps) {
		return Math.round((double) elapsedMs / Math.max(1, step) * Math.max(0, steps - step));
	}

	/** Writes a loss log, a row a step under {@link #CSV_HEADER}, whole or not at all ({@link AtomicFile}). */
	public static void writeLog(Path file, List<StepRecord> history) throws IOException {
		AtomicFile.write(file, out -> {
			StringBuilder s = new StringBuilder(CSV_HEADER).append('\n');
			for (StepRecord r : history) s.append(r.csv()).append('\n');
			out.write(s.toString().getBytes(StandardCharsets.UTF_8));
		});
	}

	/** A line of {@link #csv()} read back. */
	static StepRecord parse(String line) {
		String[] f = line.split(",");
		if (f.length != 7) throw new IllegalArgumentException("not a step's loss: " + line);
		return new StepRecord(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
			Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Long.parseLong(f[6]));
	}
}

package sc.fiji.neuralstyle.params;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Every file a run will write, computed from its parameters in one place: the output, the loss log,
 * and what a front writes beside the output (previews, the loss history and plot). The checks made
 * before any work ({@link Preflight}: not an input's file, not written twice, replaceable; the
 * Spark planner: no file written by two jobs) iterate this list, so a file added here is checked
 * everywhere, and a writer added elsewhere must come here to be checked at all.
 */
public final class WrittenFiles {

	/** Which files a front writes beside the output. */
	public enum Writer {
		/**
		 * The fronts on files (the command line, a Spark job once its output is known): previews
		 * {@code <stem>_iterNNNN.<ext>} every {@code preview_every} iterations.
		 */
		FILES,
		/**
		 * The Fiji fronts: previews are shown, not written; run without windows (headless), the loss
		 * history and plot go beside the output as {@code <stem>_losses.csv} and {@code .png}. Listed
		 * whether or not windows will show, which only the run knows.
		 */
		FIJI
	}

	/**
	 * One file a run writes.
	 *
	 * @param param the parameter that names it, or makes it written (previews: preview_every)
	 * @param what how a message calls it, or null for the file the parameter names itself
	 * @param file where it is written
	 * @param advice what to do when it may not be written there
	 */
	public record Written(Param<?> param, String what, Path file, String advice) {

		/** Whether the parameter names this file itself (output, loss_log), rather than one beside it. */
		public boolean named() {
			return what == null;
		}

		/** The file as a message names it: {@code the preview of iteration 5 (/d/out_iter0005.png)}. */
		public String describe() {
			return (named() ? param.name() : what) + " (" + file + ")";
		}
	}

	private WrittenFiles() {}

	/**
	 * The files a run with these values writes, the named ones (output, loss log) first. Previews
	 * are listed as the run reaches them, lazily: {@code iterations} 10⁶ with {@code preview_every} 1
	 * lists a million files without holding them.
	 */
	public static Stream<Written> of(ParamValues values, Writer writer) {
		Path output = values.get(Params.OUTPUT);
		Path lossLog = values.get(Params.LOSS_LOG);
		List<Written> files = new ArrayList<>();
		if (output != null) files.add(new Written(Params.OUTPUT, null, output, "choose another file"));
		if (lossLog != null) files.add(new Written(Params.LOSS_LOG, null, lossLog, "choose another file"));
		if (output == null) return files.stream();
		if (writer == Writer.FIJI) {
			String advice = "choose another output name";
			Path history = OutputNames.losses(output, ".csv");
			// The same history as loss_log: a file written twice with the same content.
			if (lossLog == null || !absolute(history).equals(absolute(lossLog))) {
				files.add(new Written(Params.OUTPUT, "the loss history written without windows", history, advice));
			}
			files.add(new Written(Params.OUTPUT, "the loss plot written without windows",
				OutputNames.losses(output, ".png"), advice));
			return files.stream();
		}
		int every = values.get(Params.PREVIEW_EVERY), iterations = values.get(Params.ITERATIONS);
		if (every <= 0) return files.stream();
		// The iterations whose image is written, as the fronts decide it: every n-th after the start image.
		Stream<Written> previews = IntStream.iterate(every, n -> n > 0 && n <= iterations, n -> n + every)
			.mapToObj(n -> new Written(Params.PREVIEW_EVERY, String.format(Locale.ROOT, "the preview of iteration %d", n),
				OutputNames.preview(output, n), "choose another output name, or set preview_every to 0"));
		return Stream.concat(files.stream(), previews);
	}

	private static Path absolute(Path file) {
		return file.toAbsolutePath().normalize();
	}
}

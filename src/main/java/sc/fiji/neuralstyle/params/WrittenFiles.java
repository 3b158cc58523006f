package sc.fiji.neuralstyle.params;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import sc.fiji.neuralstyle.fast.training.FastStyleTrainer;
import sc.fiji.neuralstyle.files.StackNames;

/**
 * Every file a run will write, computed from its parameters in one place: the output, the loss log,
 * and what a front writes beside the output (previews, the loss history and plot; for a stack, the
 * numbered frames of a folder output and each plane's previews). The checks made
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
	 * The files a run with these values writes when it styles one plane, the named ones (output, loss
	 * log) first. Previews are listed as the run reaches them, lazily: {@code iterations} 10⁶ with
	 * {@code preview_every} 1 lists a million files without holding them.
	 */
	public static Stream<Written> of(ParamValues values, Writer writer) {
		return of(values, writer, 1);
	}

	/**
	 * The files a run with these values writes when its result has {@code planes} planes: as
	 * {@link #of(ParamValues, Writer)}, and on the fronts on files, for a stack, what is written per
	 * plane (as {@code image.StackWriter} and the previews name it): into an output folder the
	 * numbered frames {@code <content>_0001.png} …, and every plane's previews ({@code
	 * <content>_0003_iter0050.png} in that folder, {@code out_0003_iter0050.tif} beside a file).
	 * Listed lazily, plane by plane.
	 */
	public static Stream<Written> of(ParamValues values, Writer writer, int planes) {
		Path output = values.get(Params.OUTPUT);
		Path lossLog = values.get(Params.LOSS_LOG);
		List<Written> files = new ArrayList<>();
		if (output != null) files.add(new Written(Params.OUTPUT, null, output, "choose another file"));
		if (lossLog != null) files.add(new Written(Params.LOSS_LOG, null, lossLog, "choose another file"));
		if (values.get(Params.TRAIN)) {
			String advice = "give it a file of its own";
			files.add(new Written(Params.MODEL, null, values.get(Params.MODEL), advice));
			files.add(new Written(Params.CHECKPOINT, values.get(Params.CHECKPOINT) != null ? null : "the checkpoint",
				checkpoint(values), advice));
		}
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
		boolean folder = planes > 1 && Files.isDirectory(output);
		String stem = planes > 1 ? StackNames.stem(Path.of(values.get(Params.CONTENT))) : null;
		Stream<Written> frames = !folder ? Stream.empty() : IntStream.rangeClosed(1, planes)
			.mapToObj(p -> new Written(Params.OUTPUT, "the numbered frame " + p, StackNames.frame(output, stem, p, planes),
				"choose another output folder"));
		int every = values.get(Params.PREVIEW_EVERY), iterations = values.get(Params.ITERATIONS);
		if (every <= 0) return Stream.concat(files.stream(), frames);
		String advice = "choose another output name, or set preview_every to 0";
		Stream<Written> previews = planes <= 1
			? previewIterations(every, iterations).mapToObj(n -> new Written(Params.PREVIEW_EVERY,
				String.format(Locale.ROOT, "the preview of iteration %d", n), OutputNames.preview(output, n), advice))
			: IntStream.rangeClosed(1, planes).boxed().flatMap(p -> previewIterations(every, iterations)
				.mapToObj(n -> new Written(Params.PREVIEW_EVERY, String.format(Locale.ROOT,
					"the preview of plane %d at iteration %d", p, n), OutputNames.preview(output, folder, stem, p, planes, n),
					advice)));
		return Stream.concat(Stream.concat(files.stream(), frames), previews);
	}

	/** The iterations whose image is written, as the fronts decide it: every n-th after the start image. */
	/** The checkpoint a training run writes: the one given, else {@code <model>.checkpoint.pth} beside the model. */
	public static Path checkpoint(ParamValues values) {
		Path given = values.get(Params.CHECKPOINT);
		return given != null ? given : FastStyleTrainer.defaultCheckpoint(values.get(Params.MODEL));
	}

	private static IntStream previewIterations(int every, int iterations) {
		return IntStream.iterate(every, n -> n > 0 && n <= iterations, n -> n + every);
	}

	private static Path absolute(Path file) {
		return file.toAbsolutePath().normalize();
	}
}

package sc.fiji.neuralstyle.headless;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.sequence.PlaneSteps;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.styling.RunDescription;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.StackWriter;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.Preflight;

/**
 * A run of the fronts that work on files (the command line, a Spark task), from the images read to
 * the files written: the content's planes through the {@link StyleEngine}. A single image is written at the end as before; a stack's planes go to its
 * {@link StackWriter} as each is done, and the output file appears when the last is (or when the
 * run is stopped, with the planes done, if partial results are kept).
 */
public final class FileRuns {

	/**
	 * What a run did.
	 *
	 * @param outcome the planes styled
	 * @param written the files written (empty when nothing was: stopped before the first evaluation,
	 *          or stopped with partial results not kept)
	 * @param loaded whether the run loaded the network
	 */
	public record Result(PlaneSequence.Outcome outcome, List<Path> written, boolean loaded) {
		public Result {
			written = List.copyOf(written);
		}
	}

	/**
	 * A run's values and images, checked: what the fronts on files do before the entry.
	 *
	 * @param values the values, parsed (the output's and the files' names, for the front's writing)
	 * @param run the run, resolved: what the entry takes
	 * @param inputs the images read
	 * @param notes for the user: settings without effect, conversions
	 */
	public record Checked(ParamValues values, RunDescription run, InputFiles inputs, List<String> notes) {
		public Checked {
			notes = List.copyOf(notes);
		}
	}

	/**
	 * Checks a run of a front on files, once, before any work: the rules without images, the images
	 * read, the rules with them.
	 *
	 * @param resolveOutput the output the front writes, once the images are known (Spark names it from
	 *          the content's type; the command line's is given)
	 * @param memory the memory of a run on the CPU (the entry's)
	 * @throws ParameterException for the first rule broken
	 */
	public static Checked check(ParamValues values, BiFunction<ParamValues, InputFiles, ParamValues> resolveOutput,
		MemoryProbe memory)
	{
		Preflight.checkFiles(values, true);
		InputFiles inputs = InputFiles.read(values);
		ParamValues resolved = resolveOutput.apply(values, inputs);
		InputFiles.Checked images = inputs.check(resolved, memory);
		return new Checked(resolved, images.run(), inputs, images.notes());
	}

	private FileRuns() {}

	/**
	 * Styles the inputs and writes the result and loss log.
	 *
	 * @param engine styles the planes
	 * @param listener hears the network's load and the run, and may stop either
	 * @param keepPartial whether a stopped run writes what it has (the command line: yes; a Spark copy
	 *          that Spark stopped: no)
	 * @throws IOException if a plane cannot be read or the result not written (a TIFF or AVI output is
	 *           then left as it was)
	 */
	public static Result style(StyleEngine engine, Checked checked, PlaneSequence.Listener listener, boolean keepPartial)
		throws IOException
	{
		ParamValues values = checked.values();
		InputFiles inputs = checked.inputs();
		Path output = values.get(Params.OUTPUT);
		// A model's pass has no iterations, so no loss history (the checks noted a loss_log given).
		Path lossLog = checked.run().model() == null ? values.get(Params.LOSS_LOG) : null;
		StyleEngine.Request request = new StyleEngine.Request(checked.run(), inputs.styleImages(), inputs.maskImages(),
			inputs.start());
		if (!inputs.isStack(values)) {
			StyleResult[] kept = new StyleResult[1];
			StyleEngine.Done done = engine.run(request, PlaneSequence.single(inputs.contentImage()), (i, r) -> kept[0] = r,
				listener);
			PlaneSequence.Outcome outcome = done.outcome();
			if (outcome.done() == 0 || !outcome.complete() && !keepPartial) return new Result(outcome, List.of(), done.loaded());
			ResultFiles.write(values, done.used(), inputs, kept[0], output, lossLog);
			return new Result(outcome, lossLog == null ? List.of(output) : List.of(output, lossLog), done.loaded());
		}
		ContentPlanes planes = inputs.planes(values);
		try (StackWriter writer = StackWriter.open(output, planes, ResultFiles.stem(values))) {
			StyleEngine.Done done = engine.run(request, planes, writer, listener);
			PlaneSequence.Outcome outcome = done.outcome();
			if (outcome.done() == 0 || !outcome.complete() && !keepPartial) return new Result(outcome, List.of(), done.loaded());
			return new Result(outcome, ResultFiles.writeStack(values, done.used(), inputs, planes, outcome, writer, lossLog),
				done.loaded());
		}
	}
}

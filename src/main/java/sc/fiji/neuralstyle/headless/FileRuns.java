package sc.fiji.neuralstyle.headless;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.sequence.PlaneSteps;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.StackWriter;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.Params;

/**
 * A run of the fronts that work on files (the command line, a Spark task), from the images read to
 * the files written: the content's planes through the {@link PlaneSequence} on an engine already
 * loaded. A single image is written at the end as before; a stack's planes go to its
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
	 */
	public record Result(PlaneSequence.Outcome outcome, List<Path> written) {
		public Result {
			written = List.copyOf(written);
		}
	}

	private FileRuns() {}

	/**
	 * Styles the inputs and writes the result and loss log.
	 *
	 * @param transfer the engine, loaded with these values' network
	 * @param listener hears the run and may stop it
	 * @param keepPartial whether a stopped run writes what it has (the command line: yes; a Spark copy
	 *          that Spark stopped: no)
	 * @throws IOException if a plane cannot be read or the result not written (a TIFF or AVI output is
	 *           then left as it was)
	 */
	public static Result style(StyleTransfer transfer, ParamValues values, InputFiles inputs,
		PlaneSequence.Listener listener, boolean keepPartial) throws IOException
	{
		Path output = values.get(Params.OUTPUT);
		Path lossLog = values.get(Params.LOSS_LOG);
		StyleSettings used = transfer.settingsUsed();
		if (!inputs.isStack(values)) {
			StyleResult[] kept = new StyleResult[1];
			PlaneSequence.Source single = PlaneSequence.single(inputs.contentImage());
			PlaneSequence.Outcome outcome = PlaneSequence.run(single, PlaneSteps.of(transfer, single,
				inputs.styleImages(), inputs.maskImages(), inputs.start()), (i, r) -> kept[0] = r, listener);
			if (outcome.done() == 0 || !outcome.complete() && !keepPartial) return new Result(outcome, List.of());
			ResultFiles.write(values, used, inputs, kept[0], output, lossLog);
			return new Result(outcome, lossLog == null ? List.of(output) : List.of(output, lossLog));
		}
		ContentPlanes planes = inputs.planes(values);
		try (StackWriter writer = StackWriter.open(output, planes, ResultFiles.stem(values))) {
			PlaneSequence.Outcome outcome = PlaneSequence.run(planes, PlaneSteps.of(transfer, planes,
				inputs.styleImages(), inputs.maskImages(), inputs.start()), writer, listener);
			if (outcome.done() == 0 || !outcome.complete() && !keepPartial) return new Result(outcome, List.of());
			return new Result(outcome, ResultFiles.writeStack(values, used, inputs, planes, outcome, writer, lossLog));
		}
	}
}

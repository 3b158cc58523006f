package sc.fiji.neuralstyle.headless;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossLog;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.files.StackNames;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.image.StackWriter;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.OutputNames;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.Params;

/** Writes a run's result and loss log, each complete or not at all ({@code files.AtomicFile}). */
public final class ResultFiles {

	private ResultFiles() {}

	/**
	 * Writes the result to {@code output} with the run recorded in its Info (the macro line that
	 * repeats it), then the loss log if {@code lossLog} is not null: a complete loss log beside its
	 * result means the run finished.
	 *
	 * @param values the run's parameters
	 * @param used the settings as the engine ran them ({@code StyleTransfer.settingsUsed()})
	 */
	public static void write(ParamValues values, StyleSettings used, InputFiles inputs, StyleResult result, Path output,
		Path lossLog) throws IOException
	{
		String title = inputs.title();
		ImagePlus image = ResultImages.create(result.image(), inputs.content(), title);
		ResultImages.setInfo(image, info(values, used, output, title, 1, result.message()));
		ImageFiles.write(image, output);
		if (lossLog != null) LossLog.write(result.losses(), lossLog);
	}

	/**
	 * Writes a stack's result from its writer (the planes done, all of them or those before a
	 * cancel), with the run in its Info, then the loss log with its plane column.
	 *
	 * @return the files written: the output (or a folder's frames) and the loss log
	 */
	public static List<Path> writeStack(ParamValues values, StyleSettings used, InputFiles inputs, ContentPlanes planes,
		PlaneSequence.Outcome outcome, StackWriter writer, Path lossLog) throws IOException
	{
		String title = inputs.title();
		Path output = values.get(Params.OUTPUT);
		List<Path> written = new ArrayList<>(writer.finish(title, info(values, used, output, title, outcome.done(),
			outcome.message())));
		if (lossLog != null) {
			LossLog.writePlanes(outcome.losses(), outcome.runs().stream().map(r -> planes.stackIndex(r.index())).toList(),
				lossLog);
			written.add(lossLog);
		}
		return written;
	}

	/** The Info text: what this is, the macro line repeating the run, how it ended. */
	private static String info(ParamValues values, StyleSettings used, Path output, String title, int planes,
		String message)
	{
		return "Neural Style (Gatys et al.): " + title + (planes > 1 ? ", " + planes + " planes" : "") + "\n"
			+ OptionText.macroCall(OptionText.of(values.withSettings(used).with(Params.OUTPUT, output), Front.MACRO))
			+ "\nResult: " + message + "\n";
	}

	/**
	 * Where the preview of plane {@code index} (styling order) at {@code iteration} goes: beside the
	 * output (out_iter0050.png), for a stack with the plane's number (out_0003_iter0050.tif), into the
	 * folder of a stack's numbered frames beside its frame.
	 */
	public static Path previewPath(ParamValues values, InputFiles inputs, int index, int iteration) {
		Path output = values.get(Params.OUTPUT);
		if (!inputs.isStack(values)) return OutputNames.preview(output, iteration);
		ContentPlanes planes = inputs.planes(values);
		return OutputNames.preview(output, StackWriter.writesFolder(output), stem(values), planes.stackIndex(index),
			planes.size(), iteration);
	}

	/** The name of a stack's numbered frames: the content file's or folder's. */
	static String stem(ParamValues values) {
		return StackNames.stem(Path.of(values.get(Params.CONTENT)));
	}

	/** Writes a preview (the image so far) to {@code file}, in the content's type. */
	public static void writePreview(FloatImage image, InputFiles inputs, Path file) throws IOException {
		ImageFiles.write(ResultImages.create(image, inputs.content(), inputs.title()), file);
	}
}

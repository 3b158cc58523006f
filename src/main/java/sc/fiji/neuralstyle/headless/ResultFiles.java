package sc.fiji.neuralstyle.headless;

import java.io.IOException;
import java.nio.file.Path;

import ij.ImagePlus;
import sc.fiji.neuralstyle.engine.FloatImage;
import sc.fiji.neuralstyle.engine.LossLog;
import sc.fiji.neuralstyle.engine.StyleResult;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.OptionText;
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
		ResultImages.setInfo(image, "Neural Style (Gatys et al.): " + title + "\n"
			+ OptionText.macroCall(OptionText.of(values.withSettings(used).with(Params.OUTPUT, output), Front.MACRO))
			+ "\nResult: " + result.message() + "\n");
		ImageFiles.write(image, output);
		if (lossLog != null) LossLog.write(result.losses(), lossLog);
	}

	/** Writes a preview (the image so far) to {@code file}, in the content's type. */
	public static void writePreview(FloatImage image, InputFiles inputs, Path file) throws IOException {
		ImageFiles.write(ResultImages.create(image, inputs.content(), inputs.title()), file);
	}
}

package sc.fiji.neuralstyle.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.Params;

/**
 * One style transfer of the application: its parameters as texts by the table's names (content,
 * style, output, loss_log and the rest, paths absolute), and where it comes from. Sent to the
 * executors as it is; each side parses the texts with {@link ParamValues#parse} ({@link Front#SPARK}).
 *
 * @param id the job's number, from 0, in the order of the folder listing or the manifest
 * @param origin where it comes from, for messages: "manifest.csv line 7", or the content's file name
 * @param texts name → text of the parameters given (the others keep the table's defaults); the
 *          {@code output} text is the PNG choice when {@code outputStem} is set
 * @param outputStem where the result goes when its type decides the extension (as
 *          Style_Folder.ijm: {@code <stem>.png} for RGB, {@code <stem>.tif} for gray and for
 *          stacks), else null: the {@code output} text is the file
 */
public record Job(int id, String origin, Map<String, String> texts, String outputStem) implements Serializable {

	private static final long serialVersionUID = 1L;

	public Job {
		texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
	}

	/** The values of this job, parsed as on every front. */
	public ParamValues values() {
		return ParamValues.parse(texts, Front.SPARK);
	}

	/** The result file for a content of that bit depth (24: RGB). */
	public Path output(int bitDepth) {
		return output(bitDepth, false);
	}

	/** The result file for a content of that bit depth (24: RGB), a stack's always a TIFF. */
	public Path output(int bitDepth, boolean stack) {
		if (outputStem == null) return Path.of(texts.get(Params.OUTPUT.name()));
		return Path.of(outputStem + (bitDepth == 24 && !stack ? ".png" : ".tif"));
	}

	/** The files the result may be written to: the output, or both choices of a stem. */
	public List<Path> outputChoices() {
		return outputStem == null ? List.of(output(24)) : List.of(output(24), output(8));
	}

	/** The loss log, written after the result: its presence marks the job as done. */
	public Path lossLog() {
		return Path.of(texts.get(Params.LOSS_LOG.name()));
	}

	/**
	 * The result already written by an earlier run or attempt, if the job is complete: the loss log
	 * and one result file exist (both are written whole or not at all, the loss log last).
	 */
	public Path finishedOutput() {
		if (!lossLog().toFile().isFile()) return null;
		for (Path p : outputChoices()) {
			if (p.toFile().isFile()) return p;
		}
		return null;
	}

	/** The texts with one changed. */
	public Job with(String name, String text) {
		Map<String, String> t = new LinkedHashMap<>(texts);
		t.put(name, text);
		return new Job(id, origin, t, outputStem);
	}
}

package sc.fiji.neuralstyle.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.WrittenFiles;

/**
 * One style transfer of the application: its parameters as texts by the table's names (content,
 * style, output, loss_log and the rest, paths absolute), and where it comes from. Sent to the
 * executors as it is (a job must be serialisable: its texts cross, not their values); each JVM parses
 * them once, with {@link ParamValues#parse} ({@link Front#SPARK}), when a value is first asked for.
 */
public final class Job implements Serializable {

	private static final long serialVersionUID = 1L;

	private final int id;
	private final String origin;
	private final Map<String, String> texts;
	private final String outputStem;
	/** The texts parsed, once in each JVM (not sent: a job crosses as its texts). */
	private transient ParamValues values;
	/** The same with {@code weights} at this JVM's shipped copy ({@link ShippedFiles}), once in each JVM. */
	private transient ParamValues valuesHere;

	/**
	 * A job.
	 *
	 * @param id the job's number, from 0, in the order of the folder listing or the manifest
	 * @param origin where it comes from, for messages: "manifest.csv line 7", or the content's file name
	 * @param texts name → text of the parameters given (the others keep the table's defaults); the
	 *          {@code output} text is the PNG choice when {@code outputStem} is set
	 * @param outputStem where the result goes when its type decides the extension (as
	 *          Style_Folder.ijm: {@code <stem>.png} for RGB, {@code <stem>.tif} for gray and for
	 *          stacks), else null: the {@code output} text is the file
	 */
	public Job(int id, String origin, Map<String, String> texts, String outputStem) {
		this.id = id;
		this.origin = origin;
		this.texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
		this.outputStem = outputStem;
	}

	public int id() {
		return id;
	}

	public String origin() {
		return origin;
	}

	public Map<String, String> texts() {
		return texts;
	}

	public String outputStem() {
		return outputStem;
	}

	/**
	 * The values of this job, parsed as on every front, as given (the record and the summary hold
	 * these).
	 *
	 * @throws sc.fiji.neuralstyle.params.ParameterException as {@link ParamValues#parse}
	 */
	public ParamValues values() {
		if (values == null) values = ParamValues.parse(texts, Front.SPARK);
		return values;
	}

	/**
	 * The values as this JVM runs and checks them: {@code weights} at the copy Spark shipped here
	 * where it names one ({@link ShippedFiles#resolve}).
	 */
	public ParamValues valuesHere() {
		if (valuesHere == null) {
			Map<String, String> here = ShippedFiles.resolve(texts);
			valuesHere = here == texts ? values() : ParamValues.parse(here, Front.SPARK);
		}
		return valuesHere;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Job j && id == j.id && origin.equals(j.origin) && texts.equals(j.texts)
			&& Objects.equals(outputStem, j.outputStem);
	}

	@Override
	public int hashCode() {
		return Objects.hash(id, origin, texts, outputStem);
	}

	@Override
	public String toString() {
		return "Job[id=" + id + ", origin=" + origin + ", texts=" + texts + ", outputStem=" + outputStem + "]";
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
	 * The record of the parameters its result was made with ({@link JobRecord}), written last:
	 * {@code <stem>_params.csv} beside the result.
	 */
	public Path record() {
		if (outputStem != null) return Path.of(outputStem + "_params.csv");
		Path output = Path.of(texts.get(Params.OUTPUT.name()));
		String name = output.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return output.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "_params.csv");
	}

	/**
	 * Every file the job may write: what a run on files writes for each output it may choose
	 * ({@link WrittenFiles}: the result, previews, the loss log once), and its record.
	 *
	 * @param planes the planes of its content as styled: more than 1 for a stack, whose result is a
	 *          TIFF and whose previews are per plane
	 */
	public Stream<WrittenFiles.Written> written(int planes) {
		ParamValues values = values();
		List<Path> choices = planes > 1 && outputStem != null ? List.of(output(24, true)) : outputChoices();
		Stream<WrittenFiles.Written> files = WrittenFiles.of(values.with(Params.OUTPUT, choices.get(0)),
			WrittenFiles.Writer.FILES, planes);
		for (Path other : choices.subList(1, choices.size())) {
			files = Stream.concat(files, WrittenFiles.of(values.with(Params.OUTPUT, other), WrittenFiles.Writer.FILES, planes)
				.filter(w -> w.param() != Params.LOSS_LOG));
		}
		return Stream.concat(files, Stream.of(new WrittenFiles.Written(Params.OUTPUT, "the record of its parameters",
			record(), "choose another output name")));
	}

	/**
	 * The result already written by an earlier run or attempt, if the job is complete: its record
	 * holds the parameters of now, and the loss log and one result file exist (each is written whole
	 * or not at all: the result, the loss log, then the record).
	 */
	public Path finishedOutput() {
		if (!lossLog().toFile().isFile() || !JobRecord.of(this).equals(JobRecord.read(this))) return null;
		return existingOutput();
	}

	/** A result file of this job that is there, complete or not; null if none is. */
	public Path existingOutput() {
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

package sc.fiji.neuralstyle.spark;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.files.AtomicFile;
import sc.fiji.neuralstyle.image.StackFiles;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.text.Counts;

/**
 * The parameters a job's result was made with, and the state of its input images, in a file beside
 * it ({@link Job#record()}, {@code parameter,value} rows), written after the result and the loss
 * log: a job is complete only when its record is there and holds the parameters it is asked with
 * now, and its inputs are as they were (a folder of frames with a frame added is not done). A result without
 * one was cut short (or made by a version that wrote none) and is made again.
 * <p>
 * Parameters that do not change the result are not recorded, so that changing them asks for no
 * redo: where files go ({@code output}, {@code loss_log}, {@code preview_every}), what is printed
 * ({@code quiet}), and how it is computed: {@code device} (a GPU's result differs from the CPU's
 * in the last digits only, as two GPUs' do, and {@code auto} resolves per task) and
 * {@code tile_size} (tiles evaluate the same loss to about 1e-6).
 */
final class JobRecord {

	/** The parameters left out of the record. */
	static final Set<Param<?>> NOT_RECORDED = Set.of(Params.OUTPUT, Params.LOSS_LOG, Params.PREVIEW_EVERY, Params.QUIET,
		Params.DEVICE, Params.TILE_SIZE);

	private static final String[] HEADER = { "parameter", "value" };

	private JobRecord() {}

	/**
	 * What the job's record holds when it is made now: its parameters' texts, defaults included, by
	 * name, then what its input images are ({@link #inputs}).
	 */
	static Map<String, String> of(Job job) {
		Map<String, String> recorded = new LinkedHashMap<>();
		ParamValues values = job.values();
		for (Map.Entry<String, String> e : values.texts(Front.SPARK).entrySet()) {
			if (!NOT_RECORDED.contains(Params.named(e.getKey()))) recorded.put(e.getKey(), e.getValue());
		}
		recorded.putAll(inputs(values));
		return recorded;
	}

	/** The parameters whose files' state is recorded: the images a result is made from. */
	static final List<Param<?>> INPUTS = List.of(Params.CONTENT, Params.STYLE, Params.CONTENT_MASKS, Params.INIT);

	/**
	 * The state of the job's input images, one row {@code <parameter> files} each: a file's size and
	 * modification time, a folder of frames' frames (their number, bytes, latest modification and a
	 * digest of their names, sizes and times), so that a result is not taken for done when a frame
	 * was added, removed or changed since (the same names, other images). Not the weights: a file
	 * shipped with {@code --files} is a copy of its own on every node.
	 */
	static Map<String, String> inputs(ParamValues values) {
		Map<String, String> rows = new LinkedHashMap<>();
		for (Param<?> p : INPUTS) {
			List<Path> files = new ArrayList<>();
			Object value = values.get(p);
			if (value instanceof String text) files.add(Path.of(text));
			else if (value instanceof Path path) files.add(path);
			else if (value instanceof Init init && init.kind() == Init.Kind.FILE) files.add(init.file());
			else if (value instanceof List<?> list) list.forEach(item -> files.add(Path.of(item.toString())));
			if (files.isEmpty()) continue;
			rows.put(p.name() + " files", String.join("; ", files.stream().map(JobRecord::state).toList()));
		}
		return rows;
	}

	/** A file's or folder of frames' state, in words that show what changed. */
	private static String state(Path file) {
		try {
			if (!Files.isDirectory(file)) {
				return Files.size(file) + " bytes, modified " + Files.getLastModifiedTime(file).toInstant();
			}
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			long bytes = 0;
			Instant latest = Instant.EPOCH;
			List<Path> frames = StackFiles.frameFiles(file);
			for (Path frame : frames) {
				long size = Files.size(frame);
				Instant modified = Files.getLastModifiedTime(frame).toInstant();
				bytes += size;
				if (modified.isAfter(latest)) latest = modified;
				digest.update((frame.getFileName() + "\t" + size + "\t" + modified + "\n").getBytes(StandardCharsets.UTF_8));
			}
			return Counts.of(frames.size(), "frame") + ", " + bytes + " bytes, the latest modified " + latest + ", listing "
				+ HexFormat.of().formatHex(digest.digest(), 0, 6);
		}
		catch (IOException e) {
			return "not readable"; // the job fails on it with a message of its own
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Writes the job's record ({@link AtomicFile}): the result and loss log are there and complete.
	 *
	 * @param recorded what {@link #of} said when the job started: its inputs as they were read
	 */
	static void write(Job job, Map<String, String> recorded) throws IOException {
		AtomicFile.write(job.record(), out -> {
			// Not closed here: AtomicFile closes the stream after flushing the printer.
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
			csv.printRecord((Object[]) HEADER);
			for (Map.Entry<String, String> e : recorded.entrySet()) csv.printRecord(e.getKey(), e.getValue());
			csv.flush();
		});
	}

	/** The parameters the job's result was made with; null where there is no record (or none readable). */
	static Map<String, String> read(Job job) {
		Path file = job.record();
		if (!Files.isRegularFile(file)) return null;
		Map<String, String> recorded = new LinkedHashMap<>();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader(HEADER).setSkipHeaderRecord(true).get().parse(in)) {
				recorded.put(r.get(0), r.get(1));
			}
		}
		catch (IOException | RuntimeException e) {
			return null; // not a record this application wrote: the job is not complete
		}
		return recorded;
	}

	/** Deletes the job's record: its result is about to be replaced. */
	static void discard(Job job) throws IOException {
		Files.deleteIfExists(job.record());
	}

	/**
	 * What changed between a record and the parameters now, as {@code size 96 (now 128)}, in the
	 * table's order; empty when nothing did.
	 */
	static List<String> changes(Map<String, String> recorded, Map<String, String> now) {
		List<String> changes = new ArrayList<>();
		for (Map.Entry<String, String> e : now.entrySet()) {
			String before = recorded.get(e.getKey());
			if (!e.getValue().equals(before)) {
				changes.add(e.getKey() + " " + shown(before) + " (now " + shown(e.getValue()) + ")");
			}
		}
		for (String name : recorded.keySet()) {
			if (!now.containsKey(name)) changes.add(name + " " + shown(recorded.get(name)) + " (now not a parameter)");
		}
		return changes;
	}

	private static String shown(String text) {
		return text == null ? "not recorded" : text.isEmpty() ? "empty" : text;
	}
}

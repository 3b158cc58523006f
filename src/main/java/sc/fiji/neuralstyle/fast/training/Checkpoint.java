package sc.fiji.neuralstyle.fast.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import sc.fiji.neuralstyle.files.AtomicFile;
import sc.fiji.neuralstyle.net.pth.PthReader;
import sc.fiji.neuralstyle.net.pth.PthWriter;
import sc.fiji.neuralstyle.net.pth.TensorData;
import sc.fiji.neuralstyle.fast.ModelFileException;
import sc.fiji.neuralstyle.fast.TransformerNet;

/**
 * A training run's state after a step, in one file written atomically: the network's parameters
 * ({@code model.<key>}), Adam's moments ({@code adam.exp_avg.<key>}, {@code adam.exp_avg_sq.<key>})
 * and, in entries of their own, the step, Adam's step count, the settings that made it
 * ({@link TrainingSettings#identity()} and the images' and styles' identities) and every step's loss.
 * The tensors are a zip-format state dict, so {@code torch.load} reads a checkpoint too. Reading checks
 * every entry's CRC: a damaged checkpoint is refused, never half used.
 *
 * @param step the steps taken
 * @param identity what the run was made of, by name
 * @param model the network's parameters, by state-dict key
 * @param adam Adam's moments ({@link ParameterAdam#state()})
 * @param adamSteps Adam's step count
 * @param history every step's loss
 */
record Checkpoint(int step, Map<String, String> identity, Map<String, TensorData> model, Map<String, TensorData> adam,
	int adamSteps, List<StepRecord> history)
{

	/** The parameter that names a checkpoint in messages. */
	static final String PARAMETER = "checkpoint";
	private static final String FORMAT = "neural-style fast-style checkpoint 1";
	private static final String MODEL = "model.", ADAM = "adam.";
	private static final String STATE_ENTRY = "training.properties", LOSSES_ENTRY = "losses.csv";

	/** Writes it atomically (a temporary file renamed onto {@code file}). */
	void write(Path file) throws IOException {
		Map<String, TensorData> tensors = new LinkedHashMap<>();
		model.forEach((k, t) -> tensors.put(MODEL + k, t));
		adam.forEach((k, t) -> tensors.put(ADAM + k, t));
		Properties p = new Properties();
		p.setProperty("format", FORMAT);
		p.setProperty("step", Integer.toString(step));
		p.setProperty("adam_steps", Integer.toString(adamSteps));
		identity.forEach((k, v) -> p.setProperty("identity." + k, v));
		StringWriter state = new StringWriter();
		p.store(state, null);
		StringBuilder losses = new StringBuilder(StepRecord.CSV_HEADER).append('\n');
		for (StepRecord r : history) losses.append(r.csv()).append('\n');
		Map<String, byte[]> extra = new LinkedHashMap<>();
		extra.put(STATE_ENTRY, withoutDate(state.toString()).getBytes(StandardCharsets.ISO_8859_1));
		extra.put(LOSSES_ENTRY, losses.toString().getBytes(StandardCharsets.UTF_8));
		AtomicFile.write(file, out -> PthWriter.write(out, tensors, extra));
	}

	/** Properties.store writes the date as a comment first; the same state gives the same bytes without it. */
	private static String withoutDate(String stored) {
		return stored.startsWith("#") ? stored.substring(stored.indexOf('\n') + 1) : stored;
	}

	/**
	 * Reads a checkpoint.
	 *
	 * @throws ModelFileException ({@code checkpoint: …}) when it is damaged or not a checkpoint
	 */
	static Checkpoint read(Path file) {
		try {
			verify(file);
			Properties p = new Properties();
			p.load(new StringReader(new String(entry(file, STATE_ENTRY), StandardCharsets.ISO_8859_1)));
			if (!FORMAT.equals(p.getProperty("format"))) throw damaged(file, "it is not a checkpoint of this version", null);
			Map<String, String> identity = new TreeMap<>();
			for (String name : p.stringPropertyNames()) {
				if (name.startsWith("identity.")) identity.put(name.substring("identity.".length()), p.getProperty(name));
			}
			List<StepRecord> history = new ArrayList<>();
			String[] lines = new String(entry(file, LOSSES_ENTRY), StandardCharsets.UTF_8).split("\n");
			for (int i = 1; i < lines.length; i++) if (!lines[i].isBlank()) history.add(StepRecord.parse(lines[i]));
			Map<String, TensorData> model = new LinkedHashMap<>(), adam = new LinkedHashMap<>();
			for (TensorData t : PthReader.read(file, k -> true).values()) {
				if (t.key().startsWith(MODEL)) model.put(t.key().substring(MODEL.length()), rename(t, MODEL));
				else if (t.key().startsWith(ADAM)) adam.put(t.key().substring(ADAM.length()), rename(t, ADAM));
			}
			if (!model.keySet().equals(TransformerNet.stateDictKeys())) {
				throw damaged(file, "its network is incomplete", null);
			}
			return new Checkpoint(Integer.parseInt(p.getProperty("step")), identity, model, adam,
				Integer.parseInt(p.getProperty("adam_steps")), history);
		}
		catch (ModelFileException e) {
			throw e;
		}
		catch (IOException | RuntimeException e) { // WeightsException, a bad number or line: damaged
			throw damaged(file, e.getMessage() == null ? e.toString() : e.getMessage(), e);
		}
	}

	private static TensorData rename(TensorData t, String prefix) {
		return new TensorData(t.key().substring(prefix.length()), t.shape(), t.values());
	}

	/** Reads every entry through and compares its CRC (stored entries are not checked on reading). */
	private static void verify(Path file) throws IOException {
		byte[] buffer = new byte[1 << 16];
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
				ZipEntry entry = e.nextElement();
				CRC32 crc = new CRC32();
				try (InputStream in = zip.getInputStream(entry)) {
					for (int n; (n = in.read(buffer)) > 0;) crc.update(buffer, 0, n);
				}
				if (crc.getValue() != entry.getCrc()) {
					throw damaged(file, "its entry " + entry.getName() + " does not match its checksum", null);
				}
			}
		}
	}

	private static byte[] entry(Path file, String name) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile())) {
			ZipEntry entry = zip.getEntry(PthWriter.ARCHIVE + name);
			if (entry == null) throw damaged(file, "it lacks its " + name, null);
			try (InputStream in = zip.getInputStream(entry)) {
				return in.readAllBytes();
			}
		}
	}

	private static ModelFileException damaged(Path file, String why, Throwable cause) {
		return new ModelFileException(PARAMETER, file + " cannot be continued from: it is damaged (" + why + ")",
			"delete it to train from the start, or restore it from a copy", cause);
	}

	/** Whether a file is there to continue from. */
	static boolean exists(Path file) {
		return Files.exists(file);
	}
}

package sc.fiji.neuralstyle.fast;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.files.AtomicFile;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.pth.PthReader;
import sc.fiji.neuralstyle.net.pth.PthWriter;
import sc.fiji.neuralstyle.net.pth.TensorData;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.text.Counts;

/**
 * A fast-style model file: pytorch/examples' {@code TransformerNet} state dict, as their
 * {@code neural_style.py train} saves it and this project's training writes it.
 * <p>
 * Reading takes the zip layout of PyTorch 1.6 and later and the bare pickle before it (their
 * published models, candy, mosaic, rain princess and udnie, are PyTorch 0.4 files of that kind), and
 * drops the {@code inN.running_mean} and {@code inN.running_var} tensors that old PyTorch kept in
 * instance normalisations, as their {@code stylize} does. A file is checked from its keys and shapes
 * before any tensor is read ({@link #check}), and refused with a message naming the {@code model}
 * parameter: a feature network's weights, a state dict of another network (its missing and
 * unexpected keys), a TransformerNet with other channel counts, or a file that is no state dict.
 * Writing makes the zip layout through {@link AtomicFile}, so {@code torch.load} reads it and no
 * half-written file is ever seen.
 */
public final class StyleModelFile {

	/** The parameter that names a model file. */
	public static final String PARAMETER = "model";

	/** The keys their stylize deletes: running statistics of PyTorch 0.3's InstanceNorm2d. */
	private static final Pattern RUNNING_STATISTICS = Pattern.compile("in\\d+\\.running_(mean|var)$");
	/** How many keys a message names of each kind. */
	private static final int KEYS_SHOWN = 4;
	private static final String WHAT_IT_TAKES = "give a fast-style model: pytorch/examples' TransformerNet state dict "
		+ "(such as their candy.pth), saved with torch.save(model.state_dict(), path), or one trained here";

	private StyleModelFile() {}

	/**
	 * Checks from the keys and shapes alone (no tensor is read) that {@code file} is a usable model: the
	 * check the parameter rules run before any work.
	 *
	 * @throws ModelFileException saying what the file is instead and what to do
	 */
	public static void check(Path file) {
		Map<String, long[]> shapes;
		try {
			shapes = PthReader.shapes(file);
		}
		catch (WeightsException e) {
			throw unreadable(file, e);
		}
		shapes.keySet().removeIf(StyleModelFile::isRunningStatistic);
		Set<String> wanted = TransformerLayout.SHAPES.keySet();
		List<String> missing = new ArrayList<>();
		for (String key : wanted) if (!shapes.containsKey(key)) missing.add(key);
		List<String> unexpected = new ArrayList<>();
		for (String key : shapes.keySet()) if (!wanted.contains(key)) unexpected.add(key);
		if (missing.isEmpty() && unexpected.isEmpty()) {
			checkShapes(file, shapes);
			return;
		}
		Architecture features = featureNetwork(shapes.keySet());
		if (features != null) {
			throw new ModelFileException(PARAMETER, file + " holds the weights of a feature network (torchvision's "
				+ features.id() + " layout: " + sample(List.copyOf(shapes.keySet())) + "), not a fast-style model",
				WHAT_IT_TAKES + "; a feature network's weights belong in the weights parameter");
		}
		StringBuilder what = new StringBuilder(file + " is not a fast-style model (pytorch/examples' TransformerNet): ");
		if (!missing.isEmpty()) {
			what.append("it lacks ").append(sample(missing)).append(" (").append(missing.size()).append(" of its ")
				.append(wanted.size()).append(" tensors)");
		}
		if (!unexpected.isEmpty()) {
			what.append(missing.isEmpty() ? "it has " : " and has ").append(Counts.of(unexpected.size(), "tensor"))
				.append(" it does not know: ").append(sample(unexpected));
		}
		throw new ModelFileException(PARAMETER, what.toString(), WHAT_IT_TAKES);
	}

	private static void checkShapes(Path file, Map<String, long[]> shapes) {
		List<String> differ = new ArrayList<>();
		for (Map.Entry<String, long[]> e : TransformerLayout.SHAPES.entrySet()) {
			if (!Arrays.equals(e.getValue(), shapes.get(e.getKey()))) differ.add(e.getKey());
		}
		if (differ.isEmpty()) return;
		String first = differ.get(0);
		throw new ModelFileException(PARAMETER, file + " is a TransformerNet with other channel counts: " + first + " is "
			+ Arrays.toString(shapes.get(first)) + " where pytorch/examples' network has "
			+ Arrays.toString(TransformerLayout.SHAPES.get(first)) + (differ.size() > 1 ? " (" + differ.size()
				+ " tensors differ)" : ""), "only that network (32, 64 and 128 channels, 5 residual blocks) can be "
					+ "used; give a model of its layout");
	}

	/** The architecture most of whose weight keys the file has, if it has at least half of one's. */
	private static Architecture featureNetwork(Set<String> keys) {
		Architecture best = null;
		double bestShare = 0.5;
		for (Architecture a : Architecture.values()) {
			List<String> needed = a.weightKeys();
			long present = needed.stream().filter(keys::contains).count();
			double share = (double) present / needed.size();
			if (share >= bestShare && (best == null || share > bestShare)) {
				best = a;
				bestShare = share;
			}
		}
		return best;
	}

	private static boolean isRunningStatistic(String key) {
		return RUNNING_STATISTICS.matcher(key).find();
	}

	/**
	 * Reads and checks a model's state dict.
	 *
	 * @return the network's tensors in {@code state_dict()} order
	 * @throws ModelFileException as {@link #check}, or when the file cannot be read
	 */
	public static Map<String, TensorData> read(Path file) {
		check(file);
		Map<String, TensorData> read;
		try {
			read = PthReader.read(file, TransformerLayout.SHAPES.keySet());
		}
		catch (WeightsException e) {
			throw unreadable(file, e);
		}
		Map<String, TensorData> ordered = new LinkedHashMap<>();
		for (String key : TransformerLayout.SHAPES.keySet()) ordered.put(key, read.get(key));
		return ordered;
	}

	/** Reads a model and makes the network, its parameters in a sub-manager of {@code parent}. */
	public static TransformerNet load(Path file, NDManager parent) {
		return TransformerNet.of(read(file), parent);
	}

	/**
	 * Writes a model atomically, in the zip layout {@code torch.load} reads.
	 *
	 * @param stateDict the network's tensors ({@link TransformerNet#stateDict()})
	 * @throws IOException from {@link AtomicFile#write}, naming the file and what to do
	 */
	public static void write(Path file, Map<String, TensorData> stateDict) throws IOException {
		Map<String, TensorData> ordered = new LinkedHashMap<>();
		for (String key : TransformerLayout.SHAPES.keySet()) {
			TensorData t = stateDict.get(key);
			if (t == null) throw new IllegalArgumentException("The state dict lacks " + key);
			ordered.put(key, t);
		}
		AtomicFile.write(file, out -> PthWriter.write(out, ordered, Map.of()));
	}

	private static ModelFileException unreadable(Path file, WeightsException e) {
		String text = e.getMessage();
		String prefix = "Cannot read weights file " + file + ": ";
		String why = text.startsWith(prefix) ? text.substring(prefix.length()) : text;
		return new ModelFileException(PARAMETER, "cannot read " + file + ": " + why, WHAT_IT_TAKES, e);
	}

	private static String sample(List<String> keys) {
		List<String> shown = keys.subList(0, Math.min(KEYS_SHOWN, keys.size()));
		return String.join(", ", new LinkedHashSet<>(shown)) + (keys.size() > KEYS_SHOWN ? ", …" : "");
	}
}

package sc.fiji.neuralstyle.net.pth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import net.razorvine.pickle.PickleException;
import sc.fiji.neuralstyle.net.pth.TorchUnpickler.PyObject;
import sc.fiji.neuralstyle.net.pth.TorchUnpickler.TensorRef;
import sc.fiji.neuralstyle.text.Counts;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * Reads tensors from a PyTorch state dict saved with {@code torch.save}, without Python.
 * <p>
 * All three layouts {@code torch.save} has written load: the zip archive of PyTorch 1.6 and later,
 * the bare pickle stream of PyTorch 0.1.10 to 1.5 (also written by
 * {@code _use_new_zipfile_serialization=False}), and the tar archive of PyTorch 0.1.6 to 0.1.9. Only
 * the storages of the wanted tensors are read, so taking the convolution weights from a 575 MB VGG19
 * file never loads its classifier. Values come back as float32 (float16, bfloat16 and float64 are
 * converted).
 * <p>
 * Accepted shapes of content: a dict of tensors (a {@code state_dict()}, with or without its
 * {@code _metadata}), such a dict inside a checkpoint dict under {@code state_dict},
 * {@code model_state_dict}, {@code model} or {@code net}, and keys prefixed with {@code module.} (as
 * {@code nn.DataParallel} saves them): when every tensor key has that prefix it is stripped, so keys
 * match the plain model's. Rejected with a {@link WeightsException} that says what to do: whole
 * pickled models, TorchScript archives, other files, damaged or truncated files.
 */
public final class PthReader {

	/** Keys under which checkpoints commonly keep the state dict. */
	private static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model", "net");
	private static final String DATA_PARALLEL_PREFIX = "module.";
	private static final String HOW_TO_SAVE = "Expected a .pth file saved with torch.save(model.state_dict(), 'file.pth').";

	private PthReader() {}

	/**
	 * Reads the tensors whose keys {@code wantedKeys} accepts.
	 *
	 * @param file a file saved with {@code torch.save}
	 * @param wantedKeys which state-dict keys to read (after stripping a {@code module.} prefix)
	 * @return the wanted tensors as float32, in the file's order
	 * @throws WeightsException if the file cannot be read, holds no state dict, no tensor is wanted, or
	 *           a wanted tensor is not a contiguous floating-point tensor
	 */
	public static Map<String, TensorData> read(Path file, Predicate<String> wantedKeys) {
		return withStateDict(file, (layout, stateDict) -> {
			List<String> tensorKeys = new ArrayList<>();
			List<String> wanted = new ArrayList<>();
			for (Map.Entry<String, Object> e : stateDict.entrySet()) {
				boolean isTensor = e.getValue() instanceof TensorRef;
				if (isTensor) tensorKeys.add(e.getKey());
				if (wantedKeys.test(e.getKey())) {
					if (isTensor) wanted.add(e.getKey());
					else if (e.getValue() instanceof PyObject o && o.type.module().startsWith("torch")) {
						throw fail(file, "tensor " + e.getKey() + " is stored as " + o.type.qualifiedName()
							+ " (a quantized, sparse or otherwise special tensor), which this reader does not "
							+ "support. In Python, save a dense float copy: sd[key] = sd[key].dequantize() or .to_dense().");
					}
				}
			}
			if (wanted.isEmpty()) {
				throw fail(file, "none of its " + Counts.of(tensorKeys.size(), "tensor") + " is one of those needed. Its keys "
					+ "are: " + sample(tensorKeys) + ". Is it the weights file for this network?");
			}
			StorageDecoder decoder = new StorageDecoder();
			Map<String, TensorData> result = new LinkedHashMap<>();
			for (String key : wanted) {
				result.put(key, readTensor(layout, decoder, key, (TensorRef) stateDict.get(key)));
			}
			return result;
		});
	}

	/**
	 * The keys and shapes of the state dict's tensors, in the file's order, read from the pickle alone
	 * (no tensor data): enough to tell which network a file is for before reading it.
	 *
	 * @throws WeightsException as {@link #read(Path, Predicate)} for a file that holds no state dict
	 */
	public static Map<String, long[]> shapes(Path file) {
		return withStateDict(file, (layout, stateDict) -> {
			Map<String, long[]> shapes = new LinkedHashMap<>();
			for (Map.Entry<String, Object> e : stateDict.entrySet()) {
				if (e.getValue() instanceof TensorRef t) shapes.put(e.getKey(), t.shape().clone());
			}
			return shapes;
		});
	}

	/** What is done with the state dict of an open file. */
	@FunctionalInterface
	private interface StateDictReading<T> {

		T apply(PthLayout layout, Map<String, Object> stateDict) throws IOException;
	}

	private static <T> T withStateDict(Path file, StateDictReading<T> reading) {
		checkFile(file);
		try (PthLayout layout = open(file)) {
			return reading.apply(layout, stateDict(layout.root(), file));
		}
		catch (WeightsException e) {
			throw e;
		}
		catch (IOException | PickleException | ClassCastException | IndexOutOfBoundsException
			| ArithmeticException | IllegalArgumentException | NullPointerException e)
		{
			// Whatever a damaged pickle makes the unpickler trip over.
			throw fail(file, "it is damaged or truncated (" + e + "). Download or save it again.", e);
		}
	}

	/**
	 * Reads the given tensors, all of which must be present.
	 *
	 * @throws WeightsException as {@link #read(Path, Predicate)}, and if a key is missing
	 */
	public static Map<String, TensorData> read(Path file, Collection<String> keys) {
		Map<String, TensorData> result = read(file, keys::contains);
		List<String> missing = new ArrayList<>();
		for (String k : keys) if (!result.containsKey(k)) missing.add(k);
		if (!missing.isEmpty()) {
			throw fail(file, "it lacks the tensors " + sample(missing) + " (it has " + sample(new ArrayList<>(
				result.keySet())) + "). Is it the weights file for this network?");
		}
		return result;
	}

	private static TensorData readTensor(PthLayout layout, StorageDecoder decoder, String key, TensorRef t)
		throws IOException
	{
		DType type = t.storage().dtype();
		if (!type.isFloat()) {
			throw fail(layout.file, "tensor " + key + " has type " + type.pythonName + "; only floating-point "
				+ "tensors (float32, float16, bfloat16, float64) can be used as weights.");
		}
		if (!t.isContiguous()) {
			throw fail(layout.file, "tensor " + key + " is stored non-contiguously (e.g. a transposed view), "
				+ "which this reader does not support. In Python, save contiguous copies: "
				+ "torch.save({k: v.contiguous() for k, v in sd.items()}, 'file.pth')");
		}
		long numel = t.numel();
		if (numel > Integer.MAX_VALUE - 8) {
			throw fail(layout.file, "tensor " + key + " has " + numel + " elements, more than fit in one Java array.");
		}
		float[] values = new float[(int) numel];
		if (numel > 0) {
			try (InputStream in = layout.open(t.storage(), t.offset(), numel)) {
				decoder.decode(in, type, layout.byteOrder(), values);
			}
		}
		return new TensorData(key, t.shape(), values);
	}

	/** Finds the dict of tensors in what the file holds, see the class description. */
	private static Map<String, Object> stateDict(Object root, Path file) {
		if (root instanceof PyObject o) throw wholeModel(file, o, null);
		if (!(root instanceof Map<?, ?> map)) {
			throw fail(file, "it holds a " + describe(root) + " instead of a dict of tensors. " + HOW_TO_SAVE);
		}
		Map<?, ?> dict = map;
		if (!hasTensors(dict)) {
			dict = null;
			for (String k : WRAPPER_KEYS) {
				if (map.get(k) instanceof Map<?, ?> inner && hasTensors(inner)) {
					dict = inner;
					break;
				}
			}
			if (dict == null) {
				for (Map.Entry<?, ?> e : map.entrySet()) {
					if (e.getValue() instanceof PyObject o && !o.type.module().startsWith("torch._utils")) {
						throw wholeModel(file, o, TorchUnpickler.asString(e.getKey()));
					}
				}
				throw fail(file, "it holds a dict without tensors (keys: " + sample(new ArrayList<>(
					keyStrings(map))) + "). " + HOW_TO_SAVE);
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		for (Map.Entry<?, ?> e : dict.entrySet()) result.put(TorchUnpickler.asString(e.getKey()), e.getValue());
		return stripDataParallelPrefix(result);
	}

	private static Map<String, Object> stripDataParallelPrefix(Map<String, Object> dict) {
		boolean all = false;
		for (Map.Entry<String, Object> e : dict.entrySet()) {
			if (!(e.getValue() instanceof TensorRef)) continue;
			if (!e.getKey().startsWith(DATA_PARALLEL_PREFIX)) return dict;
			all = true;
		}
		if (!all) return dict;
		Map<String, Object> stripped = new LinkedHashMap<>();
		for (Map.Entry<String, Object> e : dict.entrySet()) {
			String k = e.getKey();
			stripped.put(k.startsWith(DATA_PARALLEL_PREFIX) ? k.substring(DATA_PARALLEL_PREFIX.length()) : k, e.getValue());
		}
		return stripped;
	}

	private static WeightsException wholeModel(Path file, PyObject o, String key) {
		return fail(file, "it holds a whole pickled model (an object of class " + o.type.qualifiedName() + ")"
			+ (key == null ? "" : " under the key '" + key + "'") + " instead of a state dict, and whole models "
			+ "can only be loaded by Python with that class's code. In Python, load it and save only its "
			+ "weights: torch.save(model.state_dict(), 'weights.pth')");
	}

	private static boolean hasTensors(Map<?, ?> map) {
		for (Object v : map.values()) if (v instanceof TensorRef) return true;
		return false;
	}

	private static List<String> keyStrings(Map<?, ?> map) {
		List<String> keys = new ArrayList<>();
		for (Object k : map.keySet()) keys.add(TorchUnpickler.asString(k));
		return keys;
	}

	private static String describe(Object o) {
		if (o == null) return "None";
		if (o instanceof List<?>) return "list";
		if (o instanceof Object[]) return "tuple";
		if (o instanceof TensorRef t) return "single " + t;
		return o.getClass().getSimpleName();
	}

	private static String sample(List<String> keys) {
		int shown = Math.min(keys.size(), 8);
		String list = String.join(", ", keys.subList(0, shown));
		return keys.size() > shown ? list + ", ... (" + keys.size() + " in all)" : list;
	}

	// -- files and their kinds --

	private static void checkFile(Path file) {
		if (!Files.exists(file)) throw fail(file, "it does not exist.");
		if (Files.isDirectory(file)) throw fail(file, "it is a directory, not a file.");
		if (!Files.isReadable(file)) throw fail(file, "it cannot be read (check its permissions).");
	}

	/** Recognises the layout from the first bytes. */
	private static PthLayout open(Path file) throws IOException {
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(FileKind.HEAD);
		}
		if (head.length == 0) {
			throw fail(file, "it is empty (0 bytes), e.g. left by a failed download. Delete it and download it again.");
		}
		if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) return new ZipLayout(file);
		if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
			return new TarLayout(file);
		}
		if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) return new LegacyLayout(file);
		throw fail(file, "it is not a PyTorch weights file: it is " + FileKind.describe(head) + ". " + HOW_TO_SAVE);
	}

	private static boolean startsWith(byte[] b, int... prefix) {
		if (b.length < prefix.length) return false;
		for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xff) != prefix[i]) return false;
		return true;
	}

	private static WeightsException fail(Path file, String what) {
		return WeightsException.unreadable(file, what, null);
	}

	private static WeightsException fail(Path file, String what, Throwable cause) {
		return WeightsException.unreadable(file, what, cause);
	}
}

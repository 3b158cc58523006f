package sc.fiji.neuralstyle.net.pth;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Unpickles the object part of a PyTorch file into plain Java objects: dicts become (insertion
 * ordered) maps, tensors become {@link TensorRef}s that only say where their data is, and any other
 * class or function becomes a {@link PyGlobal} / {@link PyObject} that records its name.
 * <p>
 * Globals are resolved per instance, not through razorvine's static constructor registry, so that
 * nothing named in a file is ever looked up elsewhere and an unknown class (a whole pickled model)
 * stays recognisable instead of turning into an anonymous dict. Storages come from the
 * {@code persistentLoader} each layout supplies.
 */
final class TorchUnpickler extends Unpickler {

	/** A class or function named in the pickle that is not modelled; calling it makes a {@link PyObject}. */
	record PyGlobal(String module, String name) implements IObjectConstructor {

		@Override
		public Object construct(Object[] args) {
			return new PyObject(this, args);
		}

		String qualifiedName() {
			return module + "." + name;
		}
	}

	/** An instance of an unmodelled class (or the result of an unmodelled function call). */
	static final class PyObject {

		final PyGlobal type;
		final Object[] args;
		/** What BUILD set, usually the instance's {@code __dict__}. */
		Object state;
		/** Items set on a dict subclass. */
		final Map<Object, Object> items = new LinkedHashMap<>();

		PyObject(PyGlobal type, Object[] args) {
			this.type = type;
			this.args = args;
		}
	}

	/** A storage class such as {@code torch.FloatStorage}, as it appears in persistent ids. */
	record StorageType(String name, DType dtype) implements IObjectConstructor {

		@Override
		public Object construct(Object[] args) {
			throw new PickleException("unexpected call of torch." + name);
		}
	}

	/**
	 * A storage: its key in the file, element type and element count. {@code viewOffset} is the start,
	 * in elements, of a legacy storage view within the storage {@code key}.
	 */
	record StorageRef(String key, DType dtype, long numel, long viewOffset) {}

	/** A tensor: where its elements are (offset in elements into the storage) and its layout. */
	record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {

		long numel() {
			long n = 1;
			for (long d : shape) n *= d;
			return n;
		}

		/** Whether the elements are in row-major order without gaps. */
		boolean isContiguous() {
			long expected = 1;
			for (int i = shape.length - 1; i >= 0; i--) {
				if (shape[i] != 1 && stride[i] != expected) return false;
				expected *= shape[i];
			}
			return true;
		}

		@Override
		public String toString() {
			return "tensor " + Arrays.toString(shape) + " " + storage.dtype().pythonName;
		}
	}

	private static final Map<String, IObjectConstructor> TORCH_FUNCTIONS = Map.of(
		"collections.OrderedDict", TorchUnpickler::orderedDict,
		"torch._utils._rebuild_tensor_v2", TorchUnpickler::rebuildTensor,
		"torch._utils._rebuild_tensor", TorchUnpickler::rebuildTensor,
		"torch._utils._rebuild_parameter", args -> args[0],
		"torch._utils._rebuild_parameter_with_state", args -> args[0],
		"torch._utils._rebuild_from_type_v2", TorchUnpickler::rebuildFromType);

	private final Function<Object, Object> persistentLoader;

	TorchUnpickler(Function<Object, Object> persistentLoader) {
		this.persistentLoader = persistentLoader;
	}

	@Override
	protected Object persistentLoad(Object pid) {
		return persistentLoader.apply(pid);
	}

	@Override
	protected Object dispatch(short key) throws PickleException, IOException {
		switch (key) {
			case Opcodes.GLOBAL: {
				String module = PickleUtils.readline(input);
				String name = PickleUtils.readline(input);
				stack.add(resolve(module, name));
				return NO_RETURN_VALUE;
			}
			case Opcodes.STACK_GLOBAL: {
				String name = asString(stack.pop());
				String module = asString(stack.pop());
				stack.add(resolve(module, name));
				return NO_RETURN_VALUE;
			}
			case Opcodes.INST: {
				String module = PickleUtils.readline(input);
				String name = PickleUtils.readline(input);
				List<Object> args = stack.pop_all_since_marker();
				stack.add(asConstructor(resolve(module, name)).construct(args.toArray()));
				return NO_RETURN_VALUE;
			}
			case Opcodes.BUILD: {
				// Only unmodelled objects keep their state; attributes set on dicts (an
				// OrderedDict's _metadata) or tensors are not needed.
				Object state = stack.pop();
				if (stack.peek() instanceof PyObject o) o.state = state;
				return NO_RETURN_VALUE;
			}
			case Opcodes.EMPTY_DICT:
				stack.add(new LinkedHashMap<>());
				return NO_RETURN_VALUE;
			case Opcodes.DICT: {
				List<Object> kv = stack.pop_all_since_marker();
				Map<Object, Object> map = new LinkedHashMap<>();
				for (int i = 0; i + 1 < kv.size(); i += 2) map.put(kv.get(i), kv.get(i + 1));
				stack.add(map);
				return NO_RETURN_VALUE;
			}
			case Opcodes.SETITEM: {
				Object value = stack.pop();
				Object k = stack.pop();
				put(stack.peek(), k, value);
				return NO_RETURN_VALUE;
			}
			case Opcodes.SETITEMS: {
				// razorvine collects a batch in a HashMap first; keep the file's order instead.
				List<Object> kv = stack.pop_all_since_marker();
				Object target = stack.peek();
				for (int i = 0; i + 1 < kv.size(); i += 2) put(target, kv.get(i), kv.get(i + 1));
				return NO_RETURN_VALUE;
			}
			default:
				return super.dispatch(key);
		}
	}

	private static Object resolve(String module, String name) {
		IObjectConstructor f = TORCH_FUNCTIONS.get(module + "." + name);
		if (f != null) return f;
		if (module.equals("torch")) {
			DType t = DType.ofStorageClass(name);
			if (t != null) return new StorageType(name, t);
		}
		return new PyGlobal(module, name);
	}

	private static IObjectConstructor asConstructor(Object o) {
		if (o instanceof IObjectConstructor c) return c;
		throw new PickleException("not callable: " + o);
	}

	@SuppressWarnings("unchecked")
	private static void put(Object target, Object key, Object value) {
		if (target instanceof Map<?, ?> m) ((Map<Object, Object>) m).put(key, value);
		else if (target instanceof PyObject o) o.items.put(key, value);
		else throw new PickleException("cannot set an item on " + target);
	}

	private static Object orderedDict(Object[] args) {
		Map<Object, Object> map = new LinkedHashMap<>();
		// Python 3 pickles OrderedDict() and then sets items; Python 2 passes [[key, value], ...].
		if (args.length > 0 && args[0] instanceof List<?> pairs) {
			for (Object pair : pairs) {
				Object[] kv = pair instanceof List<?> l ? l.toArray() : (Object[]) pair;
				map.put(kv[0], kv[1]);
			}
		}
		return map;
	}

	/** {@code _rebuild_tensor(storage, storage_offset, size, stride, ...)}, both versions. */
	private static Object rebuildTensor(Object[] args) {
		if (!(args[0] instanceof StorageRef storage)) {
			throw new PickleException("tensor without a storage: " + args[0]);
		}
		long[] shape = toLongs(args[2]);
		long[] stride = toLongs(args[3]);
		if (shape.length != stride.length) throw new PickleException("tensor shape and strides differ in length");
		return new TensorRef(storage, storage.viewOffset() + toLong(args[1]), shape, stride);
	}

	/** {@code _rebuild_from_type_v2(func, new_type, args, state)}: a Tensor subclass; keep the tensor. */
	private static Object rebuildFromType(Object[] args) {
		return asConstructor(args[0]).construct((Object[]) args[2]);
	}

	static long toLong(Object o) {
		if (o instanceof BigInteger b) return b.longValueExact();
		if (o instanceof Number n) return n.longValue();
		if (o instanceof String s) return Long.parseLong(s);
		throw new PickleException("expected an integer, found " + o);
	}

	static long[] toLongs(Object tuple) {
		Object[] items = tuple instanceof List<?> l ? l.toArray() : (Object[]) tuple;
		long[] result = new long[items.length];
		for (int i = 0; i < items.length; i++) result[i] = toLong(items[i]);
		return result;
	}

	static String asString(Object o) {
		if (o instanceof byte[] b) return new String(b, StandardCharsets.US_ASCII);
		return String.valueOf(o);
	}
}

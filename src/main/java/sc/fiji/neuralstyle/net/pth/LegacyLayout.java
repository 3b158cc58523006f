package sc.fiji.neuralstyle.net.pth;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.neuralstyle.net.pth.TorchUnpickler.StorageRef;
import sc.fiji.neuralstyle.net.pth.TorchUnpickler.StorageType;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * The bare pickle stream of PyTorch 0.1.10 to 1.5 (and of {@code _use_new_zipfile_serialization=False}):
 * pickles of the magic number, the protocol version and sys_info, then the saved object, then the list
 * of storage keys, then each storage as an int64 element count and its raw little-endian bytes. The
 * storages are indexed by seeking past them, so only wanted ones are read.
 */
final class LegacyLayout extends PthLayout {

	static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);
	private static final long PROTOCOL_VERSION = 1001;

	private final FileChannel channel;
	/** Storage key to element type, as declared by the persistent ids. */
	private final Map<String, DType> declared = new HashMap<>();
	/** Storage key to {file position of its data, element count}. */
	private final Map<String, long[]> data = new HashMap<>();

	LegacyLayout(Path file) throws IOException {
		super(file);
		channel = FileChannel.open(file, StandardOpenOption.READ);
	}

	@Override
	Object root() throws IOException {
		ChannelInput in = new ChannelInput(channel, 0);
		TorchUnpickler unpickler = new TorchUnpickler(this::persistentLoad);
		Object magic = unpickler.load(in);
		if (!(magic instanceof BigInteger b && b.equals(MAGIC_NUMBER))) {
			throw fail("it is a Python pickle but not one written by torch.save (no PyTorch magic "
				+ "number). Expected a .pth file saved with torch.save(model.state_dict(), ...).");
		}
		Object protocol = unpickler.load(in);
		if (TorchUnpickler.toLong(protocol) != PROTOCOL_VERSION) {
			throw fail("it uses PyTorch serialization protocol " + protocol + ", which this reader does "
				+ "not know (expected " + PROTOCOL_VERSION + "). Load it in Python and save it again.");
		}
		Object sysInfo = unpickler.load(in);
		if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
			throw fail("it was written on a big-endian machine, which this reader does not support. "
				+ "Load it in Python and save it again on a little-endian machine.");
		}
		Object root = unpickler.load(in);
		Object keys = unpickler.load(in);
		if (!(keys instanceof List<?> list)) throw fail("its list of storages is missing or damaged.");
		long position = in.position();
		long size = channel.size();
		for (Object k : list) {
			String key = TorchUnpickler.asString(k);
			DType type = declared.get(key);
			if (type == null) throw fail("it lists storage " + key + " that no tensor uses; the file is damaged.");
			in.seek(position);
			if (position + 8 > size) throw truncated(size);
			long numel = in.readLongLE();
			long start = position + 8;
			position = start + numel * type.size;
			if (numel < 0 || position > size) throw truncated(size);
			data.put(key, new long[] { start, numel });
		}
		return root;
	}

	private WeightsException truncated(long size) {
		return fail("it ends early (after " + size + " bytes) in the middle of its tensor data. The file "
			+ "is truncated, e.g. by an interrupted download; download or save it again.");
	}

	/**
	 * Persistent ids are {@code ('storage', storage_type, root_key, location, numel, view_metadata)}
	 * with view_metadata None or {@code (view_key, offset, view_size)}; whole models also pickle
	 * {@code ('module', class, source_file, source)}.
	 */
	private Object persistentLoad(Object pid) {
		Object[] id = (Object[]) pid;
		String kind = TorchUnpickler.asString(id[0]);
		if (kind.equals("module")) return id[1];
		if (!kind.equals("storage") || !(id[1] instanceof StorageType type)) {
			throw fail("it refers to an unknown kind of saved object: " + Arrays.toString(id));
		}
		String key = TorchUnpickler.asString(id[2]);
		declared.put(key, type.dtype());
		long viewOffset = id.length > 5 && id[5] != null ? TorchUnpickler.toLong(((Object[]) id[5])[1]) : 0;
		return new StorageRef(key, type.dtype(), TorchUnpickler.toLong(id[4]), viewOffset);
	}

	@Override
	InputStream open(StorageRef storage, long elementOffset, long count) {
		long[] where = data.get(storage.key());
		if (where == null) throw fail("the data of storage " + storage.key() + " is missing; the file is damaged.");
		checkRange(storage, where[1], elementOffset, count);
		return new ChannelInput(channel, where[0] + elementOffset * storage.dtype().size);
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}
}

package sc.fiji.neuralstyle.net.pth;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.razorvine.pickle.PickleException;
import sc.fiji.neuralstyle.net.pth.TorchUnpickler.StorageRef;
import sc.fiji.neuralstyle.net.pth.TorchUnpickler.StorageType;
import sc.fiji.neuralstyle.net.pth.TorchUnpickler.TensorRef;

/**
 * The tar layout of PyTorch 0.1.6 to 0.1.9 (early 2017), kept because published weights use it: the
 * Caffe conversions of {@code models/vgg19-caffe.json} and {@code vgg16-caffe.json}
 * ({@code vgg19-d01eb7cb.pth}, {@code vgg16-00b39a1b.pth}) were made on 21 and 22 January 2017
 * (jcjohnson/pytorch-vgg), before PyTorch 0.1.10 replaced this layout (pytorch/pytorch#713, merged
 * in February 2017); torchvision's first ResNet files (e.g. {@code resnet18-5c106cde.pth}) have it too.
 * A tar
 * archive whose entry {@code storages} holds each storage (a pickled {@code (key, location, type)},
 * an int64 element count and the raw bytes) followed by a pickled list of storage views,
 * {@code tensors} holds each tensor's storage key, shape, strides and offset, and {@code pickle} holds
 * the saved object, which names tensors by persistent ids.
 */
final class TarLayout extends PthLayout {

	private final FileChannel channel;
	/** Tar entry name to {data position, size}. */
	private final Map<String, long[]> entries;
	/** Storage key to {file position of its data, element count}. */
	private final Map<String, long[]> data = new HashMap<>();
	/** Storage (or storage view) key to the storage. */
	private final Map<String, StorageRef> storages = new HashMap<>();
	private final Map<String, TensorRef> tensors = new HashMap<>();

	TarLayout(Path file) throws IOException {
		super(file);
		channel = FileChannel.open(file, StandardOpenOption.READ);
		try {
			entries = readEntries();
			for (String name : List.of("pickle", "tensors", "storages")) {
				if (!entries.containsKey(name)) {
					throw fail("it is a tar archive without the entry '" + name + "', so not a file saved "
						+ "by torch.save. Expected a .pth file saved with torch.save(model.state_dict(), ...).");
				}
			}
		}
		catch (RuntimeException | IOException e) {
			channel.close();
			throw e;
		}
	}

	private Map<String, long[]> readEntries() throws IOException {
		Map<String, long[]> result = new HashMap<>();
		long size = channel.size();
		long position = 0;
		String paxPath = null;
		Long paxSize = null;
		ByteBuffer header = ByteBuffer.allocate(512);
		while (position + 512 <= size) {
			header.clear();
			while (header.hasRemaining()) {
				if (channel.read(header, position + header.position()) < 0) throw new EOFException();
			}
			byte[] h = header.array();
			if (isZero(h)) break;
			String name = text(h, 0, 100);
			String namePrefix = text(h, 345, 155);
			if (!namePrefix.isEmpty()) name = namePrefix + "/" + name;
			long entrySize = octal(h, 124, 12);
			byte type = h[156];
			long start = position + 512;
			if (start + entrySize > size) {
				throw fail("it is a tar archive that ends early, in its entry '" + name + "'. The file is "
					+ "truncated, e.g. by an interrupted download; download it again.");
			}
			if (type == 'x' || type == 'g') {
				// PAX extended header: records "<length> <key>=<value>\n" for the next entry.
				ByteBuffer records = ByteBuffer.allocate((int) entrySize);
				channel.read(records, start);
				for (String record : new String(records.array(), StandardCharsets.UTF_8).split("\n")) {
					int space = record.indexOf(' ');
					int eq = record.indexOf('=');
					if (space < 0 || eq < space || type == 'g') continue;
					String key = record.substring(space + 1, eq);
					String value = record.substring(eq + 1);
					if (key.equals("path")) paxPath = value;
					if (key.equals("size")) paxSize = Long.parseLong(value);
				}
			}
			else {
				if (paxPath != null) name = paxPath;
				if (paxSize != null) entrySize = paxSize;
				paxPath = null;
				paxSize = null;
				if (type == '0' || type == 0) result.put(name, new long[] { start, entrySize });
			}
			position = start + (entrySize + 511) / 512 * 512;
		}
		return result;
	}

	@Override
	Object root() throws IOException {
		readStorages();
		readTensors();
		ChannelInput in = new ChannelInput(channel, entries.get("pickle")[0]);
		return new TorchUnpickler(this::persistentLoad).load(in);
	}

	private void readStorages() throws IOException {
		long[] entry = entries.get("storages");
		long end = entry[0] + entry[1];
		ChannelInput in = new ChannelInput(channel, entry[0]);
		TorchUnpickler unpickler = new TorchUnpickler(pid -> {
			throw new PickleException("unexpected persistent id in the storage list");
		});
		long count = TorchUnpickler.toLong(unpickler.load(in));
		for (long i = 0; i < count; i++) {
			Object[] info = (Object[]) unpickler.load(in); // (key, location, storage_type)
			if (!(info[2] instanceof StorageType type)) throw fail("storage " + i + " has an unknown type " + info[2]);
			String key = TorchUnpickler.asString(info[0]);
			long numel = in.readLongLE();
			long start = in.position();
			long next = start + numel * type.dtype().size;
			if (numel < 0 || next > end) {
				throw fail("it ends early in the middle of its tensor data. The file is truncated, e.g. by "
					+ "an interrupted download; download it again.");
			}
			data.put(key, new long[] { start, numel });
			storages.put(key, new StorageRef(key, type.dtype(), numel, 0));
			in.seek(next);
		}
		Object views = unpickler.load(in); // [(view_key, root_key, offset, numel), ...]
		for (Object v : (List<?>) views) {
			Object[] view = v instanceof List<?> l ? l.toArray() : (Object[]) v;
			StorageRef root = storage(view[1]);
			storages.put(TorchUnpickler.asString(view[0]),
				new StorageRef(root.key(), root.dtype(), root.numel(), TorchUnpickler.toLong(view[2])));
		}
	}

	private void readTensors() throws IOException {
		ChannelInput in = new ChannelInput(channel, entries.get("tensors")[0]);
		TorchUnpickler unpickler = new TorchUnpickler(pid -> {
			throw new PickleException("unexpected persistent id in the tensor list");
		});
		long count = TorchUnpickler.toLong(unpickler.load(in));
		for (long i = 0; i < count; i++) {
			Object[] info = (Object[]) unpickler.load(in); // (key, storage_key, tensor_type)
			int ndim = in.readIntLE();
			in.readIntLE(); // the old format wrote ndim as 8 bytes
			long[] shape = new long[ndim];
			long[] stride = new long[ndim];
			for (int d = 0; d < ndim; d++) shape[d] = in.readLongLE();
			for (int d = 0; d < ndim; d++) stride[d] = in.readLongLE();
			long offset = in.readLongLE();
			StorageRef storage = info[1] == null ? new StorageRef("", DType.FLOAT32, 0, 0) : storage(info[1]);
			tensors.put(TorchUnpickler.asString(info[0]),
				new TensorRef(storage, storage.viewOffset() + offset, shape, stride));
		}
	}

	private StorageRef storage(Object key) {
		StorageRef s = storages.get(TorchUnpickler.asString(key));
		if (s == null) throw fail("it refers to a storage " + key + " that it does not contain; the file is damaged.");
		return s;
	}

	/** Persistent ids are tensor or storage keys, or (class, source_file, source) for model classes. */
	private Object persistentLoad(Object pid) {
		if (pid instanceof Object[] tuple) return tuple[0];
		String key = TorchUnpickler.asString(pid);
		Object found = tensors.containsKey(key) ? tensors.get(key) : storages.get(key);
		if (found == null) throw fail("it refers to an object " + key + " that it does not contain; the file is damaged.");
		return found;
	}

	@Override
	InputStream open(StorageRef storage, long elementOffset, long count) {
		if (count == 0) return InputStream.nullInputStream();
		long[] where = data.get(storage.key());
		checkRange(storage, where[1], elementOffset, count);
		return new ChannelInput(channel, where[0] + elementOffset * storage.dtype().size);
	}

	private static boolean isZero(byte[] b) {
		for (byte x : b) if (x != 0) return false;
		return true;
	}

	private static String text(byte[] b, int offset, int length) {
		int end = offset;
		while (end < offset + length && b[end] != 0) end++;
		return new String(b, offset, end - offset, StandardCharsets.UTF_8);
	}

	private long octal(byte[] b, int offset, int length) {
		String s = text(b, offset, length).trim();
		try {
			return s.isEmpty() ? 0 : Long.parseLong(s, 8);
		}
		catch (NumberFormatException e) {
			throw fail("it is a tar archive with a damaged header (size '" + s + "'); download it again.");
		}
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}

	@Override
	public String toString() {
		return "tar layout " + file + " " + Arrays.toString(entries.keySet().toArray());
	}
}

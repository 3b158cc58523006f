package sc.fiji.neuralstyle.net.pth;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;


/**
 * The writing counterpart of {@link PthReader}, for fast-style models and checkpoints and for tests'
 * weights files. Writes float32 tensors as {@code torch.save} has written a state dict since PyTorch 1.6: a zip
 * archive (entries stored, not compressed) of {@code archive/data.pkl}, a pickle (protocol 2) of an
 * {@code OrderedDict} whose tensors are {@code torch._utils._rebuild_tensor_v2} calls on storages named
 * by persistent ids {@code ('storage', torch.FloatStorage, key, 'cpu', numel)};
 * {@code archive/data/<key>}, each storage's raw little-endian bytes, starting on a multiple of 64
 * bytes as torch aligns them; {@code archive/byteorder} ({@code little}, as PyTorch 2 writes it) and
 * {@code archive/version} ({@code 3}). The dict has no {@code _metadata} attribute, which
 * {@code load_state_dict} does not need. The same tensors give the same bytes.
 */
public final class PthWriter {

	/** The folder torch.save names the archive's entries under (PyTorch 2; 1.x used the file's stem). */
	public static final String ARCHIVE = "archive/";
	private static final int ALIGNMENT = 64;
	/** The padding extra field's id, as torch's writer: "FB". */
	private static final int PADDING_FIELD = 0x4246;
	/**
	 * A fixed time, so the same tensors give the same bytes (the JDK adds an extended timestamp field,
	 * which would misplace the data, for times at the very start of the DOS range).
	 */
	private static final LocalDateTime TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

	private PthWriter() {}

	/**
	 * Writes the tensors, in the map's order, and any extra entries ({@code archive/<name>}, which
	 * torch.load ignores), to a stream (to a file: through {@code files.AtomicFile}).
	 */
	public static void write(OutputStream target, Map<String, TensorData> tensors, Map<String, byte[]> extra) throws IOException {
		Counting counting = new Counting(target);
		ZipOutputStream zip = new ZipOutputStream(counting);
		store(zip, counting, ARCHIVE + "data.pkl", pickle(tensors));
		store(zip, counting, ARCHIVE + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
		int storage = 0;
		for (TensorData t : tensors.values()) store(zip, counting, ARCHIVE + "data/" + storage++, littleEndian(t.values()));
		for (Map.Entry<String, byte[]> e : extra.entrySet()) store(zip, counting, ARCHIVE + e.getKey(), e.getValue());
		store(zip, counting, ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
		zip.finish();
		zip.flush();
	}

	private static void store(ZipOutputStream zip, Counting counting, String name, byte[] data) throws IOException {
		ZipEntry entry = new ZipEntry(name);
		entry.setMethod(ZipEntry.STORED);
		entry.setSize(data.length);
		entry.setCompressedSize(data.length);
		CRC32 crc = new CRC32();
		crc.update(data);
		entry.setCrc(crc.getValue());
		entry.setTimeLocal(TIME);
		// The local header is 30 bytes, the name and the extra field: pad it so the data start aligned.
		int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
		long start = counting.count + 30 + nameBytes + 4;
		int padding = (int) ((ALIGNMENT - start % ALIGNMENT) % ALIGNMENT);
		byte[] field = new byte[4 + padding];
		ByteBuffer.wrap(field).order(ByteOrder.LITTLE_ENDIAN).putShort((short) PADDING_FIELD).putShort((short) padding);
		for (int i = 4; i < field.length; i++) field[i] = 'Z';
		entry.setExtra(field);
		zip.putNextEntry(entry);
		if (counting.count % ALIGNMENT != 0) throw new IllegalStateException("entry " + name + " starts unaligned");
		zip.write(data);
		zip.closeEntry();
	}

	private static byte[] littleEndian(float[] values) {
		ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(values);
		return bytes.array();
	}

	// -- the pickle --

	private static final int MARK = '(', STOP = '.', TUPLE = 't', REDUCE = 'R', SETITEMS = 'u', GLOBAL = 'c',
		EMPTY_TUPLE = ')', BINPERSID = 'Q', BINUNICODE = 'X', BININT = 'J', LONG1 = 0x8a, NEWFALSE = 0x89, PROTO = 0x80;

	private static byte[] pickle(Map<String, TensorData> tensors) {
		ByteArrayOutputStream p = new ByteArrayOutputStream();
		p.write(PROTO);
		p.write(2);
		orderedDict(p);
		p.write(MARK);
		int storage = 0;
		for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
			string(p, e.getKey());
			tensor(p, e.getValue(), storage++);
		}
		p.write(SETITEMS);
		p.write(STOP);
		return p.toByteArray();
	}

	/** {@code _rebuild_tensor_v2(storage, 0, shape, contiguous strides, False, OrderedDict())}. */
	private static void tensor(ByteArrayOutputStream p, TensorData t, int storage) {
		global(p, "torch._utils", "_rebuild_tensor_v2");
		p.write(MARK);
		p.write(MARK);
		string(p, "storage");
		global(p, "torch", "FloatStorage");
		string(p, Integer.toString(storage));
		string(p, "cpu");
		integer(p, t.values().length);
		p.write(TUPLE);
		p.write(BINPERSID);
		integer(p, 0);
		long[] shape = t.shape();
		p.write(MARK);
		for (long d : shape) integer(p, d);
		p.write(TUPLE);
		p.write(MARK);
		long stride = 1;
		long[] strides = new long[shape.length];
		for (int i = shape.length - 1; i >= 0; i--) {
			strides[i] = stride;
			stride *= shape[i];
		}
		for (long s : strides) integer(p, s);
		p.write(TUPLE);
		p.write(NEWFALSE);
		orderedDict(p);
		p.write(TUPLE);
		p.write(REDUCE);
	}

	private static void orderedDict(ByteArrayOutputStream p) {
		global(p, "collections", "OrderedDict");
		p.write(EMPTY_TUPLE);
		p.write(REDUCE);
	}

	private static void global(ByteArrayOutputStream p, String module, String name) {
		p.write(GLOBAL);
		p.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
	}

	private static void string(ByteArrayOutputStream p, String s) {
		byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
		p.write(BINUNICODE);
		p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
		p.writeBytes(utf8);
	}

	private static void integer(ByteArrayOutputStream p, long v) {
		if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
			p.write(BININT);
			p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
			return;
		}
		p.write(LONG1);
		p.write(8);
		p.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
	}

	/** Counts the bytes written through it, to place the entries' data. */
	private static final class Counting extends FilterOutputStream {

		long count;

		Counting(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			out.write(b);
			count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			out.write(b, off, len);
			count += len;
		}
	}
}

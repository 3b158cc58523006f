package sc.fiji.neuralstyle.it;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.net.TensorData;

/**
 * Writes a network's seeded test weights ({@link SeededWeights}) as a {@code .pth} file in the zip
 * layout {@code torch.save} uses since PyTorch 1.6, for tests that must hand a file to another JVM
 * (ImageJ running a macro). Made at test time because a committed file of GoogLeNet's random weights
 * would take 22 MB (11 MB as float16) and not compress. The pickle is what torch.save writes for a
 * state dict of float32 CPU tensors: an OrderedDict of {@code torch._utils._rebuild_tensor_v2}
 * calls, one storage per tensor.
 */
final class SeededPthFile {

	private static final int PROTO = 0x80;
	private static final int GLOBAL = 'c';
	private static final int EMPTY_TUPLE = ')';
	private static final int REDUCE = 'R';
	private static final int MARK = '(';
	private static final int TUPLE = 't';
	private static final int BINUNICODE = 'X';
	private static final int BININT = 'J';
	private static final int BINPERSID = 'Q';
	private static final int NEWFALSE = 0x89;
	private static final int SETITEMS = 'u';
	private static final int STOP = '.';

	private SeededPthFile() {}

	/** Writes the seeded weights of {@code network} (e.g. "googlenet") to {@code file}. */
	static Path write(String network, Path file) throws IOException {
		Map<String, TensorData> tensors = SeededWeights.forArchitecture(Architecture.parse(network));
		List<TensorData> list = new ArrayList<>(tensors.values());
		try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
			entry(zip, "archive/data.pkl", pickle(list));
			for (int i = 0; i < list.size(); i++) {
				float[] values = list.get(i).values();
				ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
				bytes.asFloatBuffer().put(values);
				entry(zip, "archive/data/" + i, bytes.array());
			}
			entry(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
			entry(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
		}
		return file;
	}

	private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(data);
		zip.closeEntry();
	}

	/** OrderedDict(key → _rebuild_tensor_v2(storage i, 0, shape, contiguous stride, False, OrderedDict())). */
	private static byte[] pickle(List<TensorData> tensors) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(buffer);
		out.write(PROTO);
		out.write(2);
		orderedDict(out);
		out.write(MARK);
		for (int i = 0; i < tensors.size(); i++) {
			TensorData t = tensors.get(i);
			string(out, t.key());
			global(out, "torch._utils", "_rebuild_tensor_v2");
			out.write(MARK);
			out.write(MARK);
			string(out, "storage");
			global(out, "torch", "FloatStorage");
			string(out, Integer.toString(i));
			string(out, "cpu");
			integer(out, t.values().length);
			out.write(TUPLE);
			out.write(BINPERSID);
			integer(out, 0);
			long[] shape = t.shape();
			long[] stride = new long[shape.length];
			long step = 1;
			for (int d = shape.length - 1; d >= 0; d--) {
				stride[d] = step;
				step *= shape[d];
			}
			tuple(out, shape);
			tuple(out, stride);
			out.write(NEWFALSE);
			orderedDict(out);
			out.write(TUPLE);
			out.write(REDUCE);
		}
		out.write(SETITEMS);
		out.write(STOP);
		out.flush();
		return buffer.toByteArray();
	}

	private static void orderedDict(DataOutputStream out) throws IOException {
		global(out, "collections", "OrderedDict");
		out.write(EMPTY_TUPLE);
		out.write(REDUCE);
	}

	private static void global(DataOutputStream out, String module, String name) throws IOException {
		out.write(GLOBAL);
		out.write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
	}

	private static void string(DataOutputStream out, String s) throws IOException {
		byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
		out.write(BINUNICODE);
		out.writeInt(Integer.reverseBytes(utf8.length));
		out.write(utf8);
	}

	private static void integer(DataOutputStream out, long value) throws IOException {
		out.write(BININT);
		out.writeInt(Integer.reverseBytes(Math.toIntExact(value)));
	}

	private static void tuple(DataOutputStream out, long[] values) throws IOException {
		out.write(MARK);
		for (long v : values) integer(out, v);
		out.write(TUPLE);
	}
}

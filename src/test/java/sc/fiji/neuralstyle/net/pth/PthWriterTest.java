package sc.fiji.neuralstyle.net.pth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What PthWriter writes reads back through PthReader, in torch's zip layout (that torch.load reads it
 * is fast.TorchRoundTripTest, where python3-torch is installed).
 */
class PthWriterTest {

	@TempDir
	Path tmp;

	private static Map<String, TensorData> tensors() {
		Map<String, TensorData> t = new LinkedHashMap<>();
		t.put("b.weight", new TensorData("b.weight", new long[] { 2, 3 }, new float[] { 1, -2, 3.5f, Float.MIN_VALUE, 0, 7 }));
		t.put("a.bias", new TensorData("a.bias", new long[] { 2 }, new float[] { 0.25f, -1e30f }));
		t.put("scalar", new TensorData("scalar", new long[0], new float[] { 42 }));
		t.put("empty", new TensorData("empty", new long[] { 0, 4 }, new float[0]));
		return t;
	}

	@Test
	void readsBackInOrderWithShapes() throws IOException {
		Path file = tmp.resolve("w.pth");
		try (OutputStream out = Files.newOutputStream(file)) {
			PthWriter.write(out, tensors(), Map.of("notes.txt", "hello".getBytes(StandardCharsets.UTF_8)));
		}
		Map<String, TensorData> read = PthReader.read(file, k -> true);
		assertEquals(List.of("b.weight", "a.bias", "scalar", "empty"), List.copyOf(read.keySet()));
		for (TensorData t : tensors().values()) {
			assertArrayEquals(t.shape(), read.get(t.key()).shape(), t.key());
			assertArrayEquals(t.values(), read.get(t.key()).values(), t.key());
		}
		try (ZipFile zip = new ZipFile(file.toFile())) {
			assertEquals("hello", new String(zip.getInputStream(zip.getEntry("archive/notes.txt")).readAllBytes(),
				StandardCharsets.UTF_8));
			assertEquals("3\n", new String(zip.getInputStream(zip.getEntry("archive/version")).readAllBytes(),
				StandardCharsets.US_ASCII));
			ZipEntry storage = zip.getEntry("archive/data/0");
			assertEquals(ZipEntry.STORED, storage.getMethod());
		}
	}

	/** Storages start on multiples of 64 bytes, as torch.save aligns them; the same tensors, the same bytes. */
	@Test
	void storagesAreAlignedAndBytesRepeat() throws IOException {
		ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
		PthWriter.write(a, tensors(), Map.of());
		PthWriter.write(b, tensors(), Map.of());
		assertArrayEquals(a.toByteArray(), b.toByteArray());
		byte[] bytes = a.toByteArray();
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		float[] first = tensors().get("b.weight").values();
		int at = text.indexOf("archive/data/0") + "archive/data/0".length();
		// past the local header's name and its padding field: the data, whose first float is 1.0f (LE)
		int data = text.indexOf(new String(new byte[] { 0, 0, (byte) 0x80, 0x3f }, StandardCharsets.ISO_8859_1), at);
		assertEquals(0, data % 64, "aligned");
		assertEquals(1f, first[0]);
	}
}

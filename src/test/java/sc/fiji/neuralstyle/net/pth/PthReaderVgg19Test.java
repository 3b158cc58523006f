package sc.fiji.neuralstyle.net.pth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.LayerSpec;

/**
 * torchvision's full VGG19 state dict (575 MB, all zeros but marker values, stored gzipped): the
 * convolution tensors {@link Architecture#VGG19} needs come out with the shapes of its layers and the
 * markers in place, and reading them allocates about their own size, not the file's.
 */
@Tag("slow")
class PthReaderVgg19Test {

	/** torchvision's vgg19-dcbb9e9d.pth is 574,673,361 bytes; the fixtures are within a few KB of it. */
	private static final long FILE_SIZE = 574_673_361L;

	@TempDir
	Path tmp;

	@ParameterizedTest
	@ValueSource(strings = { "zip", "legacy" })
	void convolutionTensorsLoadWithoutTheClassifier(String layout) throws IOException {
		Path file = tmp.resolve("vgg19-" + layout + ".pth");
		try (InputStream in = new GZIPInputStream(Files.newInputStream(
			PthReaderTest.fixture("vgg19-zeros-" + layout + ".pth.gz")), 1 << 16))
		{
			Files.copy(in, file);
		}
		assertTrue(Math.abs(Files.size(file) - FILE_SIZE) < 100_000, "a full-size VGG19 file");

		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		Architecture vgg19 = Architecture.VGG19;
		Map<String, TensorData> features = PthReader.read(file, vgg19.weightKeys());
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		for (LayerSpec.Conv conv : vgg19.convolutions()) {
			assertArrayEquals(conv.weightShape(), features.get(conv.weightKey()).shape(), conv.name());
			assertArrayEquals(conv.biasShape(), features.get(conv.biasKey()).shape(), conv.name());
		}

		assertEquals(32, features.size(), "16 convolutions, weight and bias each");
		long convBytes = 0;
		for (TensorData t : features.values()) convBytes += 4L * t.values().length;
		assertTrue(convBytes > 75_000_000 && convBytes < 85_000_000, "VGG19's conv weights are ~80 MB: " + convBytes);
		// The classifier (~470 MB) must never be read: allow the result, a 1 MB buffer and change.
		assertTrue(allocated < 1.5 * convBytes + 16_000_000,
			"allocated " + allocated + " bytes for " + convBytes + " bytes of tensors from a " + Files.size(file) + " byte file");

		int checked = 0;
		try (Reader r = Files.newBufferedReader(PthReaderTest.fixture("vgg19-markers.json"))) {
			for (JsonElement m : JsonParser.parseReader(r).getAsJsonArray()) {
				JsonObject marker = m.getAsJsonObject();
				String key = marker.get("key").getAsString();
				if (!key.startsWith("features.")) continue;
				float[] values = features.get(key).values();
				int index = marker.get("index").getAsInt();
				assertEquals(marker.get("value").getAsFloat(), values[index], key + "[" + index + "]");
				assertEquals(0f, values[index == 0 ? 1 : index - 1], key + " elsewhere zero");
				checked++;
			}
		}
		assertEquals(48, checked);
	}
}

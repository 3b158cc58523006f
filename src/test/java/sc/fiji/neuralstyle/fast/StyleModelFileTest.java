package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.neuralstyle.net.pth.PthReader;
import sc.fiji.neuralstyle.net.pth.PthWriter;
import sc.fiji.neuralstyle.net.pth.TensorData;

/** Reading their files, writing ours, and the messages for files that are not fast-style models. */
public class StyleModelFileTest {

	@TempDir
	Path tmp;

	/**
	 * The script's files (torch.save, both layouts; the legacy one with the running statistics of old
	 * checkpoints) give every tensor as saved: the first 64 values of each seeded, the rest 0.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "transformer-zip.pth.gz", "transformer-legacy.pth.gz" })
	void theirFilesLoad(String name) {
		Path file = FastFixtures.resource(name, tmp);
		Map<String, TensorData> read = StyleModelFile.read(file);
		assertEquals(TransformerLayout.keys(), List.copyOf(read.keySet()), "the layout's keys, in order");
		Map<String, TensorData> seeded = FastFixtures.seededStateDict();
		for (TensorData t : read.values()) {
			float[] expected = new float[t.values().length];
			System.arraycopy(seeded.get(t.key()).values(), 0, expected, 0, Math.min(64, expected.length));
			assertArrayEquals(expected, t.values(), t.key());
		}
	}

	@Test
	void legacyFileHasRunningStatisticsThatAreDropped() {
		Path file = FastFixtures.resource("transformer-legacy.pth.gz", tmp);
		Map<String, long[]> shapes = PthReader.shapes(file);
		assertTrue(shapes.containsKey("in1.running_mean") && shapes.containsKey("res5.in2.running_var"), "the fixture has them");
		StyleModelFile.check(file);
	}

	@Test
	void writtenModelsReadBackAndRepeatByteForByte() throws IOException {
		Path a = tmp.resolve("a.pth"), b = tmp.resolve("b.pth");
		StyleModelFile.write(a, FastFixtures.seededStateDict());
		StyleModelFile.write(b, FastFixtures.seededStateDict());
		assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
		Map<String, TensorData> read = StyleModelFile.read(a);
		for (TensorData t : FastFixtures.seededStateDict().values()) {
			assertArrayEquals(t.values(), read.get(t.key()).values(), t.key());
			assertArrayEquals(t.shape(), read.get(t.key()).shape(), t.key());
		}
		try (var files = Files.list(tmp)) {
			assertEquals(2, files.count(), "no temporary file left");
		}
	}

	@Test
	void featureNetworkWeightsAreNamedAsSuch() throws URISyntaxException {
		Path alexnet = Path.of(getClass().getResource("/fixtures/models/alexnet-seeded-f16.pth").toURI());
		ModelFileException e = assertThrows(ModelFileException.class, () -> StyleModelFile.check(alexnet));
		assertMessage(e, alexnet, "model: ", "feature network", "alexnet", "features.0.weight", "weights parameter");
		assertEquals("model", e.parameter());
	}

	@Test
	void otherNetworksNameMissingAndUnexpectedKeys() throws IOException {
		Map<String, TensorData> renamed = new LinkedHashMap<>();
		for (TensorData t : FastFixtures.seededStateDict().values()) {
			String key = t.key().startsWith("res") ? "block" + t.key().substring(3) : t.key();
			renamed.put(key, new TensorData(key, t.shape(), t.values()));
		}
		Path file = write("renamed.pth", renamed);
		ModelFileException e = assertThrows(ModelFileException.class, () -> StyleModelFile.read(file));
		assertMessage(e, file, "not a fast-style model", "lacks res1.conv1.conv2d.weight", "(40 of its 62 tensors)",
			"40 tensors it does not know: block1.conv1.conv2d.weight", "torch.save(model.state_dict()");
		assertFalse(e.getMessage().contains("res1.in2.weight"), "at most a few keys: " + e.getMessage());
	}

	@Test
	void otherChannelCountsAreRefused() throws IOException {
		Map<String, TensorData> narrow = new LinkedHashMap<>(FastFixtures.seededStateDict());
		narrow.put("conv1.conv2d.weight", new TensorData("conv1.conv2d.weight", new long[] { 16, 3, 9, 9 }, new float[16 * 243]));
		narrow.put("conv1.conv2d.bias", new TensorData("conv1.conv2d.bias", new long[] { 16 }, new float[16]));
		Path file = write("narrow.pth", narrow);
		ModelFileException e = assertThrows(ModelFileException.class, () -> StyleModelFile.check(file));
		assertMessage(e, file, "other channel counts", "conv1.conv2d.weight is [16, 3, 9, 9]", "has [32, 3, 9, 9]",
			"2 tensors differ", "32, 64 and 128 channels");
	}

	@Test
	void damagedFilesSayTheyCannotBeRead() throws IOException {
		Path whole = tmp.resolve("whole.pth");
		StyleModelFile.write(whole, FastFixtures.seededStateDict());
		byte[] bytes = Files.readAllBytes(whole);
		Path cut = tmp.resolve("cut.pth");
		Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
		assertMessage(assertThrows(ModelFileException.class, () -> StyleModelFile.read(cut)), cut, "model: cannot read",
			"damaged");
		Path text = Files.writeString(tmp.resolve("notes.pth"), "not a model\n");
		assertMessage(assertThrows(ModelFileException.class, () -> StyleModelFile.check(text)), text, "text file");
	}

	private Path write(String name, Map<String, TensorData> tensors) throws IOException {
		Path file = tmp.resolve(name);
		try (var out = Files.newOutputStream(file)) {
			PthWriter.write(out, tensors, Map.of());
		}
		return file;
	}

	public static void assertMessage(RuntimeException e, Path file, String... parts) {
		String message = e.getMessage();
		assertTrue(message.contains(file.toString()), "names the file: " + message);
		for (String part : parts) assertTrue(message.contains(part), "says '" + part + "': " + message);
		assertFalse(message.contains("null"), "no nulls in: " + message);
	}
}

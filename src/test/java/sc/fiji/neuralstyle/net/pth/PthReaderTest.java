package sc.fiji.neuralstyle.net.pth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sc.fiji.neuralstyle.net.WeightsException;

/** Fixtures come from scripts/make_pth_fixtures.py (PyTorch 1.13). */
public class PthReaderTest {

	/** Keys that are not plain contiguous float tensors, or that the tar fixture leaves out. */
	private static final Set<String> SPECIAL = Set.of("noncontig", "1.num_batches_tracked");

	@TempDir
	Path tmp;

	public static Path fixture(String name) {
		try {
			return Path.of(PthReaderTest.class.getResource("/fixtures/pth/" + name).toURI());
		}
		catch (URISyntaxException e) {
			throw new AssertionError(e);
		}
	}

	private static JsonObject expected() throws IOException {
		try (Reader r = Files.newBufferedReader(fixture("small-expected.json"))) {
			return JsonParser.parseReader(r).getAsJsonObject();
		}
	}

	private static void assertMatchesExpected(String key, TensorData t, JsonObject expected) {
		JsonObject e = expected.getAsJsonObject(key);
		long[] shape = e.getAsJsonArray("shape").asList().stream().mapToLong(JsonElement::getAsLong).toArray();
		assertArrayEquals(shape, t.shape(), key);
		List<JsonElement> values = e.getAsJsonArray("values").asList();
		assertEquals(values.size(), t.values().length, key);
		for (int i = 0; i < values.size(); i++) {
			assertEquals(values.get(i).getAsFloat(), t.values()[i], key + "[" + i + "]");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "small-zip.pth", "small-legacy.pth", "small-tar.pth" })
	void everyLayoutGivesTheValuesPyTorchSaved(String name) throws IOException {
		JsonObject expected = expected();
		Map<String, TensorData> read = PthReader.read(fixture(name), k -> !SPECIAL.contains(k));
		// float32, float16 and float64 tensors, a 0-d tensor, and views at offsets 5 and 20 of one storage
		Set<String> keys = expected.keySet();
		keys.removeAll(SPECIAL);
		assertEquals(keys, read.keySet());
		for (String key : keys) assertMatchesExpected(key, read.get(key), expected);
		assertEquals(0, read.get("scalar").shape().length);
		assertEquals(List.copyOf(keys), List.copyOf(read.keySet()), "the file's order");
	}

	@Test
	void readsOnlyWantedTensors() {
		Map<String, TensorData> read = PthReader.read(fixture("small-zip.pth"), "0.bias"::equals);
		assertEquals(Set.of("0.bias"), read.keySet());
		assertEquals("0.bias", read.get("0.bias").key());
	}

	@ParameterizedTest
	@ValueSource(strings = { "small-zip.pth", "small-legacy.pth", "small-tar.pth" })
	void shapesListEveryTensorWithoutReadingIt(String name) throws IOException {
		JsonObject expected = expected();
		Map<String, long[]> shapes = PthReader.shapes(fixture(name));
		Set<String> keys = expected.keySet();
		keys.removeAll(SPECIAL); // the tar fixture leaves them out
		shapes.keySet().removeAll(SPECIAL);
		assertEquals(List.copyOf(keys), List.copyOf(shapes.keySet()), "every tensor, in the file's order");
		for (String key : keys) {
			long[] shape = expected.getAsJsonObject(key).getAsJsonArray("shape").asList().stream()
				.mapToLong(JsonElement::getAsLong).toArray();
			assertArrayEquals(shape, shapes.get(key), key);
		}
	}

	@Test
	void shapesOfADamagedFileFailAsReadingDoes() throws IOException {
		byte[] whole = Files.readAllBytes(fixture("small-zip.pth"));
		Path cut = tmp.resolve("cut.pth");
		Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
		assertMessage(assertThrows(WeightsException.class, () -> PthReader.shapes(cut)), cut, "damaged or truncated");
	}

	@Test
	void unwrapsCheckpointDictAndStripsDataParallelPrefix() throws IOException {
		Path file = fixture("wrapped-prefixed.pth");
		Map<String, TensorData> read = PthReader.read(file, List.of("0.weight", "half"));
		assertMatchesExpected("0.weight", read.get("0.weight"), expected());
		assertMatchesExpected("half", read.get("half"), expected());
	}

	@Test
	void requiredKeysMustAllBePresent() {
		Path file = fixture("small-legacy.pth");
		WeightsException e = assertThrows(WeightsException.class,
			() -> PthReader.read(file, List.of("0.weight", "features.0.weight")));
		assertMessage(e, file, "features.0.weight");
	}

	@Test
	void wrongKeysSayWhatTheFileHas() {
		Path file = fixture("small-zip.pth");
		WeightsException e = assertThrows(WeightsException.class,
			() -> PthReader.read(file, k -> k.startsWith("features.")));
		assertMessage(e, file, "none of its", "0.weight");
	}

	@Test
	void nonContiguousTensorIsRejectedOnlyWhenWanted() {
		Path file = fixture("small-zip.pth");
		assertEquals(1, PthReader.read(file, "0.weight"::equals).size());
		WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(file, "noncontig"::equals));
		assertMessage(e, file, "noncontig", "non-contiguous", ".contiguous()");
	}

	@Test
	void integerTensorIsRejected() {
		Path file = fixture("small-legacy.pth");
		WeightsException e = assertThrows(WeightsException.class,
			() -> PthReader.read(file, "1.num_batches_tracked"::equals));
		assertMessage(e, file, "int64");
	}

	@ParameterizedTest
	@ValueSource(strings = { "whole-model.pth", "whole-model-legacy.pth" })
	void wholeModelAsksForStateDict(String name) {
		Path file = fixture(name);
		WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(file, k -> true));
		assertMessage(e, file, "whole pickled model", "torch.nn.modules.container.Sequential", "model.state_dict()");
	}

	@Test
	void torchScriptIsRecognised() {
		Path file = fixture("torchscript.pt");
		WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(file, k -> true));
		assertMessage(e, file, "TorchScript", "torch.jit.load");
	}

	@ParameterizedTest
	@ValueSource(strings = { "small-zip.pth", "small-legacy.pth" })
	void truncatedCopiesFail(String name) throws IOException {
		byte[] whole = Files.readAllBytes(fixture(name));
		for (int length : new int[] { 1, 100, whole.length / 2, whole.length - 1 }) {
			assertTruncatedFails(whole, length, name);
		}
	}

	@Test
	void truncatedTarLayoutFails() throws IOException {
		byte[] whole = Files.readAllBytes(fixture("small-tar.pth"));
		// The tar's data ends at byte 5573; tar padding follows.
		for (int length : new int[] { 100, 2000, 5000, 5572 }) assertTruncatedFails(whole, length, "small-tar.pth");
	}

	private void assertTruncatedFails(byte[] whole, int length, String name) throws IOException {
		Path file = tmp.resolve(name + "-" + length);
		Files.write(file, Arrays.copyOf(whole, length));
		WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(file, k -> !SPECIAL.contains(k)),
			name + " cut to " + length + " bytes");
		assertMessage(e, file);
	}

	@Test
	void pngIsNamed() throws IOException {
		Path file = tmp.resolve("weights.pth");
		byte[] png = Arrays.copyOf(new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R' }, 600);
		Files.write(file, png);
		assertMessage(assertThrows(WeightsException.class, () -> PthReader.read(file, k -> true)), file, "PNG image");
	}

	@Test
	void htmlErrorPageIsNamed() throws IOException {
		Path file = tmp.resolve("vgg19.pth");
		Files.writeString(file, "<!DOCTYPE html>\n<html><body>Access denied</body></html>\n");
		assertMessage(assertThrows(WeightsException.class, () -> PthReader.read(file, k -> true)), file, "web page");
	}

	@Test
	void textFileIsNamed() throws IOException {
		Path file = tmp.resolve("notes.pth");
		Files.writeString(file, "these are not weights\n");
		assertMessage(assertThrows(WeightsException.class, () -> PthReader.read(file, k -> true)), file, "text file");
	}

	@Test
	void randomBytesFail() throws IOException {
		Random random = new Random(7);
		for (int i = 0; i < 20; i++) {
			byte[] junk = new byte[4096];
			random.nextBytes(junk);
			if (i == 1) junk[0] = (byte) 0x80; // looks like a pickle
			if (i == 1) junk[1] = 2;
			if (i == 2) System.arraycopy(new byte[] { 'P', 'K', 3, 4 }, 0, junk, 0, 4); // looks like a zip
			Path file = tmp.resolve("junk" + i + ".pth");
			Files.write(file, junk);
			assertMessage(assertThrows(WeightsException.class, () -> PthReader.read(file, k -> true)), file);
		}
	}

	@Test
	void emptyAndMissingFilesFail() throws IOException {
		Path empty = Files.createFile(tmp.resolve("empty.pth"));
		assertMessage(assertThrows(WeightsException.class, () -> PthReader.read(empty, k -> true)), empty, "empty");
		Path missing = tmp.resolve("missing.pth");
		assertMessage(assertThrows(WeightsException.class, () -> PthReader.read(missing, k -> true)), missing,
			"does not exist");
		assertMessage(assertThrows(WeightsException.class, () -> PthReader.read(tmp, k -> true)), tmp, "directory");
	}

	@Test
	void halfPrecisionConversion() {
		assertEquals(1.0f, StorageDecoder.halfToFloat((short) 0x3c00));
		assertEquals(-2.0f, StorageDecoder.halfToFloat((short) 0xc000));
		assertEquals(65504.0f, StorageDecoder.halfToFloat((short) 0x7bff));
		assertEquals(0x1p-24f, StorageDecoder.halfToFloat((short) 0x0001));
		assertEquals(0x1p-14f, StorageDecoder.halfToFloat((short) 0x0400));
		assertEquals(-0.0f, StorageDecoder.halfToFloat((short) 0x8000));
		assertEquals(Float.POSITIVE_INFINITY, StorageDecoder.halfToFloat((short) 0x7c00));
		assertTrue(Float.isNaN(StorageDecoder.halfToFloat((short) 0x7e00)));
	}

	static void assertMessage(WeightsException e, Path file, String... parts) {
		String message = e.getMessage();
		assertTrue(message.contains(file.toString()), "names the file: " + message);
		for (String part : parts) assertTrue(message.contains(part), "says '" + part + "': " + message);
		assertFalse(message.contains("null"), "no nulls in: " + message);
	}
}

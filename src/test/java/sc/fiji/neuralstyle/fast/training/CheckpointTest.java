package sc.fiji.neuralstyle.fast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.fast.StyleModelFileTest;
import sc.fiji.neuralstyle.fast.FastFixtures;
import sc.fiji.neuralstyle.net.pth.PthReader;
import sc.fiji.neuralstyle.net.pth.TensorData;
import sc.fiji.neuralstyle.fast.ModelFileException;
import sc.fiji.neuralstyle.fast.StyleModelFile;

/** A checkpoint holds the run's whole state, reads back exactly, and is refused when damaged. */
class CheckpointTest {

	@TempDir
	Path tmp;

	private static Checkpoint checkpoint() {
		Map<String, TensorData> adam = new LinkedHashMap<>();
		for (TensorData t : FastFixtures.seededStateDict().values()) {
			adam.put(ParameterAdam.FIRST + t.key(), new TensorData(ParameterAdam.FIRST + t.key(), t.shape(), t.values()));
			adam.put(ParameterAdam.SECOND + t.key(), new TensorData(ParameterAdam.SECOND + t.key(), t.shape(), t.values()));
		}
		Map<String, String> identity = new TreeMap<>(Map.of("seed", "7", "images", "a, b = c\nd", "styles", "ff00"));
		List<StepRecord> history = List.of(new StepRecord(1, 0.1 + 0.2, 1e-30, 3, 4, 0, 15),
			new StepRecord(2, Math.PI, 2, 3, 4, 5, 30));
		return new Checkpoint(2, identity, FastFixtures.seededStateDict(), adam, 2, history);
	}

	@Test
	void readsBackWhatWasWritten() throws IOException {
		Path file = tmp.resolve("c.pth");
		Checkpoint written = checkpoint();
		written.write(file);
		Checkpoint read = Checkpoint.read(file);
		assertEquals(2, read.step());
		assertEquals(2, read.adamSteps());
		assertEquals(written.identity(), read.identity());
		assertEquals(written.history(), read.history(), "losses exactly");
		assertEquals(written.model().keySet(), read.model().keySet());
		for (String key : written.model().keySet()) {
			assertArrayEquals(written.model().get(key).values(), read.model().get(key).values(), key);
			assertArrayEquals(written.adam().get(ParameterAdam.SECOND + key).values(), read.adam().get(ParameterAdam.SECOND
				+ key).values(), key);
		}
		assertEquals(3 * 62, PthReader.shapes(file).size(), "a state dict torch.load reads");
		Path again = tmp.resolve("again.pth");
		checkpoint().write(again);
		assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again), "the same state, the same bytes");
	}

	@Test
	void damagedCheckpointsAreRefused() throws IOException {
		Path file = tmp.resolve("c.pth");
		checkpoint().write(file);
		byte[] bytes = Files.readAllBytes(file);
		Path cut = tmp.resolve("cut.pth");
		Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
		StyleModelFileTest.assertMessage(assertThrows(ModelFileException.class, () -> Checkpoint.read(cut)), cut,
			"checkpoint: ", "damaged");
		Path flipped = tmp.resolve("flipped.pth");
		bytes[bytes.length / 3] ^= 1;
		Files.write(flipped, bytes);
		StyleModelFileTest.assertMessage(assertThrows(ModelFileException.class, () -> Checkpoint.read(flipped)), flipped,
			"does not match its checksum");
		Path model = tmp.resolve("model.pth");
		StyleModelFile.write(model, FastFixtures.seededStateDict());
		StyleModelFileTest.assertMessage(assertThrows(ModelFileException.class, () -> Checkpoint.read(model)), model,
			"checkpoint: ", "training.properties");
	}
}

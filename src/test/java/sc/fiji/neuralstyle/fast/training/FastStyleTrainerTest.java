package sc.fiji.neuralstyle.fast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.fast.StyleModelFileTest;
import sc.fiji.neuralstyle.fast.FastFixtures;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.net.pth.TensorData;
import sc.fiji.neuralstyle.fast.ModelFileException;
import sc.fiji.neuralstyle.fast.training.Sampling;
import sc.fiji.neuralstyle.fast.StyleModelFile;

/**
 * The training loop on tiny seeded images with the tests' AlexNet: checkpoints, continuing, cancel,
 * the checks before the work, the temporal loss's pairs. (That a step equals PyTorch's is
 * {@link TrainingStepTest}.)
 */
class FastStyleTrainerTest {

	private static NDManager manager;
	private static FeatureNetwork alexnet;

	@TempDir
	Path tmp;

	@BeforeAll
	static void setUp() {
		manager = NDManager.newBaseManager();
		alexnet = FastFixtures.alexnet(manager);
	}

	@AfterAll
	static void tearDown() {
		alexnet.close();
		manager.close();
	}

	/** Seeded RGB images in [0, 1]; with {@code sequence} each follows the one before. */
	static TrainingImages images(int count, int width, int height, boolean sequence) {
		return new TrainingImages() {

			@Override
			public int size() {
				return count;
			}

			@Override
			public FloatImage read(int index) {
				if (sequence) return shifted(width, height, index);
				float[] v = SeededWeights.values(4000 + index, 3 * width * height, 0.5, 0.5);
				return new FloatImage(width, height, 3, v);
			}

			@Override
			public boolean follows(int index) {
				return sequence && index > 0;
			}

			@Override
			public String identity() {
				return count + " seeded " + width + "x" + height + (sequence ? " sequence" : "");
			}
		};
	}

	/** A smooth pattern moved right by {@code index} pixels: frames of a sequence with a known flow. */
	static FloatImage shifted(int width, int height, int index) {
		float[] v = new float[3 * width * height];
		for (int c = 0; c < 3; c++) {
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					double u = (x - index) * 0.3, w = y * 0.25;
					v[(c * height + y) * width + x] = (float) (0.5 + 0.4 * Math.sin(u + c) * Math.cos(w - c));
				}
			}
		}
		return new FloatImage(width, height, 3, v);
	}

	static TrainingSettings settings(int steps, double temporalWeight) {
		return new TrainingSettings(steps, 2, 1e-3, 7, 32, Sampling.CROP, "alexnet seeded", LayerWeights.parse("relu1",
			"content_layers"), LayerWeights.parse("relu1,relu2", "style_layers"), 1, 1000, 10, temporalWeight,
			new double[] { 1 }, 2, 0);
	}

	static FastStyleTrainer.Inputs inputs(TrainingImages images) {
		FloatImage style = new FloatImage(36, 36, 3, SeededWeights.values(4100, 3 * 36 * 36, 0.5, 0.5));
		return new FastStyleTrainer.Inputs(images, List.of(style), alexnet, Preprocessing.TORCHVISION, null);
	}

	/** Records what a listener hears, and cancels before a given step. */
	static final class Recorder implements TrainingListener {

		final List<StepRecord> steps = new ArrayList<>();
		final List<Integer> checkpoints = new ArrayList<>();
		int firstStep = -1;
		int historyAtStart;
		int cancelBefore = Integer.MAX_VALUE;
		int asked;

		@Override
		public void started(int first, int total, List<StepRecord> history) {
			firstStep = first;
			historyAtStart = history.size();
		}

		@Override
		public void step(StepRecord record, int total) {
			steps.add(record);
		}

		@Override
		public void checkpoint(Path file, int step) {
			checkpoints.add(step);
		}

		@Override
		public boolean isCancelled() {
			return ++asked >= cancelBefore;
		}
	}

	private TrainingResult train(TrainingSettings s, TrainingImages images, Path model, Recorder listener) throws IOException {
		return FastStyleTrainer.train(s, inputs(images), model, FastStyleTrainer.defaultCheckpoint(model), listener, manager);
	}

	/**
	 * Four steps with checkpoints every two write the model from the last; a run of two continued to
	 * four takes the same steps as the run of four (same losses, same model).
	 */
	@Test
	void checkpointsAndContinuingTakeTheStepsOfOneRun() throws IOException {
		TrainingImages images = images(3, 40, 36, false);
		Path whole = tmp.resolve("whole.pth");
		Recorder one = new Recorder();
		TrainingResult result = train(settings(4, 0), images, whole, one);
		assertEquals(List.of(2, 4), one.checkpoints);
		assertEquals(4, result.stepsDone());
		assertTrue(result.modelWritten() && !result.cancelled());
		assertEquals(4, result.history().size());
		assertTrue(Files.exists(tmp.resolve("whole.checkpoint.pth")));

		Path split = tmp.resolve("split.pth");
		train(settings(2, 0), images, split, new Recorder());
		Recorder second = new Recorder();
		TrainingResult continued = train(settings(4, 0), images, split, second);
		assertEquals(2, second.firstStep, "continues at the checkpoint");
		assertEquals(2, second.historyAtStart, "with the earlier steps' losses");
		assertEquals(List.of(3, 4), second.steps.stream().map(StepRecord::step).toList());
		for (int i = 0; i < 4; i++) {
			assertEquals(result.history().get(i).total(), continued.history().get(i).total(), 1e-6 * result.history().get(i)
				.total(), "step " + (i + 1) + "'s loss");
		}
		Map<String, TensorData> a = StyleModelFile.read(whole), b = StyleModelFile.read(split);
		for (String key : a.keySet()) FastFixtures.assertClose(a.get(key).values(), b.get(key).values(), 1e-5, key);
		assertNotEquals(Arrays.toString(a.get("in5.bias").values()), Arrays.toString(new float[32]), "it trained");
	}

	/** A cancel keeps the last checkpoint and writes the model from it; before any checkpoint, no model. */
	@Test
	void cancelWritesTheModelFromTheLastCheckpoint() throws IOException {
		TrainingImages images = images(3, 40, 36, false);
		Path model = tmp.resolve("cancelled.pth");
		Recorder listener = new Recorder();
		listener.cancelBefore = 4; // asked before steps 1, 2, 3: cancelled before step 4
		TrainingResult result = train(settings(6, 0), images, model, listener);
		assertTrue(result.cancelled());
		assertEquals(3, listener.steps.size());
		assertEquals(2, result.stepsDone(), "the checkpoint's steps");
		Checkpoint checkpoint = Checkpoint.read(FastStyleTrainer.defaultCheckpoint(model));
		assertEquals(2, checkpoint.step());
		for (Map.Entry<String, TensorData> e : StyleModelFile.read(model).entrySet()) {
			assertArrayEquals(checkpoint.model().get(e.getKey()).values(), e.getValue().values(), e.getKey());
		}

		Path early = tmp.resolve("early.pth");
		Recorder soon = new Recorder();
		soon.cancelBefore = 2;
		TrainingResult none = train(settings(6, 0), images, early, soon);
		assertFalse(none.modelWritten());
		assertFalse(Files.exists(early));
	}

	@Test
	void aCheckpointOfOtherSettingsOrDamagedIsRefused() throws IOException {
		TrainingImages images = images(3, 40, 36, false);
		Path model = tmp.resolve("m.pth");
		Path checkpoint = FastStyleTrainer.defaultCheckpoint(model);
		train(settings(2, 0), images, model, new Recorder());
		TrainingSettings faster = new TrainingSettings(4, 2, 1e-2, 7, 32, Sampling.CROP, "alexnet seeded", LayerWeights
			.parse("relu1", "content_layers"), LayerWeights.parse("relu1,relu2", "style_layers"), 1, 1000, 10, 0,
			new double[] { 1 }, 2, 0);
		ModelFileException e = assertThrows(ModelFileException.class, () -> FastStyleTrainer.check(faster, inputs(images),
			model, checkpoint));
		StyleModelFileTest.assertMessage(e, checkpoint, "checkpoint: ", "other settings", "learning_rate 0.001 (now 0.01)",
			"delete it");
		ModelFileException other = assertThrows(ModelFileException.class, () -> FastStyleTrainer.check(settings(4, 0), inputs(
			images(4, 40, 36, false)), model, checkpoint));
		assertTrue(other.getMessage().contains("images"), other.getMessage());

		byte[] bytes = Files.readAllBytes(checkpoint);
		bytes[bytes.length / 2] ^= 0x55;
		Files.write(checkpoint, bytes);
		ModelFileException damaged = assertThrows(ModelFileException.class, () -> FastStyleTrainer.check(settings(4, 0),
			inputs(images), model, checkpoint));
		StyleModelFileTest.assertMessage(damaged, checkpoint, "checkpoint: ", "damaged", "delete it to train from the start");
	}

	@Test
	void badInputIsRefusedBeforeAnyWork() throws IOException {
		Path model = tmp.resolve("m.pth");
		Path checkpoint = FastStyleTrainer.defaultCheckpoint(model);
		assertMessage(() -> FastStyleTrainer.check(settings(4, 0), inputs(images(0, 40, 36, false)), model, checkpoint),
			"content: there are no images");
		assertMessage(() -> FastStyleTrainer.check(settings(4, 0), inputs(images(1, 40, 36, false)), model, checkpoint),
			"batch_size: 2 is more than the 1 training image; give at most 1");
		assertMessage(() -> FastStyleTrainer.check(settings(4, 1), inputs(images(4, 40, 36, false)), model, checkpoint),
			"temporal_weight: the training images have no consecutive frames");
		assertMessage(() -> FastStyleTrainer.check(settings(4, 1), inputs(images(2, 40, 36, true)), model, checkpoint),
			"batch_size: 2 is more than the 1 pair of consecutive frames");
		TrainingSettings tiny = new TrainingSettings(4, 2, 1e-3, 7, 8, Sampling.CROP, "alexnet seeded", LayerWeights.parse(
			"relu1", "content_layers"), LayerWeights.parse("relu1,relu2", "style_layers"), 1, 1000, 10, 0, new double[] { 1 },
			2, 0);
		assertMessage(() -> FastStyleTrainer.check(tiny, inputs(images(3, 40, 36, false)), model, checkpoint),
			"size: 8 px is too small for the layers of alexnet; give at least");

		Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
		assertMessage(() -> FastStyleTrainer.check(settings(4, 0), inputs(images(3, 40, 36, false)), model, notAFolder
			.resolve("c.pth")), "checkpoint: " + notAFolder.resolve("c.pth") + " cannot be written: " + notAFolder
				+ " is not a folder; create it or choose another folder");
		Path locked = Files.createDirectory(tmp.resolve("locked"));
		Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
		try {
			if (Files.isWritable(locked)) return; // root ignores permissions: nothing to check here
			assertMessage(() -> FastStyleTrainer.check(settings(4, 0), inputs(images(3, 40, 36, false)), model, locked.resolve(
				"c.pth")), "checkpoint: ");
		}
		finally {
			Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
	}

	private static void assertMessage(org.junit.jupiter.api.function.Executable check, String start) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, check);
		assertTrue(e.getMessage().startsWith(start), e.getMessage());
	}

	/** With temporal_weight, batches are pairs of consecutive frames and the temporal term is part of the loss. */
	@Test
	void temporalTrainingCarriesTheTemporalTerm() throws IOException {
		TrainingImages sequence = images(3, 40, 36, true);
		Recorder listener = new Recorder();
		TrainingResult result = train(settings(3, 5), sequence, tmp.resolve("temporal.pth"), listener);
		assertEquals(3, result.stepsDone());
		for (StepRecord r : listener.steps) assertTrue(r.temporal() > 0, "a temporal term: " + r);
	}
}

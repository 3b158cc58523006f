package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.net.weights.DownloadListener;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.net.weights.WeightStore;

/** Each network's weights file: verified, missing (how to get it) or damaged. */
class WeightsCheckTest {

	private static final byte[] CONTENT = new byte[50_000];
	static {
		new Random(3).nextBytes(CONTENT);
	}

	@TempDir
	Path models;

	private static ModelDescriptor network() throws Exception {
		String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT));
		return new ModelDescriptor("tiny", "test weights", "alexnet", "https://example.invalid/tiny.pth", "tiny.pth", sha,
			(long) CONTENT.length, ModelDescriptor.PYTORCH_STATE_DICT, Preprocessing.TORCHVISION);
	}

	private Check check(ModelDescriptor d, boolean downloads) {
		return WeightsCheck.of(d, new WeightStore(models, downloads), DownloadListener.NONE, n -> "run get " + n);
	}

	@Test
	void aMissingFileIsAWarningThatSaysHowToGetIt() throws Exception {
		Check c = check(network(), true);
		assertEquals("warning  tiny weights: not downloaded yet (0.1 MB, " + models.resolve("tiny.pth") + "); a run downloads "
			+ "it on first use; to fetch it now run get tiny, or download https://example.invalid/tiny.pth and save it as "
			+ models.resolve("tiny.pth"), c.line());
		assertTrue(check(network(), false).todo().startsWith("runs may not download it (offline mode); fetch it now: run get tiny"));
	}

	@Test
	void aDamagedFileFails() throws Exception {
		byte[] damaged = CONTENT.clone();
		damaged[100] ^= 1;
		Files.write(models.resolve("tiny.pth"), damaged);
		Check c = check(network(), true);
		assertEquals(Check.Status.FAILED, c.status());
		assertTrue(c.detail().startsWith("The file " + models.resolve("tiny.pth") + " is not the expected tiny weights file: "
			+ "its SHA-256 is "), c.detail());
		assertEquals("download it again: run get tiny replaces it once the new file is checked", c.todo());
		assertTrue(c.line().contains(".pth; download it again"), "one sentence and its todo, no '.;': " + c.line());
		Files.write(models.resolve("tiny.pth"), new byte[10]);
		assertTrue(check(network(), true).detail().contains("it is 10 bytes instead of 50000 (an incomplete or different "
			+ "file)"), "a short file is refused by its size");
	}

	@Test
	void theRightFileIsVerifiedThenTrustedByItsMarker() throws Exception {
		Files.write(models.resolve("tiny.pth"), CONTENT);
		Check first = check(network(), true);
		assertEquals("ok       tiny weights: " + models.resolve("tiny.pth") + " (0.1 MB), verified (checked now)", first.line());
		assertTrue(Files.exists(models.resolve("tiny.pth.verified")), "the check is recorded");
		assertEquals(Check.Status.OK, check(network(), true).status());
		assertTrue(check(network(), true).detail().endsWith("verified (checked before)"));
	}

	@Test
	void theFilesOfTheNetworksAreDamagedOrMissingNotWronglyOk() throws IOException {
		// A file with the name of a real network's weights, but not its content: a failure.
		ModelDescriptor vgg19 = ModelDescriptor.load("vgg19");
		Files.write(models.resolve(vgg19.file()), CONTENT);
		Check c = WeightsCheck.of(vgg19, new WeightStore(models, true), DownloadListener.NONE, n -> "x");
		assertEquals(Check.Status.FAILED, c.status(), c.line());
	}
}

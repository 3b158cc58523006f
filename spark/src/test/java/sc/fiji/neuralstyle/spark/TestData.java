package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.image.ImageFiles;

/** Tiny seeded images, the seeded AlexNet weights of the neural-style tests, and checks of a result folder. */
final class TestData {

	/** The seeded AlexNet weights (torchvision's layout) of the neural-style module's tests. */
	static final Path WEIGHTS = Path.of(System.getProperty("neuralstyle.fixtures", "../src/test/resources/fixtures"),
		"models", "alexnet-seeded-f16.pth").toAbsolutePath().normalize();

	private TestData() {}

	/** Options for tiny, fast jobs with the test weights. */
	static List<String> tinyOptions(int iterations) {
		return List.of("--network", "alexnet", "--weights", WEIGHTS.toString(), "--size", "64", "--iterations",
			Integer.toString(iterations), "--device", "cpu");
	}

	/** A seeded RGB image of noise in blocks (some structure for the features), 64 × 64. */
	static Path rgb(Path file, long seed) throws IOException {
		Random random = new Random(seed);
		ColorProcessor ip = new ColorProcessor(64, 64);
		for (int y = 0; y < 64; y += 8) {
			for (int x = 0; x < 64; x += 8) {
				ip.setColor(new java.awt.Color(random.nextInt(1 << 24)));
				ip.fillRect(x, y, 8, 8);
			}
		}
		ImageFiles.write(new ImagePlus(file.getFileName().toString(), ip), file);
		return file;
	}

	/** A seeded 8-bit gray image, 64 × 64. */
	static Path gray(Path file, long seed) throws IOException {
		Random random = new Random(seed);
		byte[] pixels = new byte[64 * 64];
		random.nextBytes(pixels);
		ImageFiles.write(new ImagePlus(file.getFileName().toString(), new ByteProcessor(64, 64, pixels)), file);
		return file;
	}

	/** A file with an image's name and no image in it. */
	static Path broken(Path file) throws IOException {
		Files.writeString(file, "this is not a PNG\n");
		return file;
	}

	/** The files in a folder and its subfolders, relative to it, sorted. */
	static List<String> files(Path folder) throws IOException {
		try (Stream<Path> all = Files.walk(folder)) {
			return all.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
		}
	}

	/** No temporary file of a writer (nor a stack's scratch folder) is left anywhere under the folder. */
	static void assertNoTemporaryFiles(Path folder) throws IOException {
		List<String> temporary = new ArrayList<>();
		for (String f : files(folder)) {
			String name = Path.of(f).getFileName().toString();
			if (name.endsWith(".part") || name.endsWith(".tmp") || f.contains(".planes/")) temporary.add(f);
		}
		assertEquals(List.of(), temporary, "temporary files left in " + folder);
	}

	/** A result image opens with the size the job asked for, and its loss log has one row per evaluation. */
	static void assertComplete(Path result, Path lossLog, int iterations) throws IOException {
		ImagePlus imp = ImageFiles.read(result);
		assertEquals(64, Math.max(imp.getWidth(), imp.getHeight()), result + " has the size asked for");
		List<String> lines = Files.readAllLines(lossLog);
		assertEquals(LossRecord.CSV_HEADER, lines.get(0));
		assertEquals(iterations + 1, lines.size(), lossLog + ": the header and one row per evaluation");
		for (String line : lines.subList(1, lines.size())) {
			assertTrue(Double.isFinite(Double.parseDouble(line.split(",")[1])), line);
		}
	}
}

package sc.fiji.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;

/** samples/README.md says what each sample is; its sizes (width×height) and types must be the files'. */
class SampleImagesTest {

	private static final Pattern ROW = Pattern.compile("^\\| (\\S+\\.(?:png|jpg)) \\|.*\\| (\\d+)×(\\d+) (RGB|gray) \\|.*");

	@Test
	void theTableGivesEachSamplesSizeAndType() throws IOException {
		List<String> checked = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("samples", "README.md"))) {
			Matcher m = ROW.matcher(line);
			if (!m.matches()) continue;
			ImagePlus imp = ImageFiles.read(Path.of("samples", m.group(1)));
			// cell.png was given as 660×550.
			assertEquals(m.group(2) + "×" + m.group(3), imp.getWidth() + "×" + imp.getHeight(), m.group(1));
			assertEquals(m.group(4), imp.getBitDepth() == 24 ? "RGB" : "gray", m.group(1));
			checked.add(m.group(1));
		}
		try (var files = Files.list(Path.of("samples"))) {
			long images = files.filter(p -> p.toString().matches(".*\\.(png|jpg)")).count();
			assertEquals(images, checked.size(), "every sample has a row: " + checked);
		}
		assertTrue(checked.contains("cell.png"), checked.toString());
	}
}

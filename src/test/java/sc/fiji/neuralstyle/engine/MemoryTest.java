package sc.fiji.neuralstyle.engine;

import sc.fiji.neuralstyle.params.Params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A long run at 128 px must not grow the process's resident memory after the first iterations:
 * every temporary NDArray is freed each iteration.
 */
@Tag("slow")
class MemoryTest {

	@Test
	void residentMemoryStaysFlatOver300Iterations() {
		DjlSetup.pytorch();
		long[] rss = new long[2];
		ProgressListener probe = new ProgressListener() {
			@Override
			public void iteration(LossRecord record, int iterations, Supplier<FloatImage> preview) {
				if (record.iteration() == 20) rss[0] = residentKb();
				if (record.iteration() == iterations - 1) rss[1] = residentKb();
			}
		};
		StyleSettings settings = Params.defaultSettings().toBuilder().network("vgg19").size(128).iterations(300).init(Init.NOISE)
			.contentWeight(1e3).styleWeight(1e6).build();
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			StyleResult result = transfer.run(StyleTransferTest.random(128, 128, 3, 1),
				StyleTransferTest.random(128, 128, 3, 2), null, probe);
			assertEquals(300, result.losses().size());
		}
		double growth = (double) (rss[1] - rss[0]) / rss[0];
		System.out.printf("RSS after 20 iterations %d kB, after 300 %d kB (%+.1f%%)%n", rss[0], rss[1], 100 * growth);
		assertTrue(growth < 0.05, "RSS grew by " + Math.round(100 * growth) + "% between iteration 20 and 300");
	}

	static long residentKb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D+", ""));
			}
		}
		catch (IOException e) {
			throw new IllegalStateException("Cannot read /proc/self/status", e);
		}
		throw new IllegalStateException("No VmRSS in /proc/self/status");
	}
}

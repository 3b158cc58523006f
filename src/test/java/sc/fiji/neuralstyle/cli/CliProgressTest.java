package sc.fiji.neuralstyle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.net.ModelDescriptor;

/**
 * The progress where standard error is a file or a pipe (issue 21: the bar's carriage returns read as
 * blank lines there, and status lines were glued to it): plain lines, one per tenth of the work.
 */
class CliProgressTest {

	@Test
	void aRedirectedRunGetsOneLinePerTenthAndNoCarriageReturn() {
		StringWriter text = new StringWriter();
		try (CliProgress progress = new CliProgress(new PrintWriter(text, true), false, 0, (p, i, image) -> { }, "frame",
			() -> false, false))
		{
			progress.planeStarted(0, 2);
			progress.status("Loading alexnet weights");
			double[] work = { 0.05, 0.12, 0.18, 0.31, 0.52, 0.55, 0.99, 1.0 };
			for (int i = 0; i < work.length; i++) {
				if (i == 4) {
					progress.planeStarted(1, 2);
					progress.status("Optical flow from the previous plane (48×36 px)");
				}
				progress.iteration(new LossRecord(i % 4, 10 - i, 1, 1, 0, 0, 48), 4, work[i], () -> null);
			}
		}
		String out = text.toString();
		assertFalse(out.contains("\r"), "no carriage return: " + out);
		List<String> lines = out.lines().toList();
		assertTrue(lines.stream().noneMatch(String::isBlank), "no blank line: " + out);
		assertEquals("Loading alexnet weights", lines.get(0));
		assertTrue(lines.get(1).matches("Styling: 10% done, iteration 2 of 4, frame 1 of 2, loss 9\\.000, "
			+ "0:00:0\\d elapsed, about 0:00:\\d\\d left"), lines.get(1));
		assertTrue(lines.get(2).startsWith("Styling: 30% done, iteration 4 of 4, frame 1 of 2"), out);
		assertEquals("Optical flow from the previous plane (48×36 px)", lines.get(3));
		assertTrue(lines.get(4).startsWith("Styling: 50% done, iteration 1 of 4, frame 2 of 2"), out);
		assertTrue(lines.get(5).startsWith("Styling: 90% done"), out);
		assertEquals(6, lines.size(), "no line at 100%: the run's own sentence follows: " + out);
	}

	/** --download into a file or a pipe: a line at each tenth of a file, no carriage returns. */
	@Test
	void aRedirectedDownloadGetsOneLinePerTenth() {
		StringWriter text = new StringWriter();
		SetupCommands.Progress progress = new SetupCommands.Progress(new PrintWriter(text, true), false, () -> false, false);
		ModelDescriptor alexnet = ModelDescriptor.load("alexnet");
		progress.started(alexnet);
		for (long mb = 0; mb <= 244; mb += 4) progress.progress(alexnet, mb * 1_000_000, 244_408_911);
		progress.message("Downloaded and checked x.pth");
		String out = text.toString();
		assertFalse(out.contains("\r"), out);
		List<String> lines = out.lines().toList();
		assertTrue(lines.stream().noneMatch(String::isBlank), "no blank line: " + out);
		assertEquals("alexnet (244 MB)...", lines.get(0));
		assertEquals("  alexnet: 28 of 244 MB (11 %)", lines.get(1));
		assertEquals(11, lines.size(), "the name, 9 tenths, the message: " + out);
	}
}

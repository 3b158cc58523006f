package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.KeyEvent;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.StopReason;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.image.ImageFiles;

/** The shared runner: cancelling, Esc, partial stacks, init files; headless. */
class StyleJobTest {

	@TempDir
	Path dir;

	@BeforeAll
	static void headless() {
		Fixtures.headless();
	}

	@AfterEach
	void releaseEsc() {
		IJ.resetEscape();
	}

	private static StyleJob.Request request(ImagePlus content, StyleSettings settings, boolean allPlanes) {
		return new StyleJob.Request(content, Fixtures.rgb("style", 40, 40, 2), settings, 0, allPlanes, 0, null, null);
	}

	/** Says "cancel" from its n-th question on. */
	private static BooleanSupplier cancelAtPoll(int n, AtomicInteger polls) {
		return () -> polls.incrementAndGet() >= n;
	}

	@Test
	void completedRunReportsItsLossesAndPlot() {
		StyleJob.Outcome o = StyleJob.run(request(Fixtures.rgb("a", 48, 40, 1), Fixtures.tiny().build(), false), true, () -> false);
		assertEquals(StopReason.COMPLETED, o.reason(), o.message());
		assertEquals(1, o.losses().size());
		assertEquals(3, o.losses().get(0).size());
		assertTrue(o.message().startsWith("Done: 3 iterations"), o.message());
		assertNotNull(o.lossPlot());
		assertEquals(0, WindowManager.getImageCount(), "headless: nothing is shown even when windows are asked for");
	}

	@Test
	void cancelKeepsTheBestImageSoFar() {
		AtomicInteger polls = new AtomicInteger();
		StyleSettings settings = Fixtures.tiny().iterations(50).build();
		StyleJob.Outcome o = StyleJob.run(request(Fixtures.rgb("a", 48, 40, 1), settings, false), false, cancelAtPoll(3, polls));
		assertEquals(StopReason.CANCELLED, o.reason(), o.message());
		int done = o.losses().get(0).size();
		assertTrue(done >= 1 && done <= 4, "stopped within an iteration of the request, after " + done);
		assertNotNull(o.result());
		assertEquals(40, o.result().getWidth());
		assertTrue(o.message().startsWith("Cancelled after " + done + " iterations"), o.message());
	}

	@Test
	void cancelledStackKeepsThePlanesDone() {
		AtomicInteger polls = new AtomicInteger();
		StyleSettings settings = Fixtures.tiny().iterations(4).build();
		ImagePlus stack = Fixtures.rgbStack("stack", 48, 40, 3, 3);
		// Each plane asks at least 3 times (every evaluation after its first) and once before it starts.
		StyleJob.Outcome o = StyleJob.run(request(stack, settings, true), false, cancelAtPoll(5, polls));
		assertEquals(StopReason.CANCELLED, o.reason(), o.message());
		int planes = o.losses().size();
		assertTrue(planes >= 1 && planes <= 2, "stopped in plane 1 or 2, got " + planes);
		assertEquals(planes, o.result().getStackSize(), "one result plane per plane styled");
		assertTrue(o.message().startsWith("Cancelled at plane"), o.message());
	}

	@Test
	void escapeCancels() {
		AtomicInteger polls = new AtomicInteger();
		BooleanSupplier pressEscLater = () -> {
			if (polls.incrementAndGet() == 2) IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			return false;
		};
		StyleSettings settings = Fixtures.tiny().iterations(50).build();
		StyleJob.Outcome o = StyleJob.run(request(Fixtures.rgb("a", 48, 40, 1), settings, false), false, pressEscLater);
		assertEquals(StopReason.CANCELLED, o.reason(), o.message());
		assertTrue(o.losses().get(0).size() < 50);
	}

	@Test
	void anEarlierEscapeDoesNotCancel() {
		IJ.setKeyDown(KeyEvent.VK_ESCAPE);
		StyleJob.Outcome o = StyleJob.run(request(Fixtures.rgb("a", 48, 40, 1), Fixtures.tiny().build(), false), false, () -> false);
		assertEquals(StopReason.COMPLETED, o.reason(), "Esc is reset when the run starts");
	}

	@Test
	void initFromAFile() throws Exception {
		Path start = dir.resolve("start image.png");
		ImageFiles.write(Fixtures.rgb("start", 48, 40, 11), start);
		StyleSettings fromFile = Fixtures.tiny().init(Init.file(start)).build();
		ImagePlus content = Fixtures.rgb("a", 48, 40, 1);
		StyleJob.Outcome o = StyleJob.run(request(content, fromFile, false), false, () -> false);
		StyleJob.Outcome c = StyleJob.run(request(content, Fixtures.tiny().build(), false), false, () -> false);
		assertTrue(o.losses().get(0).get(0).content() > 0, "the file, not the content, is the start image");
		assertEquals(0, c.losses().get(0).get(0).content(), 1e-9, "control: init=content starts with no content loss");
		assertTrue(MacroOptions.fromInfo(o.result().getInfoProperty()).contains("init=[" + start + "]"));
	}

	@Test
	void unreadableInitFileIsRefusedBeforeTheEngineStarts() {
		StyleSettings settings = Fixtures.tiny().init(Init.file(dir.resolve("missing.png"))).build();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> StyleJob.run(request(Fixtures.rgb("a", 48, 40, 1), settings, false), false, () -> false));
		assertTrue(e.getMessage().startsWith("init: "), e.getMessage());
		assertTrue(e.getMessage().contains("content, noise, style or the path of an image file"), e.getMessage());
	}

	@Test
	void unknownNetworkIsRefused() {
		StyleSettings settings = Fixtures.tiny().network("resnet").build();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> StyleJob.run(request(Fixtures.rgb("a", 48, 40, 1), settings, false), false, () -> false));
		assertTrue(e.getMessage().contains("Unknown network 'resnet'"), e.getMessage());
		assertTrue(e.getMessage().contains("alexnet"), "lists the available ones: " + e.getMessage());
	}

	@Test
	void lossFilesSitNextToTheOutput() {
		assertEquals(Path.of("/d/out_losses.png"), StyleJob.sibling(Path.of("/d/out.tif"), "_losses.png"));
		assertEquals(Path.of("/d/out_losses.csv"), StyleJob.sibling(Path.of("/d/out"), "_losses.csv"));
	}
}

package sc.fiji.neuralstyle.fiji.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.image.ResultType;

class JobProgressTest {

	@Test
	void statusLine() {
		assertEquals("Neural Style: frame 2 of 5, iteration 120/299, loss 1.235e5, 1:20 left",
			JobProgress.status("frame", 2, 5, 120, 300, 123456, 80_000));
		// Counted as the loss log, the plot and Info count: 0 is the start image, 299 the last of 300.
		assertEquals("Neural Style: iteration 0/299, loss 17.34", JobProgress.status("plane", 1, 1, 0, 300, 17.33675765991211,
			-1));
	}

	@Test
	void durations() {
		assertEquals("0:05", JobProgress.duration(4_600));
		assertEquals("1:02:05", JobProgress.duration(3_725_000));
	}

	@Test
	void cancelWaitsForThePlanesFirstEvaluation() {
		AtomicBoolean cancel = new AtomicBoolean(true);
		JobProgress p = new JobProgress(2, "frame", 10, 0, null, ResultType.rgb(), cancel::get);
		p.planeStarted(0, 2);
		assertTrue(p.stopRequested());
		assertFalse(p.isCancelled(), "the engine needs one evaluation to have a best image");
		p.iteration(new LossRecord(0, 1, 0, 1, 0, 0, 40), 10, () -> null);
		assertTrue(p.isCancelled());
		p.planeStarted(1, 2);
		assertFalse(p.isCancelled());
		cancel.set(false);
		p.iteration(new LossRecord(0, 1, 0, 1, 0, 0, 40), 10, () -> null);
		assertFalse(p.isCancelled());
	}
}

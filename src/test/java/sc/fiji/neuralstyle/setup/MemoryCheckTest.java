package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.plan.MemoryPlanner;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.settings.TileSize;
import sc.fiji.neuralstyle.params.Params;

/** The memory of a run and the largest single pass it allows, from the memory a probe reports. */
class MemoryCheckTest {

	private static final long GIB = 1L << 30;
	private final StyleSettings defaults = Params.defaultSettings();

	@Test
	void theLargestSinglePassIsTheLargestSizeThePlannerAccepts() {
		long available = 24 * GIB;
		int largest = MemoryCheck.largestSinglePass(defaults, available, true);
		// docs/benchmarks.md: the largest single pass that fits 24 GiB is about 3200 px for VGG19 with L-BFGS.
		assertTrue(largest > 2800 && largest < 3400, "largest " + largest);
		assertTrue(fits(largest, available) && !fits(largest + 1, available), "the boundary is exact");
	}

	private boolean fits(int side, long available) {
		StyleSettings s = defaults.toBuilder().size(side).tileSize(TileSize.WHOLE).build();
		return MemoryPlanner.check(s, side, side, 3, side, side, available, true).isEmpty();
	}

	@Test
	void aContainerLimitShrinksTheLargestImage() {
		// What a container's limit (2 GiB here) makes of the same machine.
		Check c = MemoryCheck.cpu(defaults, 2 * GIB, 8 * GIB, "the container's limit");
		int largest = MemoryCheck.largestSinglePass(defaults, 2 * GIB, true);
		assertTrue(largest > 512 && largest < 1000, "largest " + largest);
		assertEquals("ok       Memory (CPU): 2.0 GiB available to a run (the container's limit), Java may use 8.0 GiB; "
			+ "vgg19 styles up to about " + largest + " px in one pass (lbfgs, other settings at their defaults; larger "
			+ "sizes run with tile_size)", c.line());
	}

	@Test
	void tooLittleMemoryForTheDefaultSizeIsAWarningAndForAnyAFailure() {
		Check small = MemoryCheck.cpu(defaults, GIB / 2, 8 * GIB, "x");
		assertEquals(Check.Status.WARNING, small.status(), small.line());
		assertTrue(small.todo().startsWith("use tile_size=auto"), small.todo());
		Check none = MemoryCheck.cpu(defaults, 10_000_000, 8 * GIB, "x");
		assertEquals(Check.Status.FAILED, none.status(), none.line());
		assertTrue(none.detail().endsWith("not even a 16 px image of vgg19 fits"), none.detail());
	}

	@Test
	void aSmallJavaHeapIsAWarning() {
		Check c = MemoryCheck.cpu(defaults, 16 * GIB, 256L << 20, "x");
		assertEquals(Check.Status.WARNING, c.status(), c.line());
		assertTrue(c.todo().contains("-Xmx"), c.todo());
	}
}

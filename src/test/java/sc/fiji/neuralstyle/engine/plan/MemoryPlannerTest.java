package sc.fiji.neuralstyle.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.settings.StyleLossKind;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.settings.TileSize;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.params.Params;

class MemoryPlannerTest {

	private static final long GIB = 1L << 30;
	private static final StyleSettings VGG19 = Params.defaultSettings().toBuilder().build();

	private static MemoryPlanner vgg19() {
		return MemoryPlanner.of(VGG19);
	}

	@Test
	void passMemoryGrowsWithThePixels() {
		MemoryPlanner p = vgg19();
		long small = p.gradientPassBytes(1024, 1024) - MemoryPlanner.PASS_OVERHEAD_BYTES;
		long large = p.gradientPassBytes(2048, 2048) - MemoryPlanner.PASS_OVERHEAD_BYTES;
		assertEquals(4.0, (double) large / small, 0.01);
		assertTrue(p.forwardPassBytes(1024, 1024, List.of("relu5_1")) < p.gradientPassBytes(1024, 1024) / 2,
			"a pass without gradient keeps no activations");
		assertEquals(List.of("relu4_2", "relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"), p.layers());
		assertEquals(80, p.margin());
	}

	@Test
	void autoTakesTheWholeImageWhenItFitsAndElseTheLargestTile() {
		MemoryPlanner p = vgg19();
		long image = p.imageBytes(1000, 800, 3, OptimizerKind.LBFGS, 10, true);
		long whole = p.gradientPassBytes(1000, 800);
		MemoryPlanner.Choice roomy = p.choose(1000, 800, 3, TileSize.AUTO, OptimizerKind.LBFGS, 10, true, whole + image);
		assertEquals(0, roomy.tile());
		MemoryPlanner.Choice tight = p.choose(1000, 800, 3, TileSize.AUTO, OptimizerKind.LBFGS, 10, true,
			whole + image - 1);
		assertTrue(tight.tile() > 0 && tight.tile() % p.alignment() == 0, tight.toString());
		assertTrue(tight.bytes() <= whole + image - 1);
		assertTrue(p.tileBytes(tight.tile() + p.alignment()) + image > whole + image - 1, "the largest that fits");
	}

	/**
	 * For many sizes and amounts of memory: wherever some tile (or the whole image) fits, auto
	 * chooses one that fits and reports no problem; it refuses only what nothing would fit.
	 */
	@Test
	void autoRefusesNothingThatFits() {
		MemoryPlanner p = vgg19();
		StyleSettings auto = VGG19.toBuilder().tileSize(TileSize.AUTO).build();
		for (int side = 256; side <= 8192; side *= 2) {
			Stages.Stage stage = Stages.plan(side, side * 3 / 4, side, 1, 10).get(0);
			long image = p.imageBytes(stage.width(), stage.height(), 3, OptimizerKind.LBFGS, 10, true);
			for (long available = GIB / 4; available <= 64 * GIB; available = available * 3 / 2) {
				boolean somethingFits = p.gradientPassBytes(stage.width(), stage.height()) + image <= available;
				for (int tile = p.smallestTile(); !somethingFits && tile < side; tile += p.alignment()) {
					somethingFits = p.tileBytes(tile) + image <= available;
				}
				MemoryPlanner.StagePlan plan = p.plan(auto, stage, 3, 752, 600, available, true);
				String where = side + " px with " + available / (double) GIB + " GiB: " + plan;
				if (somethingFits) {
					assertNull(plan.problem(), where);
					assertTrue(plan.choice().bytes() <= available, where);
				}
				else {
					assertTrue(plan.problem() != null, where);
				}
			}
		}
	}

	@Test
	void anImageTooLargeForOnePassGetsTheTileSizeThatFits() {
		// Adam: L-BFGS's default history alone would take 15 GiB at this size.
		StyleSettings whole = VGG19.toBuilder().size(8192).optimizer(OptimizerKind.ADAM).build();
		Optional<RunProblem> problem = MemoryPlanner.check(whole, 8192, 8192, 3, 752, 600, 22 * GIB, true);
		assertTrue(problem.isPresent());
		// Typed: the parameter, what was wrong and the advice, which the parameter checks word.
		assertEquals("tile_size", problem.get().parameter());
		assertTrue(problem.get().what().startsWith("one pass over the whole 8192×8192 px image needs about "),
			problem.get().what());
		Matcher m = Pattern.compile("^set tile_size=(\\d+) \\(the largest tile that fits\\) or tile_size=auto$")
			.matcher(problem.get().advice());
		assertTrue(m.find(), problem.get().advice());
		int tile = Integer.parseInt(m.group(1));
		assertTrue(tile >= 512, problem.get().message());
		StyleSettings tiled = whole.toBuilder().tileSize(TileSize.of(tile)).build();
		assertEquals(Optional.empty(), MemoryPlanner.check(tiled, 8192, 8192, 3, 752, 600, 22 * GIB, true),
			"the tile size named fits");
		StyleSettings larger = whole.toBuilder().tileSize(TileSize.of(tile + 2 * vgg19().alignment())).build();
		assertTrue(MemoryPlanner.check(larger, 8192, 8192, 3, 752, 600, 22 * GIB, true).isPresent(),
			"and is the largest that does");
	}

	@Test
	void whatNoTileCanHelpIsExplained() {
		StyleSettings huge = VGG19.toBuilder().size(8192).tileSize(TileSize.AUTO).historySize(100).build();
		String problem = MemoryPlanner.check(huge, 8192, 8192, 3, 752, 600, 22 * GIB, true).orElseThrow().message();
		assertTrue(problem.startsWith("size: at 8192×8192 px the image, its gradient and the optimiser's state alone"),
			problem);
		assertTrue(problem.contains("history_size"), problem);
		assertFalse(MemoryPlanner.check(huge.toBuilder().size(512).build(), 600, 400, 3, 752, 600, 22 * GIB, true)
			.isPresent());
	}

	/** The Java side's images live in Java's heap, which PyTorch's memory does not enlarge. */
	@Test
	void theJavaSidesImagesMustFitTheHeap() {
		StyleSettings s = VGG19.toBuilder().size(4096).tileSize(TileSize.AUTO).optimizer(OptimizerKind.ADAM).build();
		long java = MemoryPlanner.javaBytes(4096, 4096);
		RunProblem p = MemoryPlanner.check(s, 4096, 4096, 3, 752, 600, new MemoryProbe.Reading(64 * GIB, "test",
			java - 1), true).orElseThrow();
		assertEquals("size", p.parameter());
		assertTrue(p.what().contains("more than Java's heap of at most"), p.message());
		assertTrue(p.advice().startsWith("give Java more memory"), p.advice());
		assertEquals(Optional.empty(), MemoryPlanner.check(s, 4096, 4096, 3, 752, 600, new MemoryProbe.Reading(64 * GIB,
			"test", java), true));
		assertEquals(Optional.empty(), MemoryPlanner.check(s, 4096, 4096, 3, 752, 600, new MemoryProbe.Reading(64 * GIB,
			"test", java - 1), false), "on a GPU the heap holds no image-sized arrays");
	}

	@Test
	void coarseScalesRunWholeAndFineOnesInTiles() {
		StyleSettings s = VGG19.toBuilder().size(4096).scales(3).tileSize(TileSize.AUTO).build();
		MemoryPlanner p = MemoryPlanner.of(s);
		List<Stages.Stage> stages = Stages.plan(4096, 4096, 4096, 3, 300);
		long available = 12 * GIB;
		assertEquals(0, p.plan(s, stages.get(0), 3, 752, 600, available, true).choice().tile(), "1024 px whole");
		assertTrue(p.plan(s, stages.get(2), 3, 752, 600, available, true).choice().tile() > 0, "4096 px in tiles");
	}

	@Test
	void networksAndLayersSetTheMargin() {
		MemoryPlanner shallow = MemoryPlanner.of(Architecture.VGG16, List.of("relu2_1"), List.of("relu1_1"));
		assertEquals(4, shallow.margin());
		assertEquals(2, shallow.alignment());
	}

	/** The run controls' arrays count: the average and its copy; sliced's projections at each style layer. */
	@Test
	void averageAndSlicedAddTheirImageSizedArrays() {
		MemoryPlanner p = vgg19();
		long plain = p.imageBytes(1000, 800, 3, OptimizerKind.LBFGS, 10, true);
		long averaged = p.forRun(VGG19.toBuilder().average(0.99).build()).imageBytes(1000, 800, 3, OptimizerKind.LBFGS, 10,
			true);
		assertEquals(2L * 4 * 3 * 1000 * 800, averaged - plain, "the average and its evaluated copy");
		long sliced = p.forRun(VGG19.toBuilder().styleLoss(StyleLossKind.SLICED).build()).imageBytes(1000, 800, 3,
			OptimizerKind.LBFGS, 10, true);
		// relu1_1 alone: 64 directions at each of 1000 × 800 positions.
		assertTrue(sliced - plain > (long) MemoryPlanner.SLICED_BYTES_PER_VALUE * 64 * 1000 * 800, (sliced - plain) + "");
		assertEquals(plain, p.forRun(VGG19.toBuilder().styleLoss(StyleLossKind.WASSERSTEIN).build()).imageBytes(1000, 800, 3,
			OptimizerKind.LBFGS, 10, true), "W2 keeps N×N matrices only");
	}
}

package sc.fiji.neuralstyle.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.djl.Device;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.tiles.TileGrid;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.text.Counts;

/**
 * What a run will do, planned before its first evaluation: its stages ({@link Stages}), the tiles of
 * each (from the memory free now) and the relative cost of an evaluation at each, for progress.
 *
 * @param stages coarse to fine
 * @param tilings per stage, how to cut it; null: whole images
 * @param costs per stage, the relative cost of one evaluation
 */
public record RunPlan(List<Stages.Stage> stages, List<Tiling> tilings, double[] costs) {

	/**
	 * Plans a run (the parameters were checked by params.Preflight).
	 *
	 * @param styles the style images, whose largest sets the style passes' memory
	 */
	public static RunPlan of(StyleSettings settings, Architecture architecture, LayerWeights contentLayers,
		LayerWeights styleLayers, Device device, MemoryProbe memory, FloatImage content, List<FloatImage> styles, ProgressListener listener)
	{
		List<Stages.Stage> stages = Stages.plan(content.width(), content.height(), settings.size(), settings.scales(),
			settings.iterations());
		List<Tiling> tilings = planTiles(settings, architecture, contentLayers, styleLayers, device, stages,
			content.channels(), largest(styles), memory, listener);
		double[] costs = new double[stages.size()];
		for (int k = 0; k < stages.size(); k++) costs[k] = evaluationCost(stages.get(k), tilings.get(k));
		return new RunPlan(stages, tilings, costs);
	}

	public Stages.Stage last() {
		return stages.get(stages.size() - 1);
	}

	/** A status line for the start of a stage of a coarse-to-fine run. */
	public String describe(Stages.Stage stage) {
		return "Scale " + (stage.index() + 1) + " of " + stages.size() + ": " + stage.width() + "×" + stage.height()
			+ " px, " + Counts.of(stage.iterations(), "iteration") + tilesNote(stage, tilings.get(stage.index()));
	}

	/** The style image with the most pixels, whose passes need the most memory. */
	private static FloatImage largest(List<FloatImage> styles) {
		FloatImage largest = styles.get(0);
		for (FloatImage s : styles) {
			if ((long) s.width() * s.height() > (long) largest.width() * largest.height()) largest = s;
		}
		return largest;
	}

	/**
	 * The tiles of each stage (null: whole images), from the memory free now; the same rule as
	 * {@link MemoryPlanner#check}, whose message stops the run here if it does not fit, also after the
	 * memory held for later runs is freed ({@link MemoryProbe#checkFreeingIdle}).
	 */
	private static List<Tiling> planTiles(StyleSettings settings, Architecture architecture,
		LayerWeights contentLayers, LayerWeights styleLayers, Device device, List<Stages.Stage> stages, int channels,
		FloatImage style, MemoryProbe memory, ProgressListener listener)
	{
		MemoryPlanner planner = MemoryPlanner.of(architecture, settings.contentWeight() > 0
			? contentLayers.names() : List.of(), settings.styleWeight() > 0 ? styleLayers.names() : List.of())
			.forRun(settings);
		boolean javaSide = !device.isGpu();
		List<MemoryPlanner.StagePlan> plans = new ArrayList<>();
		long[] available = new long[1];
		memory.checkFreeingIdle(() -> {
			plans.clear();
			available[0] = MemoryPlanner.available(device, memory).bytes();
			for (Stages.Stage stage : stages) {
				MemoryPlanner.StagePlan plan = planner.plan(settings, stage, channels, style.width(), style.height(),
					available[0], javaSide);
				if (plan.problem() != null) return Optional.of(plan.problem());
				plans.add(plan);
			}
			return Optional.empty();
		}).ifPresent(problem -> {
			throw problem.exception();
		});
		List<Tiling> tilings = new ArrayList<>();
		for (MemoryPlanner.StagePlan plan : plans) tilings.add(plan.tile() == 0 ? null : Tiling.of(planner.geometry(), plan.tile()));
		if (settings.tileSize().isAuto()) {
			MemoryPlanner.StagePlan plan = plans.get(plans.size() - 1);
			listener.status("tile_size=auto: " + (plan.choice().tile() == 0 ? "the whole image in one pass"
				: "tiles of " + plan.choice().tile() + " px with " + planner.margin() + " px of context")
				+ ", about " + MemoryPlanner.gib(plan.choice().bytes()) + " of the " + MemoryPlanner.gib(available[0])
				+ " available.");
		}
		return tilings;
	}

	private static String tilesNote(Stages.Stage stage, Tiling tiling) {
		if (tiling == null || !tiling.splits(stage.width(), stage.height())) return "";
		int n = TileGrid.tiles(stage.width(), stage.height(), tiling.tile(), tiling.margin(), tiling.geometry().alignment(),
			0, 0).size();
		return ", in " + Counts.of(n, "tile") + " of " + tiling.tile() + " px";
	}

	/**
	 * The relative cost of one evaluation at a stage: the pixels that go through the network, and a
	 * third more when tiled (pass 1 is a forward pass, about a third of a forward and backward one).
	 */
	private static double evaluationCost(Stages.Stage stage, Tiling tiling) {
		if (tiling == null || !tiling.splits(stage.width(), stage.height())) return stage.pixels();
		long pixels = 0;
		for (TileGrid.Tile t : TileGrid.tiles(stage.width(), stage.height(), tiling.tile(), tiling.margin(),
			tiling.geometry().alignment(), 0, 0))
		{
			pixels += t.cropPixels();
		}
		return pixels * 4.0 / 3;
	}
}

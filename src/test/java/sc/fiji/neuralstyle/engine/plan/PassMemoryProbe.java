package sc.fiji.neuralstyle.engine.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.objective.Objectives;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.tiles.Tiling;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;

/**
 * Measures what {@link MemoryPlanner} estimates: the resident memory one loss evaluation adds at
 * each image size, whole and in tiles, and one forward pass without gradient (bench/calibrate_memory.sh).
 * The process's peak (VmHWM) is reset before each measurement, so sizes can follow one another.
 * Prints "pass kind=… width=… height=… measured_mb=… estimated_mb=…".
 * <p>
 * Arguments: sizes (comma-separated sides, default 256,512,1024), tile (default 512).
 */
public final class PassMemoryProbe {

	private PassMemoryProbe() {}

	public static void main(String... args) throws IOException {
		String sizes = args.length > 0 ? args[0] : "256,512,1024";
		int tile = args.length > 1 ? Integer.parseInt(args[1]) : 512;
		Engine engine = DjlSetup.pytorch();
		StyleSettings settings = Params.defaultSettings().toBuilder().build();
		LayerWeights content = LayerWeights.parse("relu4_2", "content_layers");
		LayerWeights style = LayerWeights.parse("relu1_1,relu2_1,relu3_1,relu4_1,relu5_1", "style_layers");
		MemoryPlanner planner = MemoryPlanner.of(Architecture.VGG19, content.names(), style.names());
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG19, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG19), "seeded", manager))
		{
			var pre = ModelDescriptor.load("vgg19").preprocessing();
			for (String s : sizes.split(",")) {
				int side = Integer.parseInt(s.trim());
				try (NDManager scope = manager.newSubManager()) {
					NDArray image = random(scope, side, 1);
					NDArray styleImage = random(scope, 256, 2);
					for (boolean tiled : new boolean[] { false, true }) {
						if (tiled && side <= tile) continue;
						Tiling tiling = tiled ? Tiling.of(planner.geometry(), tile) : null;
						try (NDManager run = scope.newSubManager();
							StyleObjective objective = Objectives.of(engine, network, pre, settings, content, style, image,
								List.of(styleImage), List.of(), run, tiling))
						{
							objective.evaluate(image, run).gradient().close(); // warm up allocators
							long before = resetPeak();
							objective.evaluate(image, run).gradient().close();
							long peak = kb("VmHWM") - before;
							long estimate = tiled ? planner.tileBytes(tile) : planner.gradientPassBytes(side, side);
							print(tiled ? "tile" + tile : "whole", side, peak, estimate);
						}
					}
					try (NDManager run = scope.newSubManager()) {
						NDArray input = pre.apply(image.duplicate());
						input.attach(run);
						long before = resetPeak();
						network.forward(input, style.names()).values().forEach(NDArray::close);
						long peak = kb("VmHWM") - before;
						print("forward", side, peak, planner.forwardPassBytes(side, side, style.names()));
					}
				}
			}
		}
	}

	private static void print(String kind, int side, long peakKb, long estimateBytes) {
		System.out.printf(Locale.ROOT, "pass kind=%s side=%d measured_mb=%d estimated_mb=%d ratio=%.2f%n", kind, side,
			peakKb / 1024, estimateBytes >> 20, peakKb * 1024.0 / estimateBytes);
	}

	private static NDArray random(NDManager manager, int side, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] values = new float[3 * side * side];
		for (int i = 0; i < values.length; i++) values[i] = (float) random.nextDouble();
		return manager.create(values, new Shape(1, 3, side, side));
	}

	/** Resets the process's peak resident memory to the current one (Linux) and returns it in kB. */
	public static long resetPeak() throws IOException {
		System.gc();
		Files.writeString(Path.of("/proc/self/clear_refs"), "5");
		return kb("VmRSS");
	}

	/** A field of /proc/self/status in kB, e.g. VmHWM, the peak since {@link #resetPeak()}. */
	public static long kb(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D+", ""));
		}
		throw new IllegalStateException("No " + field);
	}

}

package sc.fiji.neuralstyle.fast;

import java.io.IOException;
import java.util.Locale;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.plan.PassMemoryProbe;

/**
 * Measures what {@link ApplyMemory} estimates: the resident memory one pass of a fast-style network
 * adds at each image size, whole and in tiles (bench/fast_memory.sh). The process's peak (VmHWM) is
 * reset before each measurement. Prints "pass kind=… side=… measured_mb=… estimated_mb=… ratio=…".
 * <p>
 * Arguments: sizes (comma-separated sides, default 256,512,1024), tile (default 256).
 */
public final class FastPassMemoryProbe {

	private FastPassMemoryProbe() {}

	public static void main(String... args) throws IOException {
		String sizes = args.length > 0 ? args[0] : "256,512,1024";
		int tile = args.length > 1 ? Integer.parseInt(args[1]) : 256;
		DjlSetup.pytorch(); // as every front starts it (NNPACK off)
		try (NDManager manager = NDManager.newBaseManager();
			TransformerNet net = TransformerNet.of(FastFixtures.seededStateDict(), manager))
		{
			TiledForward forward = new TiledForward(net);
			forward.apply(random(64), 64, 64, 0, manager); // warm up allocators
			for (String s : sizes.split(",")) {
				int side = Integer.parseInt(s.trim());
				float[] image = random(side);
				for (int t : new int[] { 0, tile }) {
					if (t >= side) continue;
					long before = PassMemoryProbe.resetPeak();
					long start = System.nanoTime();
					forward.apply(image, side, side, t, manager);
					long ms = (System.nanoTime() - start) / 1_000_000;
					long peak = PassMemoryProbe.kb("VmHWM") - before;
					int crop = Math.min(side, t + 2 * TileGeometry.outputMargin());
					long estimate = t == 0 ? ApplyMemory.passBytes(side, side) : ApplyMemory.passBytes(crop, crop);
					System.out.printf(Locale.ROOT, "pass kind=%s side=%d measured_mb=%d estimated_mb=%d ratio=%.2f ms=%d%n",
						t == 0 ? "whole" : "tile" + t, side, peak / 1024, estimate >> 20, peak * 1024.0 / estimate, ms);
				}
			}
		}
	}

	private static float[] random(int side) {
		SplittableRandom random = new SplittableRandom(side);
		float[] values = new float[3 * side * side];
		for (int i = 0; i < values.length; i++) values[i] = (float) (255 * random.nextDouble());
		return values;
	}
}

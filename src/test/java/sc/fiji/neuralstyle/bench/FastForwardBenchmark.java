package sc.fiji.neuralstyle.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

import com.sun.management.OperatingSystemMXBean;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.fast.TransformerNet;

/**
 * One forward pass of the fast-style network (seeded weights, no gradient) on a random 0–255 image, as
 * {@code bench/fast_forward_reference.py} times PyTorch's: after one pass left out for warm-up, the
 * median of {@code passes}. Prints "java size=N ms_per_iteration=X peak_rss_mb=Y cpu_ms_per_iteration=Z"
 * (a pass is the iteration here), the line {@code bench/medians.awk} reads.
 * <p>
 * Arguments: size, passes (default 5).
 */
public final class FastForwardBenchmark {

	private FastForwardBenchmark() {}

	public static void main(String... args) throws Exception {
		int size = Integer.parseInt(args[0]);
		int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		DjlSetup.pytorch();
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		double[] wall = new double[passes], cpu = new double[passes];
		try (NDManager manager = NDManager.newBaseManager(); TransformerNet net = TransformerNet.initial(1, manager)) {
			NDArray image = manager.randomUniform(0, 255, new Shape(1, 3, size, size));
			for (int p = -1; p < passes; p++) {
				long t = System.nanoTime(), c = os.getProcessCpuTime();
				try (NDManager scope = manager.newSubManager()) {
					NDArray input = image.duplicate();
					input.attach(scope);
					net.forward(input).toFloatArray();
				}
				if (p >= 0) {
					wall[p] = (System.nanoTime() - t) / 1e6;
					cpu[p] = (os.getProcessCpuTime() - c) / 1e6;
				}
			}
		}
		Arrays.sort(wall);
		Arrays.sort(cpu);
		System.out.printf(Locale.ROOT, "java size=%d ms_per_iteration=%.0f peak_rss_mb=%d cpu_ms_per_iteration=%.0f%n", size,
			wall[passes / 2], LargeImageRun.kb("VmHWM") / 1024, cpu[passes / 2]);
	}

}

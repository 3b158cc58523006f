package sc.fiji.neuralstyle.engine.run;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.params.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.sun.jna.Pointer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Runs one style transfer in a JVM of its own and prints, after each loss evaluation, the number of
 * NDArrays alive in the whole process and the native heap in use ({@link NativeHeap}), as
 * {@code SAMPLE iteration arrays bytes} lines, for {@link MemoryTest}.
 * <p>
 * Arguments: network, size, iterations, and what to leak on purpose each iteration to prove that
 * the test sees a leak: {@code none}, {@code array} (one image-sized NDArray, never closed) or
 * {@code native} ({@code bytes} of malloc'd memory outside any NDArray).
 */
public final class MemorySampler {

	private MemorySampler() {}

	public static void main(String[] args) {
		String network = args[0];
		int size = Integer.parseInt(args[1]);
		int iterations = Integer.parseInt(args[2]);
		String leak = args[3];
		long leakBytes = args.length > 4 ? Long.parseLong(args[4]) : 0;
		DjlSetup.pytorch();
		NDManager leaks = NDManager.newBaseManager();
		// Every base manager is a child of the engine's system manager, which therefore sees every array.
		NDManager system = leaks.getParentManager();
		List<Pointer> leaked = new ArrayList<>();
		ProgressListener probe = new ProgressListener() {
			@Override
			public void iteration(LossRecord record, int n, Supplier<FloatImage> preview) {
				if (leak.equals("array")) {
					NDArray kept = leaks.zeros(new ai.djl.ndarray.types.Shape(1, 3, size, size));
					kept.getFloat(0, 0, 0, 0); // materialised
				}
				else if (leak.equals("native")) {
					Pointer p = NativeHeap.c().malloc(leakBytes);
					p.setMemory(0, leakBytes, (byte) 1); // touched, as a real leak would be
					leaked.add(p);
				}
				System.out.printf(Locale.ROOT, "SAMPLE %d %d %d%n", record.iteration(), system.getManagedArrays().size(),
					NativeHeap.inUse());
			}
		};
		StyleSettings settings = Params.defaultSettings().toBuilder().network(network).size(size).iterations(iterations).init(Init.NOISE)
			.contentWeight(1e3).styleWeight(1e6).build();
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			StyleResult result = transfer.run(StyleTransferTest.random(size, size, 3, 1), StyleTransferTest.random(size, size, 3, 2),
				null, probe);
			System.out.println("DONE " + result.losses().size());
		}
		leaked.forEach(NativeHeap.c()::free);
		leaks.close();
	}
}

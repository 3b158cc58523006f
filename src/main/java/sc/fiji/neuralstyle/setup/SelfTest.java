package sc.fiji.neuralstyle.setup;

import java.util.List;
import java.util.Locale;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.net.Architecture;

/**
 * A short style transfer on one device that needs no download: the default network with seeded
 * weights made in memory, a 64 × 48 px content and style drawn here, {@value #ITERATIONS}
 * iterations of the default optimiser, timed. It shows that PyTorch computes on that device and that
 * the loop lowers the loss; {@link SelfTestComparison} then holds a GPU's result to the CPU's.
 */
final class SelfTest {

	/** The longest side of the test images. */
	static final int SIZE = 64;
	static final int ITERATIONS = 5;
	private static final long SEED = 20150826; // the paper's arXiv date

	/**
	 * What a self-test computed.
	 *
	 * @param device the device as the {@code device} parameter writes it, e.g. "cpu" or "gpu:0"
	 * @param network the network
	 * @param image the result
	 * @param losses the loss history, the first for the start image
	 * @param loadMillis time to make the network on the device (weights included)
	 * @param runMillis time of the iterations
	 */
	record Result(String device, String network, FloatImage image, List<LossRecord> losses, long loadMillis,
		long runMillis)
	{

		double firstLoss() {
			return losses.get(0).total();
		}

		double lastLoss() {
			return losses.get(losses.size() - 1).total();
		}
	}

	private SelfTest() {}

	/**
	 * Runs the self-test.
	 *
	 * @param defaults the settings to start from (the table's defaults): network, layers, optimiser
	 * @param device where to compute: cpu or gpu:N
	 * @throws RuntimeException whatever the engine throws
	 */
	static Result run(StyleSettings defaults, String device) {
		StyleSettings settings = defaults.toBuilder().size(SIZE).iterations(ITERATIONS).scales(1).device(device)
			.weights(null).build();
		Architecture architecture = settings.architecture();
		WeightsLoader seeded = (model, override, keys, progress) -> new WeightsLoader.Weights(
			SeededNetworkWeights.of(architecture, SEED), "seeded weights made for the self-test");
		long start = System.nanoTime();
		try (StyleTransfer transfer = StyleTransfer.open(settings, seeded, ProgressListener.NONE)) {
			long loaded = System.nanoTime();
			StyleResult result = transfer.run(content(), style(), null, ProgressListener.NONE);
			long done = System.nanoTime();
			return new Result(device, settings.network().name(), result.image(), result.losses(), (loaded - start) / 1_000_000,
				(done - loaded) / 1_000_000);
		}
	}

	/** The check of one device's run: ok when every loss is finite and the last is below the first. */
	static Check check(String name, Result r) {
		String detail = String.format(Locale.ROOT, "%d iterations of %s at %d px in %.2f s (network made in %.2f s),"
			+ " loss %.4g → %.4g", ITERATIONS, r.network(), SIZE, r.runMillis() / 1000.0,
			r.loadMillis() / 1000.0, r.firstLoss(), r.lastLoss());
		boolean finite = r.losses().stream().allMatch(l -> Double.isFinite(l.total()));
		if (!finite) return Check.failed(name, detail + ": a loss is not a number", REPORT);
		if (!(r.lastLoss() < r.firstLoss())) return Check.failed(name, detail + ": the loss did not fall", REPORT);
		return Check.ok(name, detail);
	}

	/** What to do when the engine computes wrongly. */
	static final String REPORT = "this is a bug or a broken PyTorch build: report it with this check's report";

	/** Smooth colour ramps with a bright disc: a content with edges and flat parts. */
	static FloatImage content() {
		int w = SIZE, h = SIZE * 3 / 4;
		float[] data = new float[3 * w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double dx = x - w * 0.6, dy = y - h * 0.45;
				boolean disc = dx * dx + dy * dy < (h * 0.3) * (h * 0.3);
				data[y * w + x] = disc ? 0.9f : (float) x / w;
				data[w * h + y * w + x] = disc ? 0.8f : (float) y / h;
				data[2 * w * h + y * w + x] = disc ? 0.2f : 0.5f;
			}
		}
		return new FloatImage(w, h, 3, data);
	}

	/** Diagonal stripes of two colours: a texture whose Gram matrices differ from the content's. */
	static FloatImage style() {
		int w = SIZE, h = SIZE;
		float[] data = new float[3 * w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double wave = 0.5 + 0.5 * Math.sin((x + y) * 0.6);
				data[y * w + x] = (float) (0.1 + 0.8 * wave);
				data[w * h + y * w + x] = (float) (0.3 + 0.4 * (1 - wave));
				data[2 * w * h + y * w + x] = (float) (0.9 - 0.7 * wave);
			}
		}
		return new FloatImage(w, h, 3, data);
	}
}

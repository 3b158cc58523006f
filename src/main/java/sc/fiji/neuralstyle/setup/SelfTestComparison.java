package sc.fiji.neuralstyle.setup;

import java.util.Locale;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;

/**
 * Holds a GPU's self-test to the CPU's: the same network, weights, images and settings must give the
 * same start loss and, after the iterations, the same image, within a tolerance. The two differ
 * because a GPU sums in another order and, on recent GPUs, PyTorch lets cuDNN compute convolutions
 * in TF32 (10-bit mantissa, about 1e-3 relative), which L-BFGS then carries through its steps; a
 * broken driver or build differs by far more (or gives NaN).
 */
final class SelfTestComparison {

	/** The start losses may differ by this share of the CPU's. */
	static final double LOSS_TOLERANCE = 0.01;
	/** The results may differ by this RMS, in [0, 1] per pixel value: 2 grey levels of 255. */
	static final double IMAGE_TOLERANCE = 2.0 / 255;

	private SelfTestComparison() {}

	/**
	 * @param name the check's name, e.g. "GPU 0 against the CPU"
	 * @param cpu the CPU's self-test
	 * @param gpu the same on a GPU
	 */
	static Check compare(String name, SelfTest.Result cpu, SelfTest.Result gpu) {
		double lossDifference = Math.abs(gpu.firstLoss() - cpu.firstLoss()) / Math.abs(cpu.firstLoss());
		FloatImage a = cpu.image(), b = gpu.image();
		if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
			return Check.failed(name, "the results differ in size: " + a + " and " + b, SelfTest.REPORT);
		}
		double sum = 0, max = 0;
		for (int i = 0; i < a.data().length; i++) {
			double d = Math.abs(a.data()[i] - b.data()[i]);
			sum += d * d;
			max = Math.max(max, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
		}
		double rms = Math.sqrt(sum / a.data().length);
		String detail = String.format(Locale.ROOT, "start loss %.4g on the GPU, %.4g on the CPU (%.2g %% apart); results "
			+ "%.2f/255 apart (RMS; at most %.2f/255)", gpu.firstLoss(), cpu.firstLoss(), 100 * lossDifference, 255 * rms,
			255 * max);
		String tolerance = String.format(Locale.ROOT, "the tolerance: %.0f %% and %.0f/255 RMS", 100 * LOSS_TOLERANCE,
			255 * IMAGE_TOLERANCE);
		// Written so that NaN fails.
		if (lossDifference <= LOSS_TOLERANCE && rms <= IMAGE_TOLERANCE) return Check.ok(name, detail + ", within " + tolerance);
		return Check.failed(name, detail + ", beyond " + tolerance + ": the GPU does not compute what the CPU does",
			"update the NVIDIA driver, or try another CUDA build of PyTorch (PYTORCH_FLAVOR); if it stays, " + SelfTest.REPORT
				+ "; meanwhile use device=cpu");
	}
}

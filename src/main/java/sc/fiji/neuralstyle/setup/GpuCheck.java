package sc.fiji.neuralstyle.setup;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.neuralstyle.engine.settings.StyleSettings;

/**
 * The CUDA GPUs: each one PyTorch computes on, with its name and free memory, or why there is none
 * that it can use. A machine without a GPU is fine when the CPU is checked too ({@code device} auto);
 * when the check is asked for the GPU only, no usable GPU is a failure.
 */
final class GpuCheck {

	private GpuCheck() {}

	/**
	 * One GPU PyTorch sees.
	 *
	 * @param index its CUDA index, as in device=gpu:N
	 * @param name its name, from the driver
	 * @param totalBytes its memory, -1 if unknown
	 * @param freeBytes the memory free for a run, -1 if unknown
	 * @param capability its CUDA compute capability, e.g. "9.0", or ""
	 */
	record Gpu(int index, String name, long totalBytes, long freeBytes, String capability) {}

	/**
	 * What is known about CUDA here.
	 *
	 * @param cudaBuild whether PyTorch is a CUDA build
	 * @param gpus the GPUs PyTorch (DJL) sees
	 * @param driver what the NVIDIA driver sees
	 * @param runtimeProblem why CUDA's runtime finds no GPU, as CUDA words it, or ""
	 * @param build where the PyTorch build came from and why, for advice
	 */
	record Facts(boolean cudaBuild, List<Gpu> gpus, CudaDriver.View driver, String runtimeProblem, String build) {}

	/**
	 * @param facts what is known
	 * @param required whether a GPU is required (the check was asked for the GPU): none is a failure
	 * @param index the one GPU to report, or -1 for all
	 * @param settings the settings whose network's largest single pass is given per GPU (the defaults)
	 */
	static List<Check> of(Facts facts, boolean required, int index, StyleSettings settings) {
		List<Check> checks = new ArrayList<>();
		if (!facts.gpus().isEmpty()) {
			for (Gpu gpu : facts.gpus()) {
				if (index < 0 || gpu.index() == index) checks.add(gpu(gpu, settings));
			}
			if (checks.isEmpty()) {
				checks.add(Check.failed("GPU " + index, "PyTorch sees " + facts.gpus().size() + " GPU(s), gpu:0 to gpu:"
					+ (facts.gpus().size() - 1), "check gpu:0 to gpu:" + (facts.gpus().size() - 1)));
			}
			return checks;
		}
		checks.add(none(facts, required));
		return checks;
	}

	private static Check gpu(Gpu gpu, StyleSettings settings) {
		String name = "GPU " + gpu.index();
		StringBuilder d = new StringBuilder(gpu.name());
		if (!gpu.capability().isEmpty()) d.append(", compute capability ").append(gpu.capability());
		if (gpu.freeBytes() < 0) {
			d.append(gpu.totalBytes() < 0 ? "" : ", " + MemoryCheck.gib(gpu.totalBytes()));
			return Check.warning(name, d + "; its free memory is unknown (DJL could not ask the CUDA runtime)",
				"runs on it check their memory only when they start");
		}
		d.append(", ").append(MemoryCheck.gib(gpu.freeBytes())).append(" free");
		if (gpu.totalBytes() >= 0) d.append(" of ").append(MemoryCheck.gib(gpu.totalBytes()));
		StyleSettings onGpu = settings.toBuilder().device("gpu:" + gpu.index()).build();
		int largest = MemoryCheck.largestSinglePass(onGpu, gpu.freeBytes(), false);
		d.append("; ").append(MemoryCheck.sizes(onGpu, largest));
		if (largest < settings.size()) {
			return Check.warning(name, d.toString(), "free its memory (other programs on it), or use tile_size=auto");
		}
		return Check.ok(name, d.toString());
	}

	/** Why PyTorch computes on no GPU. */
	private static Check none(Facts f, boolean required) {
		String name = "GPU";
		CudaDriver.View driver = f.driver();
		int seen = driver.names().size();
		String gpus = seen + " GPU" + (seen == 1 ? "" : "s") + " (" + String.join(", ", driver.names()) + ")";
		if (seen > 0 && !f.cudaBuild()) {
			return problem(name, "the NVIDIA driver sees " + gpus + ", but PyTorch is the CPU build: " + f.build(), required,
				"to compute on the GPU, take the CPU jar (pytorch-native-cpu) off the class path and set PYTORCH_FLAVOR "
					+ "to a CUDA build (cu128), as 'CPU and GPU' in docs/weights-and-check.md says");
		}
		if (seen > 0) {
			String why = f.runtimeProblem().isEmpty() ? "DJL finds no CUDA runtime library (libcudart) to ask"
				: "CUDA: " + f.runtimeProblem();
			return problem(name, "the NVIDIA driver sees " + gpus + " and PyTorch is a CUDA build, but PyTorch uses none: "
				+ why, required, "install the CUDA runtime of the build's CUDA version, or add the folder of "
					+ "libcudart to LD_LIBRARY_PATH (PATH on Windows), and check again");
		}
		if (driver.loaded() && !f.runtimeProblem().isEmpty()) {
			return problem(name, "no usable GPU: the NVIDIA driver" + version(driver) + " is there, but CUDA: "
				+ f.runtimeProblem(), required, "update the NVIDIA driver to one that supports the CUDA version of the "
					+ "PyTorch build");
		}
		String why = driver.loaded() ? (driver.problem().isEmpty() ? "the NVIDIA driver" + version(driver)
			+ " sees no GPU" : "the NVIDIA driver" + version(driver) + ": " + driver.problem()) : driver.problem();
		// Without a driver, a CUDA runtime can only say so ("driver version is insufficient"): no GPU, not a fault.
		if (!required) return Check.ok(name, "none: " + why + "; runs compute on the CPU");
		return Check.failed(name, "none: " + why, "run on a machine with an NVIDIA GPU and its driver, or use device=cpu");
	}

	private static String version(CudaDriver.View driver) {
		return driver.version().isEmpty() ? "" : " (CUDA " + driver.version() + ")";
	}

	/** A GPU that is there but unused: a warning, or a failure when the GPU was asked for. */
	private static Check problem(String name, String detail, boolean required, String todo) {
		return required ? Check.failed(name, detail, todo) : Check.warning(name, detail + "; runs compute on the CPU", todo);
	}
}

package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.params.Params;

/** Each CUDA GPU with its name and free memory, or why none is usable, from the facts a probe reports. */
class GpuCheckTest {

	private static final long GIB = 1L << 30;
	private static final StyleSettings DEFAULTS = Params.defaultSettings();
	private static final CudaDriver.View NO_DRIVER = CudaDriver.View.none("no NVIDIA driver found (its library libcuda is "
		+ "not installed)");
	private static final CudaDriver.View TWO = new CudaDriver.View(true, "12.8", List.of("NVIDIA H100 80GB HBM3",
		"NVIDIA A10"), List.of(80 * GIB, 24 * GIB), "");
	private static final String JAR = "unpacked from pytorch-native-cpu-2.7.1-linux-x86_64.jar on the class path";

	private static GpuCheck.Facts facts(boolean cuda, List<GpuCheck.Gpu> gpus, CudaDriver.View driver, String runtime) {
		return new GpuCheck.Facts(cuda, gpus, driver, runtime, JAR);
	}

	@Test
	void eachGpuWithItsNameFreeMemoryAndLargestSinglePass() {
		List<GpuCheck.Gpu> gpus = List.of(new GpuCheck.Gpu(0, "NVIDIA H100 80GB HBM3", 80 * GIB, 79 * GIB, "9.0"),
			new GpuCheck.Gpu(1, "NVIDIA A10", 24 * GIB, GIB / 4, "8.6"));
		List<Check> checks = GpuCheck.of(facts(true, gpus, TWO, ""), false, -1, DEFAULTS);
		assertEquals(2, checks.size());
		Check h100 = checks.get(0);
		assertEquals(Check.Status.OK, h100.status(), h100.line());
		int largest = MemoryCheck.largestSinglePass(DEFAULTS, 79 * GIB, false);
		assertEquals("GPU 0: NVIDIA H100 80GB HBM3, compute capability 9.0, 79.0 GiB free of 80.0 GiB; vgg19 styles up to "
			+ "about " + largest + " px in one pass (lbfgs, other settings at their defaults; larger sizes run with tile_size)",
			h100.name() + ": " + h100.detail());
		assertEquals(Check.Status.WARNING, checks.get(1).status(), "a GPU whose free memory is too small for the default size");
		assertEquals(List.of("GPU 1"), GpuCheck.of(facts(true, gpus, TWO, ""), true, 1, DEFAULTS).stream().map(Check::name)
			.toList(), "gpu:1 checks that one only");
		Check missing = GpuCheck.of(facts(true, gpus, TWO, ""), true, 5, DEFAULTS).get(0);
		assertEquals(Check.Status.FAILED, missing.status());
		assertEquals("GPU 5: PyTorch sees 2 GPU(s), gpu:0 to gpu:1", missing.name() + ": " + missing.detail());
	}

	@Test
	void noGpuIsFineWhenTheCpuIsCheckedTooAndAFailureWhenTheGpuIsAskedFor() {
		Check auto = GpuCheck.of(facts(false, List.of(), NO_DRIVER, ""), false, -1, DEFAULTS).get(0);
		assertEquals("ok       GPU: none: no NVIDIA driver found (its library libcuda is not installed); runs compute on the "
			+ "CPU", auto.line());
		Check gpu = GpuCheck.of(facts(false, List.of(), NO_DRIVER, ""), true, -1, DEFAULTS).get(0);
		assertEquals("failed   GPU: none: no NVIDIA driver found (its library libcuda is not installed); run on a machine "
			+ "with an NVIDIA GPU and its driver, or use device=cpu", gpu.line());
		// A CUDA runtime without a driver says "insufficient driver": still simply no GPU.
		Check runtimeOnly = GpuCheck.of(facts(false, List.of(), NO_DRIVER, "CUDA driver version is insufficient for CUDA "
			+ "runtime version (CUDA error 35)"), false, -1, DEFAULTS).get(0);
		assertEquals(Check.Status.OK, runtimeOnly.status(), runtimeOnly.line());
	}

	@Test
	void aGpuThatTheCpuBuildCannotUseSaysHowToUseIt() {
		Check c = GpuCheck.of(facts(false, List.of(), TWO, ""), false, -1, DEFAULTS).get(0);
		assertEquals(Check.Status.WARNING, c.status());
		assertEquals("the NVIDIA driver sees 2 GPUs (NVIDIA H100 80GB HBM3, NVIDIA A10), but PyTorch is the CPU build: " + JAR
			+ "; runs compute on the CPU", c.detail());
		assertTrue(c.todo().contains("pytorch-native-cpu") && c.todo().contains("PYTORCH_FLAVOR"), c.todo());
		assertEquals(Check.Status.FAILED, GpuCheck.of(facts(false, List.of(), TWO, ""), true, -1, DEFAULTS).get(0).status());
	}

	@Test
	void aCudaBuildThatFindsNoGpuSaysWhy() {
		Check noRuntime = GpuCheck.of(facts(true, List.of(), TWO, ""), false, -1, DEFAULTS).get(0);
		assertTrue(noRuntime.detail().contains("PyTorch is a CUDA build, but PyTorch uses none: DJL finds no CUDA runtime "
			+ "library (libcudart)"), noRuntime.detail());
		assertTrue(noRuntime.todo().contains("LD_LIBRARY_PATH"), noRuntime.todo());
		CudaDriver.View oldDriver = new CudaDriver.View(true, "11.4", List.of(), List.of(), "");
		Check old = GpuCheck.of(facts(true, List.of(), oldDriver, "CUDA driver version is insufficient for CUDA runtime "
			+ "version (CUDA error 35)"), true, -1, DEFAULTS).get(0);
		assertEquals("failed   GPU: no usable GPU: the NVIDIA driver (CUDA 11.4) is there, but CUDA: CUDA driver version is "
			+ "insufficient for CUDA runtime version (CUDA error 35); update the NVIDIA driver to one that supports the CUDA "
			+ "version of the PyTorch build", old.line());
	}

	@Test
	void unknownFreeMemoryIsAWarning() {
		Check c = GpuCheck.of(facts(true, List.of(new GpuCheck.Gpu(0, "NVIDIA T4", 16 * GIB, -1, "")), TWO, ""), false, -1,
			DEFAULTS).get(0);
		assertEquals(Check.Status.WARNING, c.status());
		assertEquals("NVIDIA T4, 16.0 GiB; its free memory is unknown (DJL could not ask the CUDA runtime)", c.detail());
	}

	@Test
	void theDriverCanBeAskedWithoutAGpu() {
		// On this machine: whatever the driver says, asking never throws.
		CudaDriver.View view = CudaDriver.ask();
		assertTrue(view.loaded() || !view.problem().isEmpty(), view.toString());
		assertEquals(view.names().size(), view.totalBytes().size());
	}
}

package sc.fiji.neuralstyle.engine.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.files.ChildJvm;

class DjlSetupTest {

	private static final String REASON = "a CUDA runtime that fails here (a CUDA toolkit without a GPU, an old driver)";

	@Test
	void djlsGpuCountWarningIsNotShown() throws Exception {
		// Where CUDA is not installed, or works, DJL never warned: nothing to test.
		assumeTrue(DjlSetup.cudaProblem().isPresent(), "needs " + REASON);
		Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m"), EngineStart.class)).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(10, TimeUnit.MINUTES));
		assertEquals(0, p.exitValue(), output);
		assertTrue(output.contains("GPUS 0"), output);
		// It came twice on every run, even with the CPU build, which cannot use a GPU anyway.
		assertFalse(output.contains("Failed to detect GPU count"), output);
		assertFalse(output.contains("finds no GPU"), "the CPU build needs no word about GPUs: " + output);
	}

	@Test
	void askingForAGpuThatCudaCannotReachSaysWhy() {
		Engine engine = DjlSetup.pytorch();
		assumeTrue(engine.getGpuCount() == 0 && DjlSetup.cudaProblem().isPresent(), "needs " + REASON + " and no GPU for PyTorch");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve(ComputeDevice.FIRST_GPU, engine));
		assertTrue(e.getMessage().startsWith("device: gpu asked for, but PyTorch sees no CUDA GPU (engine "
			+ engine.getVersion() + "; CUDA: " + DjlSetup.cudaProblem().get() + "); use device=auto or cpu"), e.getMessage());
	}
}

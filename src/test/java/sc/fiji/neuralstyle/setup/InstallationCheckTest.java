package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import ai.djl.engine.Engine;
import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.params.Params;

/**
 * The whole check on a machine whose parts are replaced where a test needs another outcome: an engine
 * that does not start, a container's memory limit, an unwritable cache, a damaged weights file, an old
 * ImageJ, a GPU (with an injected result) — the real parts otherwise.
 */
class InstallationCheckTest {

	private static final long GIB = 1L << 30;

	@TempDir
	Path dir;

	/** This machine, with an empty models folder and a self-test that returns a made-up result at once. */
	private class Fake extends InstallationCheck.Machine {

		@Override
		public Path modelsFolder() {
			return dir.resolve("models");
		}

		@Override
		SelfTest.Result selfTest(StyleSettings settings, String device) {
			return result(device, 52.29, 0);
		}
	}

	private static SelfTest.Result result(String device, double firstLoss, float offset) {
		FloatImage content = SelfTest.content();
		float[] data = content.data().clone();
		for (int i = 0; i < data.length; i++) data[i] += offset;
		return new SelfTest.Result(device, "vgg19", new FloatImage(content.width(), content.height(), 3, data),
			List.of(new LossRecord(0, firstLoss, 1, 1, 0, 0, 64), new LossRecord(1, firstLoss * 0.9, 1, 1, 0, 9, 64)), 5, 9);
	}

	private static Check named(CheckReport report, String name) {
		return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError("no check " + name + " in\n" + report.text()));
	}

	private static List<String> names(CheckReport report) {
		return report.checks().stream().map(Check::name).toList();
	}

	@Test
	void everyThingARunNeedsIsCheckedInOrderAndOnlyWarningsPass() {
		List<Check> heard = new ArrayList<>();
		CheckReport report = new InstallationCheck(new Fake()).run(InstallationCheck.Scope.of(ComputeDevice.parse("auto")), heard::add);
		assertEquals(report.checks(), heard, "each check is heard as it comes");
		List<String> expected = new ArrayList<>(List.of("Java", "PyTorch", "GPU", "Memory (CPU)", "Models folder", "DJL cache"));
		for (String network : ModelDescriptor.available()) expected.add(network + " weights");
		expected.add("Self-test on the CPU");
		assertEquals(expected, names(report));
		assertEquals(Check.Status.WARNING, named(report, "vgg19 weights").status(), "missing weights are a warning");
		assertFalse(report.failed(), report.text());
		assertEquals(0, report.exitCode());
		assertTrue(report.text().endsWith("checks: " + report.count(Check.Status.OK) + " ok, "
			+ report.count(Check.Status.WARNING) + " warnings, 0 failed: nothing failed."), report.text());
	}

	@Test
	void anEngineThatDoesNotStartFailsAndSkipsWhatNeedsIt() {
		CheckReport report = new InstallationCheck(new Fake() {
			@Override
			public Engine startEngine() {
				throw new IllegalStateException("PyTorch could not be started (no native library). Put the jar in place.");
			}
		}).run(InstallationCheck.Scope.of(ComputeDevice.parse("auto")), c -> {});
		Check pytorch = named(report, "PyTorch");
		assertEquals("failed   PyTorch: could not be started: PyTorch could not be started (no native library). Put the jar "
			+ "in place; see 'CPU and GPU' in docs/weights-and-check.md and 'Install into Fiji or ImageJ' in docs/fiji.md: a "
			+ "pytorch-native jar for offline use, "
			+ "or PYTORCH_FLAVOR / PYTORCH_LIBRARY_PATH", pytorch.line());
		assertEquals(Check.Status.WARNING, named(report, "GPU").status());
		assertFalse(names(report).contains("Self-test on the CPU"));
		assertEquals(1, report.exitCode());
	}

	/**
	 * A self-test that runs out of Java's memory (a tiny -Xmx, issue 21): the report still ends with
	 * its summary line, and the only -Xmx advice is the memory check's.
	 */
	@Test
	void aSelfTestOutOfJavaMemoryFailsAndTheReportEnds() {
		CheckReport report = new InstallationCheck(new Fake() {
			@Override
			SelfTest.Result selfTest(StyleSettings settings, String device) {
				throw new OutOfMemoryError("Java heap space");
			}

			@Override
			public long javaHeap() {
				return 48L << 20;
			}
		}).run(InstallationCheck.Scope.of(ComputeDevice.parse("cpu")), c -> {});
		assertEquals("failed   Self-test on the CPU: the run ran out of Java's memory (at most 48 MiB); "
			+ MemoryCheck.MORE_JAVA_MEMORY, named(report, "Self-test on the CPU").line());
		assertTrue(named(report, "Memory (CPU)").detail().contains("Java may use 48 MiB"), report.text());
		assertTrue(report.text().endsWith(" 1 failed."), report.text());
		assertEquals(java.util.Set.of("-Xmx8g"), java.util.regex.Pattern.compile("-Xmx\\w+").matcher(report.text()).results()
			.map(java.util.regex.MatchResult::group).collect(java.util.stream.Collectors.toSet()), "one -Xmx advice: "
			+ report.text());
		assertEquals(1, report.exitCode());
	}

	@Test
	void aContainerLimitIsWhatTheMemoryCheckJudges() {
		CheckReport report = new InstallationCheck(new Fake() {
			@Override
			public long availableBytes(Device device) {
				return GIB; // a container limited to 1 GiB on a larger machine
			}

			@Override
			public String memorySource() {
				return "the container's limit";
			}
		}).run(InstallationCheck.Scope.of(ComputeDevice.parse("cpu")), c -> {});
		Check memory = named(report, "Memory (CPU)");
		assertTrue(memory.detail().startsWith("1.0 GiB available to a run (the container's limit)"), memory.detail());
		assertTrue(memory.detail().contains("vgg19 styles up to about " + MemoryCheck.largestSinglePass(
			Params.defaultSettings(), GIB, true) + " px"), memory.detail());
		assertFalse(names(report).contains("GPU"), "device=cpu checks no GPU");
	}

	@Test
	void anUnwritableCacheADamagedFileAndAnOldImageJFail() throws IOException {
		Path models = Files.createDirectories(dir.resolve("models"));
		ModelDescriptor alexnet = ModelDescriptor.load("alexnet");
		Files.write(models.resolve(alexnet.file()), new byte[1000]);
		CheckReport report = new InstallationCheck(new Fake() {
			@Override
			public Path djlCache() {
				return Path.of("/proc/neural-style-djl");
			}

			@Override
			public String imageJVersion() {
				return "1.53t";
			}
		}).run(InstallationCheck.Scope.of(ComputeDevice.parse("cpu")), c -> {});
		assertEquals(Check.Status.FAILED, named(report, "DJL cache").status());
		assertEquals(Check.Status.FAILED, named(report, "alexnet weights").status());
		assertEquals(Check.Status.FAILED, named(report, "ImageJ").status());
		assertEquals(Check.Status.OK, named(report, "Models folder").status());
		assertEquals(1, report.exitCode());
		assertEquals(3, report.count(Check.Status.FAILED), report.text());
	}

	@Test
	void noGpuFailsWhenTheGpuIsAskedForAndTheCpuIsNotChecked() {
		CheckReport report = new InstallationCheck(new Fake() {
			@Override
			GpuCheck.Facts gpus(Engine engine, NativeBuild build) {
				return new GpuCheck.Facts(false, List.of(), CudaDriver.View.none("no NVIDIA driver found"), "", build.source());
			}
		}).run(InstallationCheck.Scope.of(ComputeDevice.parse("gpu")), c -> {});
		assertEquals(Check.Status.FAILED, named(report, "GPU").status());
		assertFalse(names(report).contains("Memory (CPU)"));
		assertFalse(names(report).stream().anyMatch(n -> n.startsWith("Self-test")), names(report).toString());
		assertEquals(1, report.exitCode());
	}

	/** A GPU whose self-test (injected) is compared with the CPU's; the CPU is only the reference with device=gpu. */
	@Test
	void aGpusSelfTestIsHeldToTheCpus() {
		class WithGpu extends Fake {
			final float offset;
			final List<String> devices = new ArrayList<>();

			WithGpu(float offset) {
				this.offset = offset;
			}

			@Override
			GpuCheck.Facts gpus(Engine engine, NativeBuild build) {
				return new GpuCheck.Facts(true, List.of(new GpuCheck.Gpu(0, "NVIDIA H100", 80 * GIB, 79 * GIB, "9.0")),
					new CudaDriver.View(true, "12.8", List.of("NVIDIA H100"), List.of(80 * GIB), ""), "", build.source());
			}

			@Override
			SelfTest.Result selfTest(StyleSettings settings, String device) {
				devices.add(device);
				return result(device, 52.29, device.equals("cpu") ? 0 : offset);
			}
		}
		WithGpu same = new WithGpu(0.5f / 255);
		CheckReport report = new InstallationCheck(same).run(InstallationCheck.Scope.of(ComputeDevice.parse("gpu")), c -> {});
		assertEquals(List.of("cpu", "gpu:0"), same.devices);
		assertEquals(List.of("Self-test on GPU 0", "GPU 0 against the CPU"), names(report).subList(names(report).size() - 2,
			names(report).size()));
		assertFalse(names(report).contains("Self-test on the CPU"), "device=gpu: the CPU's run is only the reference");
		assertEquals(Check.Status.OK, named(report, "GPU 0 against the CPU").status());
		assertEquals(Check.Status.OK, named(report, "GPU 0").status());
		CheckReport off = new InstallationCheck(new WithGpu(5f / 255)).run(InstallationCheck.Scope.of(ComputeDevice.parse("auto")), c -> {});
		assertEquals(Check.Status.FAILED, named(off, "GPU 0 against the CPU").status());
		assertTrue(names(off).contains("Self-test on the CPU"));
		assertEquals(1, off.exitCode());
	}

	@Test
	void scopesFollowTheDeviceParameter() {
		assertEquals(new InstallationCheck.Scope(true, true, false, -1), InstallationCheck.Scope.of(ComputeDevice.parse("auto")));
		assertEquals(new InstallationCheck.Scope(true, false, false, -1), InstallationCheck.Scope.of(ComputeDevice.parse("CPU")));
		assertEquals(new InstallationCheck.Scope(false, true, true, -1), InstallationCheck.Scope.of(ComputeDevice.parse("gpu")));
		assertEquals(new InstallationCheck.Scope(false, true, true, 2), InstallationCheck.Scope.of(ComputeDevice.parse("gpu:2")));
		assertThrows(IllegalArgumentException.class, () -> InstallationCheck.Scope.of(ComputeDevice.parse("tpu")));
	}
}

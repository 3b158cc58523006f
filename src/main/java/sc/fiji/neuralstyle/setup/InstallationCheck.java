package sc.fiji.neuralstyle.setup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.plan.MemoryPlanner;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.plan.SystemMemory;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.net.weights.CacheLocation;
import sc.fiji.neuralstyle.net.weights.DownloadListener;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.weights.WeightStore;
import sc.fiji.neuralstyle.params.Params;

/**
 * Check Installation: what a run needs, checked one thing at a time, each {@link Check} ok, warning
 * or failed with what to do. In order: Java (and ImageJ, in ImageJ), DJL and the PyTorch build (which
 * one, from where and why), the CUDA GPUs, the memory a run may use and the largest image it allows,
 * the models folder and DJL's cache, each network's weights file, and a short self-test on every
 * device that is checked, a GPU's compared with the CPU's. The fronts (command line, ImageJ plugin,
 * SciJava command) show the checks as they come and the report at the end.
 */
public final class InstallationCheck {

	private final Machine machine;

	/** @param machine where the facts come from ({@link Machine} asks this computer) */
	public InstallationCheck(Machine machine) {
		this.machine = machine;
	}

	/**
	 * Which devices to check: the {@code device} parameter's values. auto checks the CPU and every GPU,
	 * cpu only the CPU, gpu every GPU, gpu:N that GPU; when a GPU is asked for, having none is a failure.
	 *
	 * @param cpu whether the CPU is checked
	 * @param gpu whether GPUs are checked
	 * @param gpuRequired whether having no usable GPU is a failure
	 * @param gpuIndex the one GPU to check, or -1 for all
	 */
	public record Scope(boolean cpu, boolean gpu, boolean gpuRequired, int gpuIndex) {

		/** The scope of a {@code device} value: auto, cpu, gpu or gpu:N. */
		public static Scope of(ComputeDevice device) {
			return switch (device.kind()) {
				case AUTO -> new Scope(true, true, false, -1);
				case CPU -> new Scope(true, false, false, -1);
				case FIRST_GPU -> new Scope(false, true, true, -1);
				case GPU -> new Scope(false, true, true, device.gpu());
			};
		}
	}

	/**
	 * Where the facts come from: this computer. The fronts and the tests override what differs
	 * (ImageJ's version, how the engine is started, how to download; fakes for tests).
	 */
	public static class Machine {

		/** This computer's memory, as the engine reads it. */
		private final MemoryProbe memory = SystemMemory.ofThisMachine();

		/** Starts DJL's PyTorch engine. */
		public Engine startEngine() {
			return DjlSetup.pytorch();
		}

		/** The ImageJ version the check runs in, or null outside ImageJ. */
		public String imageJVersion() {
			return null;
		}

		/** The front's way to download a network's weights, for advice. */
		public String howToDownload(String network) {
			return "run ./neural-style --download " + network;
		}

		/**
		 * The memory free for a run on a device. The one place the check asks; the engine plans from
		 * the same {@link MemoryPlanner#available} and {@link SystemMemory#ofThisMachine()}, which honours
		 * container limits (cgroup v1 and v2).
		 */
		public long availableBytes(Device device) {
			return MemoryPlanner.available(device, memory).bytes();
		}

		/** Where {@link #availableBytes} of the CPU comes from, for the report. */
		public String memorySource() {
			return memory.available().source();
		}

		/** The most the Java heap may grow to. */
		public long javaHeap() {
			return Runtime.getRuntime().maxMemory();
		}

		/** Where the weights files are kept. */
		public Path modelsFolder() {
			return CacheLocation.folder();
		}

		/** Whether runs may download weights. */
		public boolean downloadsAllowed() {
			return CacheLocation.downloadsAllowed();
		}

		/** DJL's cache of PyTorch's native library. */
		public Path djlCache() {
			return Utils.getEngineCacheDir("pytorch");
		}

		/** The PyTorch build of a started engine. */
		NativeBuild build(Engine engine) {
			return NativeBuild.of(engine);
		}

		/** What is known about CUDA, with the engine started. */
		GpuCheck.Facts gpus(Engine engine, NativeBuild build) {
			CudaDriver.View driver = CudaDriver.ask();
			List<GpuCheck.Gpu> gpus = new ArrayList<>();
			for (int i = 0; i < engine.getGpuCount(); i++) {
				String name = i < driver.names().size() ? driver.names().get(i) : "(name unknown)";
				long total = i < driver.totalBytes().size() ? driver.totalBytes().get(i) : -1;
				long free;
				try {
					free = availableBytes(Device.gpu(i));
				}
				catch (RuntimeException e) {
					free = -1;
				}
				String capability;
				try {
					String c = CudaUtils.getComputeCapability(i);
					capability = c.length() >= 2 ? c.substring(0, c.length() - 1) + "." + c.charAt(c.length() - 1) : c;
				}
				catch (RuntimeException e) {
					capability = "";
				}
				gpus.add(new GpuCheck.Gpu(i, name, total, free, capability));
			}
			return new GpuCheck.Facts(build.cuda(), gpus, driver, DjlSetup.cudaProblem().orElse(""), build.source());
		}

		/** The self-test on a device. */
		SelfTest.Result selfTest(StyleSettings settings, String device) {
			return SelfTest.run(settings, device);
		}
	}

	/**
	 * Runs every check of the scope.
	 *
	 * @param scope the devices to check
	 * @param each hears each check as soon as it is done (a report is slow: it hashes weights files and
	 *          computes)
	 * @return the report
	 */
	public CheckReport run(Scope scope, Consumer<Check> each) {
		List<Check> checks = new ArrayList<>();
		Consumer<Check> add = c -> {
			checks.add(c);
			each.accept(c);
		};
		StyleSettings defaults = Params.defaultSettings();
		add.accept(Requirements.java(Runtime.version(), System.getProperty("java.vendor", "unknown vendor"),
			System.getProperty("java.home", "?")));
		String imageJ = machine.imageJVersion();
		if (imageJ != null) add.accept(Requirements.imageJ(imageJ));

		Engine engine = null;
		NativeBuild build = null;
		try {
			engine = machine.startEngine();
			build = machine.build(engine);
			add.accept(build.check());
		}
		catch (RuntimeException | LinkageError e) {
			add.accept(NativeBuild.failed(e));
		}
		GpuCheck.Facts gpus = null;
		if (scope.gpu()) {
			if (engine == null) {
				add.accept(new Check("GPU", scope.gpuRequired() ? Check.Status.FAILED : Check.Status.WARNING,
					"not checked: PyTorch did not start", "see the PyTorch line"));
			}
			else {
				gpus = machine.gpus(engine, build);
				GpuCheck.of(gpus, scope.gpuRequired(), scope.gpuIndex(), defaults).forEach(add);
			}
		}
		if (scope.cpu()) {
			add.accept(MemoryCheck.cpu(defaults, machine.availableBytes(Device.cpu()), machine.javaHeap(),
				machine.memorySource()));
		}
		folders().forEach(add);
		WeightStore store = new WeightStore(machine.modelsFolder(), machine.downloadsAllowed());
		for (String network : ModelDescriptor.available()) {
			add.accept(WeightsCheck.of(ModelDescriptor.load(network), store, DownloadListener.NONE, machine::howToDownload));
		}
		if (engine != null) selfTests(scope, defaults, gpus, add);
		return new CheckReport(checks);
	}

	private List<Check> folders() {
		ModelDescriptor largest = ModelDescriptor.available().stream().map(ModelDescriptor::load)
			.max(Comparator.comparingLong(d -> d.size() == null ? 0 : d.size())).orElseThrow();
		return List.of(
			FolderCheck.of("Models folder", machine.modelsFolder(), largest.size() == null ? 0 : largest.size(),
				"the largest weights file (" + largest.sizeText() + " for " + largest.name() + ")",
				"set the system property " + CacheLocation.DIR_PROPERTY
				+ " or the environment variable " + CacheLocation.DIR_ENV + " to a writable folder"),
			FolderCheck.of("DJL cache", machine.djlCache(), DJL_CACHE_BYTES, "unpacking PyTorch (0.4 GB for the CPU build, "
				+ "several GB for a CUDA build)", "set DJL_CACHE_DIR to a writable folder with room"));
	}

	/** The room DJL's cache should have for a PyTorch build it unpacks or downloads. */
	static final long DJL_CACHE_BYTES = 1_000_000_000L;

	/** The CPU's self-test (the reference) and each checked GPU's, compared with it. */
	private void selfTests(Scope scope, StyleSettings defaults, GpuCheck.Facts gpus, Consumer<Check> add) {
		List<GpuCheck.Gpu> devices = gpus == null ? List.of() : gpus.gpus().stream()
			.filter(g -> scope.gpuIndex() < 0 || g.index() == scope.gpuIndex()).toList();
		SelfTest.Result cpu = null;
		if (scope.cpu() || !devices.isEmpty()) {
			try {
				cpu = machine.selfTest(defaults, "cpu");
				if (scope.cpu()) add.accept(SelfTest.check("Self-test on the CPU", cpu));
			}
			catch (RuntimeException e) {
				add.accept(Check.failed("Self-test on the CPU", "the run failed: " + e.getMessage(), SelfTest.REPORT));
			}
			catch (OutOfMemoryError e) {
				// The report goes on to its summary line, with the memory check's one advice.
				add.accept(Check.failed("Self-test on the CPU", "the run ran out of Java's memory (at most "
					+ MemoryCheck.heap(machine.javaHeap()) + ")", MemoryCheck.MORE_JAVA_MEMORY));
			}
		}
		for (GpuCheck.Gpu gpu : devices) {
			String name = "Self-test on GPU " + gpu.index();
			SelfTest.Result result;
			try {
				result = machine.selfTest(defaults, "gpu:" + gpu.index());
			}
			catch (RuntimeException e) {
				add.accept(Check.failed(name, "the run failed: " + e.getMessage(), "update the NVIDIA driver or use "
					+ "another CUDA build of PyTorch; meanwhile use device=cpu"));
				continue;
			}
			add.accept(SelfTest.check(name, result));
			if (cpu != null) add.accept(SelfTestComparison.compare("GPU " + gpu.index() + " against the CPU", cpu, result));
		}
	}
}

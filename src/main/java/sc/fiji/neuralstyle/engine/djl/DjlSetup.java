package sc.fiji.neuralstyle.engine.djl;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Native;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaLibrary;

/**
 * Makes DJL keep to itself before its engine starts: no usage tracking, no download of the native
 * PyTorch library unless the user asked for a particular build, and no GPU warning that does not
 * matter.
 * <p>
 * The one place of the process-wide state about DJL, and why it is process-wide: DJL's engine is one
 * per JVM ({@code Engine.getEngine}), set up by system properties, and its native library, like
 * CUDA's runtime, is loaded once per process; whatever an engine, a run or a SciJava context owns
 * shares them. So whether the engine was started (by a front's own start, {@link #startOnce}), and
 * what CUDA answered, are remembered here, for the JVM.
 */
public final class DjlSetup {

	/**
	 * DJL's logger whose "Failed to detect GPU count" came twice on every run on a machine with a CUDA
	 * toolkit but no GPU, even with the CPU build; {@link #pytorch} says it once instead, when it
	 * matters. Fronts whose logging is not slf4j-simple turn this logger off in their own logging
	 * (the Spark application in log4j 2's).
	 */
	public static final String CUDA_LOGGER = "ai.djl.util.cuda.CudaUtils";

	/** slf4j-simple's level for {@link #CUDA_LOGGER}, which {@link #pytorch} turns off. */
	static final String CUDA_LOG_LEVEL = "org.slf4j.simpleLogger.log." + CUDA_LOGGER;

	private static final Logger LOG = LoggerFactory.getLogger(DjlSetup.class);

	private static Optional<String> cudaProblem;
	private static Optional<CudaLibrary> cudaRuntime;
	private static boolean gpuChecked;
	private static boolean started;

	private DjlSetup() {}

	/**
	 * Turns DJL's usage tracking off and, unless the user set {@code PYTORCH_FLAVOR},
	 * {@code PYTORCH_VERSION} or {@code ai.djl.offline} themselves, puts DJL offline so that it uses
	 * the native library on the class path (or in its cache) and never fetches one by itself. When
	 * PyTorch is a CUDA build that finds no GPU because CUDA fails (an old driver, say), logs one
	 * warning saying why. Call before anything touches the engine; later calls do nothing more.
	 *
	 * @return the PyTorch engine
	 * @throws IllegalStateException if PyTorch cannot start because DJL's cache folder cannot be
	 *           written ({@link DjlCache}): the message names the folder and how to move it
	 */
	public static synchronized Engine pytorch() {
		if (System.getProperty("OPT_OUT_TRACKING") == null) System.setProperty("OPT_OUT_TRACKING", "true");
		if (System.getProperty("ai.djl.offline") == null && !userChoseBuild()) {
			System.setProperty("ai.djl.offline", "true");
		}
		if (System.getProperty(CUDA_LOG_LEVEL) == null) System.setProperty(CUDA_LOG_LEVEL, "off");
		Engine engine;
		try {
			engine = Engine.getEngine("PyTorch");
		}
		catch (RuntimeException e) {
			// DJL says "Failed to extract PyTorch native library" with a trace; say which folder and what to do.
			Optional<String> cache = DjlCache.problem();
			if (cache.isPresent()) throw new IllegalStateException("PyTorch could not be started: " + cache.get(), e);
			throw e;
		}
		if (!gpuChecked) {
			gpuChecked = true;
			QuietNnpack.apply();
			if (engine.hasCapability(StandardCapabilities.CUDA) && engine.getGpuCount() == 0) {
				cudaProblem().ifPresent(why -> LOG.warn("PyTorch {} is a CUDA build but finds no GPU: {}. Computing on the CPU.",
					engine.getVersion(), why));
			}
		}
		return engine;
	}

	/**
	 * Runs a front's own start of the engine (Fiji's: the class loader DJL searches, where the native
	 * library comes from, a line for the log) until one has run to its end; later calls return at once.
	 * A start that throws is tried again by the next call.
	 */
	public static synchronized void startOnce(Runnable start) {
		if (started) return;
		start.run();
		started = true;
	}

	/** Whether {@code PYTORCH_FLAVOR} or {@code PYTORCH_VERSION} (environment or property) asks for a build. */
	public static boolean userChoseBuild() {
		return System.getenv("PYTORCH_FLAVOR") != null || System.getenv("PYTORCH_VERSION") != null
			|| System.getProperty("PYTORCH_FLAVOR") != null || System.getProperty("PYTORCH_VERSION") != null;
	}

	/**
	 * Why CUDA finds no GPU, when its runtime library is installed and fails for a reason other than
	 * "no device" (a driver older than the runtime, no permission, …), as CUDA words it; empty when
	 * there is no CUDA runtime, it finds GPUs, or it simply finds none.
	 */
	public static synchronized Optional<String> cudaProblem() {
		if (cudaProblem == null) {
			cudaProblem = Optional.empty();
			try {
				// No CUDA runtime here: nothing to explain.
				cudaRuntime().ifPresent(cuda -> {
					int result = cuda.cudaGetDeviceCount(new int[1]);
					if (result != 0 && result != CudaLibrary.ERROR_NO_DEVICE) {
						cudaProblem = Optional.of(cuda.cudaGetErrorString(result) + " (CUDA error " + result + ")");
					}
				});
			}
			catch (UnsatisfiedLinkError | RuntimeException e) {
				// A runtime without these functions: nothing to explain either.
			}
		}
		return cudaProblem;
	}

	/**
	 * Whether the CUDA runtime is installed and sees at least one GPU, asked without starting
	 * PyTorch (whose build may still be the CPU one).
	 */
	public static synchronized boolean cudaSeesAGpu() {
		int[] count = new int[1];
		try {
			return cudaRuntime().map(cuda -> cuda.cudaGetDeviceCount(count) == 0 && count[0] > 0).orElse(false);
		}
		catch (UnsatisfiedLinkError | RuntimeException e) {
			return false; // a runtime without the function
		}
	}

	/** CUDA's runtime library, loaded once; empty where it is not installed or cannot be loaded. */
	private static synchronized Optional<CudaLibrary> cudaRuntime() {
		if (cudaRuntime == null) {
			try {
				cudaRuntime = Optional.of(Native.load("cudart", CudaLibrary.class));
			}
			catch (UnsatisfiedLinkError | RuntimeException e) {
				cudaRuntime = Optional.empty();
			}
		}
		return cudaRuntime;
	}
}

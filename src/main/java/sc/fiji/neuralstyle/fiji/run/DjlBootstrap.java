package sc.fiji.neuralstyle.fiji.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import sc.fiji.neuralstyle.engine.djl.DjlCache;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.setup.NativeBuild;

/**
 * Starts DJL's PyTorch engine the way a Fiji plugin needs it.
 * <ul>
 * <li>Class loader: DJL finds its engines and its native-library jars through the thread's context
 * class loader. In plain ImageJ1 the plugin's jars are loaded by ImageJ's PluginClassLoader, which is
 * not the context class loader, and DJL then reports "Deep learning engine not found: PyTorch". The
 * plugin's loader is therefore made the context class loader while DJL is first touched.</li>
 * <li>Native library: with a {@code pytorch-native-*} jar on the class path (recognised by its
 * resource {@value #NATIVE_MARKER}) DJL stays offline and unpacks that library. Without one (the
 * Fiji.app layout ships none, so that each machine gets the build that fits it, CUDA or CPU) DJL is
 * allowed to download the matching libtorch once into its cache ({@code ~/.djl.ai}, or
 * {@code DJL_CACHE_DIR}).</li>
 * <li>No usage tracking.</li>
 * </ul>
 * Call {@link #prepare} before anything else touches DJL (before {@code StyleTransfer.open}).
 */
public final class DjlBootstrap {

	/** The resource every {@code pytorch-native-*} jar has (version, flavor, classifier, libraries). */
	static final String NATIVE_MARKER = NativeBuild.NATIVE_MARKER;

	/** Fallbacks for messages if the engine jar's own properties cannot be read. */
	private static final String PYTORCH_VERSION = "2.7.1";
	private static final String DJL_VERSION = "0.36.0";

	private DjlBootstrap() {}

	/** Where DJL's PyTorch native library comes from. */
	enum Source {
		/** A pytorch-native jar on the class path; DJL stays offline. */
		CLASS_PATH,
		/** DJL's cache, downloaded there if not there yet. */
		DOWNLOAD,
		/** The user decided with ai.djl.offline / DJL_OFFLINE; left as it is. */
		USER
	}

	/**
	 * Makes the PyTorch engine ready, once per JVM ({@link DjlSetup#startOnce}); later calls return at once.
	 *
	 * @param pluginLoader the class loader of the plugin's jars (e.g. {@code getClass().getClassLoader()}
	 *          of the calling plugin); null for this class's own
	 * @param log hears what happens: a download about to start, the build and device in use
	 * @throws IllegalStateException if the engine cannot be started; the message says which jars to put
	 *           into Fiji.app/jars and which environment variables choose another build
	 */
	public static void prepare(ClassLoader pluginLoader, Consumer<String> log) {
		DjlSetup.startOnce(() -> start(pluginLoader, log));
	}

	private static void start(ClassLoader pluginLoader, Consumer<String> log) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		ClassLoader loader = pluginLoader != null ? pluginLoader : DjlBootstrap.class.getClassLoader();
		thread.setContextClassLoader(loader);
		try {
			// Usage tracking is turned off by DjlSetup.pytorch(), before the engine starts.
			Source source = source(loader.getResource(NATIVE_MARKER) != null, System.getProperty("ai.djl.offline"),
				System.getenv("DJL_OFFLINE"), DjlSetup.userChoseBuild());
			if (source == Source.DOWNLOAD) {
				System.setProperty("ai.djl.offline", "false");
				downloadNotice(loader).ifPresent(log);
			}
			Engine engine;
			try {
				// Registered by hand too, in case DJL was first touched elsewhere under another class loader.
				if (!Engine.hasEngine("PyTorch")) Engine.registerEngine(new PtEngineProvider());
				engine = DjlSetup.pytorch();
			}
			catch (RuntimeException | LinkageError e) {
				// A cache folder that cannot be written is the whole story: say which, and how to move it.
				if (DjlCache.problem().isPresent()) {
					throw new IllegalStateException("PyTorch could not be started: " + DjlCache.problem().get(), e);
				}
				throw new IllegalStateException(failureMessage(Utils.isOfflineMode(), source, e, versions(loader)), e);
			}
			log.accept(describe(engine));
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * Decides where the native library comes from.
	 *
	 * @param nativeJar whether a pytorch-native jar is on the class path
	 * @param offlineProperty the system property ai.djl.offline, or null
	 * @param offlineEnv the environment variable DJL_OFFLINE, or null
	 * @param userChoseBuild whether PYTORCH_FLAVOR or PYTORCH_VERSION asks for a particular build
	 */
	static Source source(boolean nativeJar, String offlineProperty, String offlineEnv, boolean userChoseBuild) {
		if (offlineProperty != null || offlineEnv != null) return Source.USER;
		// A chosen build may need a download even with a jar present (engine.DjlSetup then stays online too).
		return nativeJar && !userChoseBuild ? Source.CLASS_PATH : Source.DOWNLOAD;
	}

	/** The line to log before DJL downloads libtorch, or empty if its cache already has the build. */
	private static Optional<String> downloadNotice(ClassLoader loader) {
		String version, flavor, classifier;
		try {
			Platform platform = Platform.detectPlatform("pytorch");
			version = platform.getVersion();
			flavor = platform.getFlavor();
			classifier = platform.getClassifier();
		}
		catch (RuntimeException | LinkageError e) {
			// Detection failing here will fail again, with DJL's own message, when the engine starts.
			return Optional.empty();
		}
		String chosen = System.getenv("PYTORCH_FLAVOR") != null ? System.getenv("PYTORCH_FLAVOR")
			: System.getProperty("PYTORCH_FLAVOR");
		if (chosen != null) flavor = chosen;
		Path cache = Utils.getEngineCacheDir("pytorch");
		if (cachedBuild(cache, version, flavor, classifier).isPresent()) return Optional.empty();
		return Optional.of(downloadMessage(version, flavor, cache));
	}

	/** "Downloading PyTorch 2.7.1 (cpu) to …/.djl.ai/pytorch on first use …". */
	static String downloadMessage(String version, String flavor, Path cache) {
		String kind = flavor.startsWith("cu") ? "the CUDA build for this machine's GPU, about 2 GB"
			: "the CPU build, about 200 MB";
		return "Downloading PyTorch " + version + " (" + flavor + ") to " + cache + " on first use (" + kind
			+ "); later runs use that copy. To work offline instead, put pytorch-native-cpu-" + version
			+ "-<os>.jar into Fiji.app/jars.";
	}

	/**
	 * The cached libtorch folder DJL would use for this build, if there is one: DJL names it
	 * {@code <version>[-<build>]-<flavor>-<classifier>}, and for CUDA it accepts any minor version of
	 * the CUDA major release.
	 */
	static Optional<Path> cachedBuild(Path cache, String version, String flavor, String classifier) {
		if (!Files.isDirectory(cache)) return Optional.empty();
		String family = flavor.startsWith("cu") && flavor.length() >= 4 ? flavor.substring(0, 4) : flavor;
		String library = System.mapLibraryName("torch");
		try (Stream<Path> dirs = Files.list(cache)) {
			return dirs.filter(d -> {
				String name = d.getFileName().toString();
				String built = NativeBuild.flavorOf(name);
				return name.startsWith(version + "-") && name.endsWith("-" + classifier) && built != null
					&& built.startsWith(family) && Files.isRegularFile(d.resolve(library));
			}).findFirst();
		}
		catch (IOException e) {
			return Optional.empty();
		}
	}

	/** The build and device in use, for the log. */
	static String describe(Engine engine) {
		String dir;
		try {
			dir = LibUtils.getLibtorchPath();
		}
		catch (RuntimeException e) {
			dir = null;
		}
		String flavor = dir == null ? null : NativeBuild.flavorOf(dir);
		if (flavor == null) {
			flavor = System.getenv("PYTORCH_FLAVOR") != null ? System.getenv("PYTORCH_FLAVOR")
				: System.getProperty("PYTORCH_FLAVOR", "unknown build");
		}
		int gpus = engine.getGpuCount();
		return "Neural Style: PyTorch " + engine.getVersion() + " (" + flavor + ")" + (dir == null ? "" : " from " + dir)
			+ "; " + (gpus > 0 ? gpus + " CUDA GPU" + (gpus == 1 ? "" : "s") + " found: device=auto computes on GPU 0"
				: "no CUDA GPU in use: computing on the CPU");
	}

	/** The PyTorch and DJL versions the engine jar expects (for jar names in messages). */
	private static String[] versions(ClassLoader loader) {
		Properties p = new Properties();
		try (InputStream in = loader.getResourceAsStream("pytorch-engine.properties")) {
			if (in != null) p.load(in);
		}
		catch (IOException e) {
			// fall back to the versions this plugin was built with
		}
		return new String[] { p.getProperty("pytorch_version", PYTORCH_VERSION), p.getProperty("djl_version", DJL_VERSION) };
	}

	/** What went wrong and what to do, for an engine that did not start. */
	static String failureMessage(boolean offline, Source source, Throwable cause, String[] versions) {
		String pytorch = versions[0], djl = versions[1];
		String os = osClassifier();
		StringBuilder s = new StringBuilder("PyTorch could not be started");
		String detail = cause.getMessage();
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) root = root.getCause();
		if (root != cause && root.getMessage() != null) detail = (detail == null ? "" : detail + ": ") + root.getMessage();
		if (detail != null) s.append(" (").append(detail).append(')');
		s.append(". ");
		if (offline) {
			s.append("DJL is offline (").append(source == Source.USER ? "ai.djl.offline / DJL_OFFLINE is set"
				: "a PyTorch jar is on the class path").append(") and found no usable native library. ");
		}
		else {
			s.append("DJL could not find or download the native library (from publish.djl.ai): check the network "
				+ "connection and proxy settings (Edit > Options > Proxy Settings). ");
		}
		s.append("For offline CPU use, put pytorch-native-cpu-").append(pytorch).append('-').append(os)
			.append(".jar and pytorch-jni-").append(pytorch).append('-').append(djl)
			.append(".jar (Maven Central, group ai.djl.pytorch) into Fiji.app/jars and restart Fiji. ")
			.append("To choose another build: PYTORCH_FLAVOR=cpu or cu128 (the CUDA 12.8 build), PYTORCH_LIBRARY_PATH=<folder "
				+ "with an installed libtorch>, DJL_CACHE_DIR=<folder> for DJL's downloads (default ~/.djl.ai).");
		return s.toString();
	}

	/** DJL's classifier for this machine, e.g. linux-x86_64, osx-aarch64, win-x86_64. */
	static String osClassifier() {
		String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String os = name.startsWith("win") ? "win" : name.startsWith("mac") ? "osx" : "linux";
		String arch = System.getProperty("os.arch", "");
		return os + "-" + (arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : "x86_64");
	}
}

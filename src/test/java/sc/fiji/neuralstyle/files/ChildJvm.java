package sc.fiji.neuralstyle.files;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM of its own for a test's main class, with the project's classes, test
 * classes and runtime dependencies (Maven writes target/runtime-classpath.txt before the tests).
 */
public final class ChildJvm {

	private ChildJvm() {}

	/**
	 * {@code java [jvmOptions] -cp … main args}; DJL stays offline and untracked, and shares this
	 * JVM's cache of unpacked native libraries.
	 */
	public static List<String> command(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
		Path target = Path.of("target").toAbsolutePath();
		Path runtime = target.resolve("runtime-classpath.txt");
		if (!Files.exists(runtime)) {
			throw new IllegalStateException(runtime + " is missing: run the tests through Maven (it writes the file)");
		}
		String classPath = String.join(File.pathSeparator, target.resolve("test-classes").toString(),
			target.resolve("classes").toString(), Files.readString(runtime).strip());
		List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.addAll(jvmOptions);
		cmd.addAll(List.of("-Djava.awt.headless=true", "-DOPT_OUT_TRACKING=true", "-Dai.djl.offline=true"));
		String djlCache = System.getProperty("DJL_CACHE_DIR");
		if (djlCache != null) cmd.add("-DDJL_CACHE_DIR=" + djlCache);
		cmd.addAll(List.of("-cp", classPath, main.getName()));
		cmd.addAll(List.of(args));
		return cmd;
	}
}

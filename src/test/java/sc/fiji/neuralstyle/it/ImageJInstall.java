package sc.fiji.neuralstyle.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A plain ImageJ1 installation with the plugin in it the way a user installs it, for tests that run
 * ImageJ in its own JVM: {@code plugins/Neural_Style-test.jar} (built from target/classes, with
 * plugins.config at its root) and {@code jars/} with the runtime dependencies. ImageJ's
 * PluginClassLoader loads both (it adds the install's jars/ folder), so the plugin runs under that
 * class loader exactly as in a user's ImageJ. Unlike the Fiji.app layout of {@code mvn package},
 * jars/ also holds pytorch-native-cpu, so that no libtorch download is needed, and the jars Fiji
 * already has (scijava-common, imglib2), which a plain ImageJ lacks. ImageJ itself (ij.jar) is the
 * class path of the JVM, as when ImageJ is started with {@code java -jar ij.jar}.
 * <p>
 * Each JVM gets a home folder of its own (so no IJ_Prefs.txt of the user is read or written) but
 * keeps DJL's cache of unpacked native libraries.
 */
final class ImageJInstall {

	private static ImageJInstall instance;

	final Path root;
	final Path ijJar;
	final Path project;

	private ImageJInstall(Path project, Path root, Path ijJar) {
		this.project = project;
		this.root = root;
		this.ijJar = ijJar;
	}

	/** Whether there is an X server for ImageJ1 (AWT) in a JVM of its own. */
	static boolean hasDisplay() {
		return System.getenv("DISPLAY") != null;
	}

	/**
	 * Skips the calling test, visibly, when there is no X server. Call it in a {@code @BeforeEach}:
	 * an assumption in {@code @BeforeAll} made Maven report "Tests run: 0" instead of the skipped
	 * tests.
	 */
	static void assumeDisplay() {
		assumeTrue(hasDisplay(), "not tested: ImageJ1 needs an X server for run() and dialogs;"
			+ " run the tests under xvfb-run (see README)");
	}

	/** The shared installation under target/imagej-it, made on first use in this JVM. */
	static synchronized ImageJInstall get() throws IOException {
		assumeDisplay();
		if (instance != null) return instance;
		Path project = Path.of("").toAbsolutePath();
		Path target = project.resolve("target");
		Path classpathFile = target.resolve("runtime-classpath.txt");
		if (!Files.exists(classpathFile)) {
			fail("target/runtime-classpath.txt is missing: run the tests through Maven (it writes the file)");
		}
		List<Path> runtime = Arrays.stream(Files.readString(classpathFile).strip().split(File.pathSeparator))
			.map(Path::of).toList();
		Path ij = runtime.stream().filter(p -> p.getFileName().toString().matches("ij-1\\..*\\.jar")).findFirst()
			.orElseThrow(() -> new IllegalStateException("no ij jar in " + classpathFile));
		Path root = target.resolve("imagej-it").resolve("ImageJ");
		deleteTree(root);
		Files.createDirectories(root.resolve("plugins"));
		Files.createDirectories(root.resolve("jars"));
		Files.createDirectories(root.resolve("home"));
		jar(target.resolve("classes"), root.resolve("plugins").resolve("Neural_Style-test.jar"));
		for (Path dependency : runtime) {
			if (dependency.equals(ij)) continue;
			// Links: the native jar alone is 200 MB.
			Files.createSymbolicLink(root.resolve("jars").resolve(dependency.getFileName()), dependency);
		}
		instance = new ImageJInstall(project, root, ij);
		return instance;
	}

	/**
	 * A second installation beside this one, made afresh, whose jars/ lacks the jars whose names
	 * start with {@code missing}: a user's ImageJ where one library was not copied.
	 */
	ImageJInstall without(String missing) throws IOException {
		Path other = root.resolveSibling("ImageJ-without-" + missing);
		deleteTree(other);
		Files.createDirectories(other.resolve("plugins"));
		Files.createDirectories(other.resolve("jars"));
		Files.createDirectories(other.resolve("home"));
		Files.copy(root.resolve("plugins").resolve("Neural_Style-test.jar"),
			other.resolve("plugins").resolve("Neural_Style-test.jar"));
		try (Stream<Path> jars = Files.list(root.resolve("jars"))) {
			for (Path link : jars.toList()) {
				if (link.getFileName().toString().startsWith(missing)) continue;
				Files.createSymbolicLink(other.resolve("jars").resolve(link.getFileName()), Files.readSymbolicLink(link));
			}
		}
		return new ImageJInstall(project, other, ijJar);
	}

	/**
	 * This installation started by another version of ImageJ (ij.jar), one that the build copied to
	 * target/imagej-versions (see neural-style.pom.xml).
	 */
	ImageJInstall withImageJ(String version) {
		Path jar = project.resolve("target").resolve("imagej-versions").resolve("ij-" + version + ".jar");
		if (!Files.isRegularFile(jar)) {
			fail(jar + " is missing: run the tests through Maven (it copies the ImageJ versions the tests use)");
		}
		return new ImageJInstall(project, root, jar);
	}

	/** The JVM command line up to the main class: ij.jar (plus {@code extraClassPath}) as class path. */
	List<String> java(Path home, String... extraClassPath) {
		List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx2g");
		cmd.add("-Djava.awt.headless=false");
		cmd.add("-Duser.home=" + home);
		cmd.add("-DDJL_CACHE_DIR=" + djlCache());
		List<String> cp = new ArrayList<>();
		cp.add(ijJar.toString());
		cp.addAll(List.of(extraClassPath));
		cmd.add("-cp");
		cmd.add(String.join(File.pathSeparator, cp));
		return cmd;
	}

	/** A fresh, empty home folder for one JVM. */
	Path newHome(String name) throws IOException {
		Path home = root.resolve("home").resolve(name);
		deleteTree(home);
		return Files.createDirectories(home);
	}

	/** DJL's cache as this JVM sees it, so the child JVM finds the unpacked libtorch. */
	private static Path djlCache() {
		String dir = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
		return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".djl.ai");
	}

	/** What a finished JVM printed. */
	record Output(int exitCode, String stdout, String stderr) {

		/** Both streams, for failure messages. */
		String all() {
			return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + tail(stderr);
		}

		private static String tail(String s) {
			// libtorch prints many NNPACK warnings on some CPUs; keep the end, where errors are.
			return s.length() > 6000 ? "…" + s.substring(s.length() - 6000) : s;
		}
	}

	/**
	 * Runs a command to its end. The limit only guards against a hung JVM (e.g. a modal dialog nobody
	 * closes): the JVM fails when it has printed nothing for {@code silentSeconds}, however long it
	 * runs, as a crowded machine makes the runs many times slower (the macro test took 188 s at a
	 * load of 20 on two cores).
	 */
	Output run(List<String> command, Path workDir, long silentSeconds) throws IOException, InterruptedException {
		Path out = Files.createTempFile(workDir, "stdout", ".txt");
		Path err = Files.createTempFile(workDir, "stderr", ".txt");
		Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
			.redirectError(err.toFile()).start();
		long printed = -1, lastPrinted = System.nanoTime();
		while (!p.waitFor(1, TimeUnit.SECONDS)) {
			long now = Files.size(out) + Files.size(err);
			if (now != printed) {
				printed = now;
				lastPrinted = System.nanoTime();
			}
			else if (System.nanoTime() - lastPrinted > TimeUnit.SECONDS.toNanos(silentSeconds)) {
				p.descendants().forEach(ProcessHandle::destroyForcibly);
				p.destroyForcibly();
				p.waitFor(10, TimeUnit.SECONDS);
				fail("ImageJ printed nothing for " + silentSeconds + " s (a dialog waiting for input?): "
					+ new Output(-1, read(out), read(err)).all());
			}
		}
		return new Output(p.exitValue(), read(out), read(err));
	}

	/**
	 * Runs a command until its output shows {@code text} and then {@code settleSeconds} more (to see
	 * what comes after), then ends it: for a run that stops at a dialog, as plain ImageJ's batch mode
	 * does at a macro error. Fails if the text does not come within {@code limitSeconds}.
	 */
	Output runUntil(List<String> command, Path workDir, String text, long settleSeconds, long limitSeconds)
		throws IOException, InterruptedException
	{
		Path out = Files.createTempFile(workDir, "stdout", ".txt");
		Path err = Files.createTempFile(workDir, "stderr", ".txt");
		Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
			.redirectError(err.toFile()).start();
		try {
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
			while (!(read(out) + read(err)).contains(text)) {
				if (p.waitFor(1, TimeUnit.SECONDS) || System.nanoTime() > end) {
					fail("no '" + text + "' in the output: " + new Output(p.isAlive() ? -1 : p.exitValue(), read(out), read(err)).all());
				}
			}
			p.waitFor(settleSeconds, TimeUnit.SECONDS);
			return new Output(p.isAlive() ? -1 : p.exitValue(), read(out), read(err));
		}
		finally {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			p.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

	/** A jar of a folder's files (no manifest needed: ImageJ reads plugins.config). */
	private static void jar(Path dir, Path jar) throws IOException {
		try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
			Stream<Path> files = Files.walk(dir))
		{
			for (Path f : files.sorted().toList()) {
				if (!Files.isRegularFile(f)) continue;
				out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
				Files.copy(f, out);
				out.closeEntry();
			}
		}
	}

	static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
		Files.walkFileTree(dir, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
				if (e != null) throw e;
				Files.delete(d);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	/** Files of a folder, sorted, for messages. */
	static List<String> list(Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted(Comparator.naturalOrder()).toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

package sc.fiji.neuralstyle.fiji.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.engine.EngineException;
import sc.fiji.neuralstyle.fiji.Fixtures;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;

class DjlBootstrapTest {

	@TempDir
	Path dir;

	@BeforeAll
	static void offline() {
		Fixtures.headless();
	}

	@Test
	void theNativeJarIsRecognisedByItsMarker() {
		URL marker = DjlBootstrapTest.class.getClassLoader().getResource(DjlBootstrap.NATIVE_MARKER);
		assertNotNull(marker, "pytorch-native-cpu is a test dependency and has " + DjlBootstrap.NATIVE_MARKER);
		assertTrue(marker.toString().contains("pytorch-native-cpu"), marker.toString());
		try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
			assertNull(bare.getResource(DjlBootstrap.NATIVE_MARKER), "control: a loader without the jar has none");
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void whereTheLibraryComesFrom() {
		assertEquals(DjlBootstrap.Source.CLASS_PATH, DjlBootstrap.source(true, null, null, false));
		assertEquals(DjlBootstrap.Source.DOWNLOAD, DjlBootstrap.source(false, null, null, false),
			"no native jar (the Fiji.app layout): DJL fetches the build for this machine");
		assertEquals(DjlBootstrap.Source.DOWNLOAD, DjlBootstrap.source(true, null, null, true),
			"PYTORCH_FLAVOR / PYTORCH_VERSION ask for another build");
		assertEquals(DjlBootstrap.Source.USER, DjlBootstrap.source(false, "true", null, false));
		assertEquals(DjlBootstrap.Source.USER, DjlBootstrap.source(true, null, "false", false));
	}

	@Test
	void cachedBuilds() throws IOException {
		String lib = System.mapLibraryName("torch");
		assertTrue(DjlBootstrap.cachedBuild(dir.resolve("none"), "2.7.1", "cpu", "linux-x86_64").isEmpty());
		Path jarCopy = Files.createDirectories(dir.resolve("2.7.1-20250812-cpu-linux-x86_64"));
		assertTrue(DjlBootstrap.cachedBuild(dir, "2.7.1", "cpu", "linux-x86_64").isEmpty(), "a folder without the library");
		Files.createFile(jarCopy.resolve(lib));
		assertEquals(jarCopy, DjlBootstrap.cachedBuild(dir, "2.7.1", "cpu", "linux-x86_64").orElseThrow());
		assertTrue(DjlBootstrap.cachedBuild(dir, "2.7.1", "cu124", "linux-x86_64").isEmpty());
		assertTrue(DjlBootstrap.cachedBuild(dir, "2.5.1", "cpu", "linux-x86_64").isEmpty());
		Path cuda = Files.createDirectories(dir.resolve("2.7.1-cu126-linux-x86_64"));
		Files.createFile(cuda.resolve(lib));
		assertEquals(cuda, DjlBootstrap.cachedBuild(dir, "2.7.1", "cu124", "linux-x86_64").orElseThrow(),
			"DJL takes any CUDA 12.x build for cu124");
	}

	@Test
	void messages() {
		String download = DjlBootstrap.downloadMessage("2.7.1", "cpu", Path.of("/home/u/.djl.ai/pytorch"));
		assertTrue(download.startsWith("Downloading PyTorch 2.7.1 (cpu) to /home/u/.djl.ai/pytorch on first use"), download);
		String failure = DjlBootstrap.failureMessage(true, DjlBootstrap.Source.CLASS_PATH,
			new EngineException("Failed to load PyTorch native library", new UnsatisfiedLinkError("libtorch.so: no such file")),
			new String[] { "2.7.1", "0.36.0" });
		for (String expected : List.of("Failed to load PyTorch native library", "libtorch.so: no such file", "offline",
			"pytorch-native-cpu-2.7.1-" + DjlBootstrap.osClassifier() + ".jar", "pytorch-jni-2.7.1-0.36.0.jar",
			"Fiji.app/jars", "PYTORCH_FLAVOR", "PYTORCH_LIBRARY_PATH", "DJL_CACHE_DIR")) {
			assertTrue(failure.contains(expected), "'" + expected + "' in: " + failure);
		}
		String online = DjlBootstrap.failureMessage(false, DjlBootstrap.Source.DOWNLOAD, new IllegalStateException("timeout"),
			new String[] { "2.7.1", "0.36.0" });
		assertTrue(online.contains("network"), online);
		assertFalse(online.contains("DJL is offline"), online);
	}

	@Test
	void prepareStartsTheEngineAndRestoresTheContextLoader() throws IOException {
		ClassLoader before = Thread.currentThread().getContextClassLoader();
		List<String> log = new ArrayList<>();
		try (URLClassLoader plugin = new URLClassLoader(new URL[0], DjlBootstrapTest.class.getClassLoader())) {
			DjlBootstrap.prepare(plugin, log::add);
		}
		assertSame(before, Thread.currentThread().getContextClassLoader());
		String described = DjlBootstrap.describe(DjlSetup.pytorch());
		assertTrue(described.contains("PyTorch 2.7.1 (cpu)"), described);
		assertTrue(described.contains("computing on the CPU"), described);
		assertTrue(log.isEmpty() || log.get(log.size() - 1).equals(described), "what prepare logged: " + log);
	}
}

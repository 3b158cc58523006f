package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;

/** Which PyTorch build is loaded, from where and why, in DJL's order of places. */
class NativeBuildTest {

	@Test
	void theReasonFollowsDjlsOrder() {
		assertEquals("PYTORCH_LIBRARY_PATH=/opt/libtorch points there",
			NativeBuild.source("/opt/libtorch", "/jars/pytorch-native-cpu.jar", false, "cu128", true));
		assertEquals("unpacked from /jars/pytorch-native-cpu.jar on the class path (DJL takes a native jar there before any "
			+ "download)", NativeBuild.source(null, "/jars/pytorch-native-cpu.jar", false, null, false));
		assertEquals("downloaded by DJL from publish.djl.ai into its cache on first use, as no pytorch-native jar is on the "
			+ "class path; PYTORCH_FLAVOR=cu128 chose the build", NativeBuild.source(null, null, false, "cu128", true));
		assertEquals("downloaded by DJL from publish.djl.ai into its cache on first use, as PYTORCH_VERSION asks for another "
			+ "version than the class path's jar; DJL chose the CUDA build for the CUDA version it found",
			NativeBuild.source(null, "/jars/pytorch-native-cpu.jar", true, null, true));
		assertTrue(NativeBuild.source(null, null, false, null, false).endsWith("DJL found no CUDA GPU, so it chose the CPU build"));
	}

	@Test
	void theFlavourIsInTheFolderName() {
		assertEquals("cpu", NativeBuild.flavorOf("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64"));
		assertEquals("cu128", NativeBuild.flavorOf("C:\\Users\\a\\.djl.ai\\pytorch\\2.7.1-cu128-win-x86_64"));
		assertEquals("cpu-precxx11", NativeBuild.flavorOf("/c/1.9.1-cpu-precxx11-linux-x86_64"));
		assertEquals("cu124", NativeBuild.flavorOf("/c/2.7.1-cu124-linux-x86_64"));
		assertNull(NativeBuild.flavorOf("/usr/lib/libtorch"));
	}

	@Test
	void theTestsRunOnTheClassPathsCpuJar() {
		String jar = NativeBuild.nativeJar(getClass().getClassLoader());
		assertTrue(jar != null && jar.endsWith("pytorch-native-cpu-2.7.1-linux-x86_64.jar"), String.valueOf(jar));
		NativeBuild build = NativeBuild.of(DjlSetup.pytorch());
		assertEquals("cpu", build.flavor());
		assertEquals("2.7.1", build.pytorchVersion());
		assertTrue(build.source().startsWith("unpacked from " + jar), build.source());
		assertTrue(build.check().line().startsWith("ok       PyTorch: DJL 0.36.0 with PyTorch 2.7.1, the CPU build (cpu) in "),
			build.check().line());
	}
}

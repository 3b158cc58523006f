package sc.fiji.neuralstyle.net.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheLocationTest {

	@TempDir
	Path tmp;

	@Test
	void folderRules() throws IOException {
		Map<String, String> props = new HashMap<>(Map.of("user.home", "/home/u"));
		Map<String, String> env = new HashMap<>();
		assertEquals(Path.of("/home/u/.cache/neural-style/models"), CacheLocation.folder(props::get, env::get));
		env.put("XDG_CACHE_HOME", "/xdg");
		assertEquals(Path.of("/xdg/neural-style/models"), CacheLocation.folder(props::get, env::get));
		Path fiji = Files.createDirectories(tmp.resolve("Fiji.app"));
		props.put("ij.dir", fiji.toString());
		assertEquals(fiji.resolve("models/neural-style"), CacheLocation.folder(props::get, env::get));
		props.put("ij.dir", tmp.resolve("not-fiji").toString()); // no such Fiji: ignored
		assertEquals(Path.of("/xdg/neural-style/models"), CacheLocation.folder(props::get, env::get));
		props.put("imagej.dir", fiji.toString());
		assertEquals(fiji.resolve("models/neural-style"), CacheLocation.folder(props::get, env::get));
		env.put(CacheLocation.DIR_ENV, "/env/models");
		assertEquals(Path.of("/env/models"), CacheLocation.folder(props::get, env::get));
		props.put(CacheLocation.DIR_PROPERTY, "/prop/models");
		assertEquals(Path.of("/prop/models"), CacheLocation.folder(props::get, env::get));
	}

	@Test
	void offlineSwitch() {
		Map<String, String> props = new HashMap<>();
		Map<String, String> env = new HashMap<>();
		assertTrue(CacheLocation.downloadsAllowed(props::get, env::get));
		env.put(CacheLocation.OFFLINE_ENV, "1");
		assertFalse(CacheLocation.downloadsAllowed(props::get, env::get));
		props.put(CacheLocation.OFFLINE_PROPERTY, "false"); // the property wins over the environment
		assertTrue(CacheLocation.downloadsAllowed(props::get, env::get));
		props.put(CacheLocation.OFFLINE_PROPERTY, " TRUE ");
		assertFalse(CacheLocation.downloadsAllowed(props::get, env::get));
	}
}

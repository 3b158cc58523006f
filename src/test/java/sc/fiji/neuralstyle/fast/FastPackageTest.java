package sc.fiji.neuralstyle.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.PackageImports;

/**
 * The package plugs into an engine entry later, so it depends on no front and not on the pixel
 * optimisation's run: the JDK, DJL, {@code net}, {@code flow}, {@code files}, {@code text}, and of the
 * engine the loss formulas and plain types only.
 */
class FastPackageTest {

	/** Below {@code engine.}: the loss formulas, the plain types and pixel helpers. */
	private static final Set<String> ENGINE_CLASSES = Set.of("terms.LossFormulas", "settings.LayerWeights",
		"pixels.FloatImage", "pixels.Resampler", "pixels.ColorTransfer");

	@Test
	void importsOnlyWhatACoreMay() throws IOException {
		assertEquals(List.of(), PackageImports.refused("fast", FastPackageTest::allowed));
	}

	private static boolean allowed(String name) {
		if (name.startsWith("java.") || name.startsWith("ai.djl.")) return true;
		for (String p : List.of("net", "flow", "files", "text", "fast")) {
			if (name.startsWith("sc.fiji.neuralstyle." + p + ".")) return true;
		}
		String engine = "sc.fiji.neuralstyle.engine.";
		return ENGINE_CLASSES.stream().anyMatch(c -> name.equals(engine + c) || name.startsWith(engine + c + "."));
	}
}

package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.PackageImports;

/** The engine imports this package, so it imports only BoofCV and the JDK (docs/design.md). */
class FlowPackageTest {

	@Test
	void importsOnlyBoofcvAndTheJdk() throws IOException {
		assertEquals(List.of(), PackageImports.refused("flow", name -> name.startsWith("java.") || name.startsWith("boofcv.")));
	}
}

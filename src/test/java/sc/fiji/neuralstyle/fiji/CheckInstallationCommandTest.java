package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.net.weights.CacheLocation;

/** Check Installation as a SciJava command, as a script runs it. */
class CheckInstallationCommandTest {

	@TempDir
	Path models;

	private Context context;

	@BeforeAll
	static void headless() {
		Fixtures.headless();
	}

	@AfterEach
	void dispose() {
		System.clearProperty(CacheLocation.DIR_PROPERTY);
		if (context != null) context.dispose();
	}

	@Test
	void aScriptGetsTheReportAndWhetherNothingFailed() throws Exception {
		assumeTrue(DjlSetup.pytorch().getGpuCount() == 0, "this machine has a GPU PyTorch uses");
		System.setProperty(CacheLocation.DIR_PROPERTY, models.toString());
		context = new Context();
		CommandModule module = context.service(CommandService.class).run(CheckInstallationCommand.class, true,
			"device", "gpu").get();
		String report = (String) module.getOutput("report");
		assertEquals(false, module.getOutput("passed"), report);
		assertTrue(report.startsWith("ok       Java: "), report);
		assertTrue(report.contains("\nok       ImageJ: 1.54p"), "in Fiji the ImageJ version is checked too: " + report);
		assertTrue(report.contains("\nfailed   GPU: none: "), report);
		assertTrue(report.contains("use Plugins > Neural Style > Download Weights... and tick vgg19"), report);
		assertTrue(report.contains(models.toString()), "the models folder of the run: " + report);
	}
}

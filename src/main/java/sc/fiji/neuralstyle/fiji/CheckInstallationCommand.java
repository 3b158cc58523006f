package sc.fiji.neuralstyle.fiji;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.setup.CheckReport;
import sc.fiji.neuralstyle.setup.InstallationCheck;

/**
 * Check Installation as a SciJava command, for scripts (headless too): the same checks as Plugins ›
 * Neural Style › Check Installation. Outputs the report's text and whether nothing failed; each check
 * is also logged as it comes. For example, in a Groovy script:
 * {@code commands.run(sc.fiji.neuralstyle.fiji.CheckInstallationCommand, false, "device", "auto").get().getOutput("passed")}.
 */
@Plugin(type = Command.class, headless = true, label = "Check Neural Style Installation")
public class CheckInstallationCommand implements Command {

	@Parameter
	private LogService log;

	@Parameter(label = "Device", description = "auto (the CPU and every GPU), cpu, gpu (every GPU, none is a failure) or gpu:N")
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Report")
	private String report;

	@Parameter(type = ItemIO.OUTPUT, label = "Nothing failed")
	private boolean passed;

	@Override
	public void run() {
		InstallationCheck.Scope scope = InstallationCheck.Scope.of(Params.DEVICE.parse(device));
		CheckReport result = new InstallationCheck(new FijiMachine(getClass().getClassLoader())).run(scope,
			c -> log.info(c.line()));
		report = result.text();
		passed = !result.failed();
	}

	/** The report's text (after {@link #run}). */
	public String report() {
		return report;
	}

	/** Whether no check failed (after {@link #run}). */
	public boolean passed() {
		return passed;
	}

	/** Sets the devices to check: auto, cpu, gpu or gpu:N. */
	public void setDevice(String device) {
		this.device = device;
	}
}

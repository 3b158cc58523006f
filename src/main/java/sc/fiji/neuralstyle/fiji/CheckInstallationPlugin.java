package sc.fiji.neuralstyle.fiji;

import java.awt.Window;
import java.util.Map;

import ij.IJ;
import ij.Macro;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.setup.Check;
import sc.fiji.neuralstyle.setup.CheckReport;
import sc.fiji.neuralstyle.setup.InstallationCheck;

/**
 * Plugins › Neural Style › Check Installation: the checks of {@link InstallationCheck}, one line
 * each in the Log window as they come, then the table "Neural Style installation" (an ImageJ
 * results table: File › Save As… writes it to send). A macro may choose the devices as on the
 * command line: {@code run("Check Installation", "device=gpu")}. A macro stops when a check fails.
 */
public class CheckInstallationPlugin implements PlugIn {

	/** The title of the results table. */
	static final String TABLE = "Neural Style installation";
	private static final int TABLE_WIDTH = 1100;

	@Override
	public void run(String arg) {
		String options = Macro.getOptions();
		InstallationCheck.Scope scope;
		try {
			Map<String, String> texts = options == null ? Map.of() : OptionText.parse(options);
			scope = InstallationCheck.Scope.of(Params.DEVICE.parse(texts.getOrDefault(Params.DEVICE.name(), "auto")));
		}
		catch (ParameterException e) {
			ErrorMessage.show(TABLE, e.getMessage());
			return;
		}
		IJ.log("Neural Style: checking the installation (the self-test takes a few seconds)...");
		IJ.showStatus("Checking the Neural Style installation...");
		CheckReport report;
		try {
			report = new InstallationCheck(new FijiMachine(getClass().getClassLoader())).run(scope, c -> IJ.log(c.line()));
		}
		catch (Throwable t) { // NOPMD: a missing jar shows as a LinkageError; say so rather than stop silently
			IJ.log(TABLE + ": the check itself failed: " + t);
			ErrorMessage.dialog(TABLE, "The check itself failed: " + t + "\n" + NeuralStylePlugin.INSTALL_HINT);
			return;
		}
		IJ.log(report.summary());
		IJ.showStatus("Neural Style: " + report.summary());
		table(report).show(TABLE);
		// Wide enough for the details (a new table window is narrow); the user may resize it.
		Window window = WindowManager.getWindow(TABLE);
		if (window != null && window.getWidth() < TABLE_WIDTH) window.setSize(TABLE_WIDTH, window.getHeight());
		if (report.failed() && options != null) ErrorMessage.dialog(TABLE, report.summary() + " See the Log window.");
	}

	/** The report as a results table: check, status, detail, what to do. */
	static ResultsTable table(CheckReport report) {
		ResultsTable table = new ResultsTable();
		table.showRowNumbers(false);
		for (Check c : report.checks()) {
			table.incrementCounter();
			table.addValue("Check", c.name());
			table.addValue("Status", c.status().word());
			table.addValue("Detail", c.detail());
			table.addValue("What to do", c.todo());
		}
		return table;
	}
}

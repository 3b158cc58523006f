package sc.fiji.neuralstyle.fiji;

import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.UIService;

import sc.fiji.neuralstyle.fiji.run.FijiEngines;
import sc.fiji.neuralstyle.fiji.run.StyleEngineService;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.styling.StyleEngine;

/**
 * A SciJava command whose inputs are one front's rows of the parameter table ({@link TableInputs}), made
 * the first time anyone asks for them, and which runs on the context's engine: Neural Style's
 * ({@link Front#SCIJAVA}) and Train Fast Style's ({@link Front#TRAINING}).
 */
abstract class TableCommand extends DynamicCommand {

	@Parameter
	LogService log;

	@Parameter(required = false)
	private UIService ui;

	/** The context's engine, its networks kept across runs; without a context, the process's ({@link FijiEngines}). */
	@Parameter(required = false)
	private StyleEngineService engines;

	/** The inputs, as the table's rows of the front. */
	final TableInputs inputs;
	private boolean inputsAdded;

	TableCommand(Front front) {
		inputs = new TableInputs(this, front);
	}

	/** The inputs are made from the table the first time anyone asks for them (before any is set). */
	@Override
	public DynamicCommandInfo getInfo() {
		DynamicCommandInfo info = super.getInfo();
		if (!inputsAdded) {
			inputsAdded = true;
			inputs.add();
		}
		return info;
	}

	/** The engine to run on: the context's, else the process's. */
	StyleEngine engine() {
		return engines != null ? engines.engine() : FijiEngines.current();
	}

	/** Whether a user interface shows windows. */
	boolean windows() {
		return ui != null && !ui.isHeadless();
	}
}

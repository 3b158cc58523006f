package sc.fiji.neuralstyle.fiji;

import java.io.File;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.log.LogService;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.neuralstyle.engine.NetworkCache;
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.styling.StyleEngine;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.params.Failures;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.NumberText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.fiji.run.FijiEngines;
import sc.fiji.neuralstyle.fiji.run.FijiRuns;
import sc.fiji.neuralstyle.fiji.run.StyleEngineService;

/**
 * Neural style transfer as a SciJava command, for scripts and {@code CommandService} (headless
 * too). Its inputs are the SciJava rows of the parameter table, under the same names as macro
 * options and the command line; it has no menu entry (Fiji's menu has the one "Neural Style", the
 * ImageJ1 command). It checks and runs through {@link FijiRuns} like the other Fiji fronts.
 * <p>
 * From a script: {@code command.run("sc.fiji.neuralstyle.fiji.NeuralStyleCommand", true, "content",
 * imp, "style", styleImp, "iterations", 100).get().getOutput("result")}.
 */
@Plugin(type = Command.class, headless = true, label = "Neural Style (SciJava)")
public class NeuralStyleCommand extends DynamicCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	/** The context's engine, its networks kept across runs; without a context, the process's ({@link FijiEngines}). */
	@Parameter(required = false)
	private StyleEngineService engines;

	@Parameter(type = ItemIO.OUTPUT, label = "Result")
	private ImagePlus result;

	private boolean inputsAdded;

	/** The inputs are made from the table the first time anyone asks for them (before any is set). */
	@Override
	public DynamicCommandInfo getInfo() {
		DynamicCommandInfo info = super.getInfo();
		if (!inputsAdded) {
			inputsAdded = true;
			for (Param<?> p : Params.on(Front.SCIJAVA)) {
				for (int k = 0; k < p.slots(); k++) addInput(k == 0 ? input(p) : slot(p, k));
			}
		}
		return info;
	}

	/** A further image of a list, {@code name_2}, {@code name_3}, …: optional. */
	private DefaultMutableModuleItem<ImagePlus> slot(Param<?> p, int k) {
		DefaultMutableModuleItem<ImagePlus> item = item(p, ImagePlus.class, null);
		item.setName(p.slotName(k));
		item.setLabel(p.slotLabel(k));
		item.setRequired(false);
		return item;
	}

	private DefaultMutableModuleItem<?> input(Param<?> p) {
		if (p.isList() && p.kind() != Kind.IMAGE) return item(p, String.class, p.defaultText());
		return switch (p.kind()) {
			case IMAGE -> item(p, ImagePlus.class, null);
			case INPUT_FILE, OUTPUT_FILE -> {
				DefaultMutableModuleItem<File> item = item(p, File.class, null);
				item.setWidgetStyle(p.kind() == Kind.INPUT_FILE ? FileWidget.OPEN_STYLE : FileWidget.SAVE_STYLE);
				yield item;
			}
			case INTEGER -> p.type() == Long.class ? number(p, Long.class, Math::round) : number(p, Integer.class, d -> (int) Math.round(d));
			case NUMBER -> number(p, Double.class, d -> d);
			case FLAG -> item(p, Boolean.class, (Boolean) p.defaultValue());
			case CHOICE -> {
				DefaultMutableModuleItem<String> item = item(p, String.class, p.defaultText());
				if (!p.isOpenChoice()) item.setChoices(p.choices());
				yield item;
			}
			case TEXT -> item(p, String.class, p.defaultText());
		};
	}

	private <T> DefaultMutableModuleItem<T> item(Param<?> p, Class<T> type, T defaultValue) {
		DefaultMutableModuleItem<T> item = new DefaultMutableModuleItem<>(this, p.name(), type);
		item.setLabel(p.label());
		item.setDescription(p.help());
		item.setRequired(p.requiredOn(Front.SCIJAVA));
		item.setPersisted(false); // a script means the same thing every time
		if (defaultValue != null) item.setDefaultValue(defaultValue);
		return item;
	}

	private <T> DefaultMutableModuleItem<T> number(Param<?> p, Class<T> type, java.util.function.DoubleFunction<T> of) {
		DefaultMutableModuleItem<T> item = item(p, type, type.cast(p.defaultValue()));
		if (p.min() != null) item.setMinimumValue(of.apply(p.min()));
		if (p.max() != null) item.setMaximumValue(of.apply(p.max()));
		return item;
	}

	@Override
	public void run() {
		try {
			ImagePlus content = (ImagePlus) getInput(Params.CONTENT.name());
			List<ImagePlus> styles = new ArrayList<>();
			for (int k = 0; k < Params.STYLE.slots(); k++) {
				if (getInput(Params.STYLE.slotName(k)) instanceof ImagePlus style) styles.add(style);
			}
			ParamValues values = ParamValues.parse(texts(content, styles), Front.SCIJAVA);
			StyleEngine engine = engines != null ? engines.engine() : FijiEngines.current();
			FijiRuns.Prepared prepared = FijiRuns.prepare(new FijiRuns.Request(values, content, styles), engine);
			boolean windows = ui != null && !ui.isHeadless();
			FijiRuns.Outcome outcome = FijiRuns.run(prepared, engine, windows, this::isCanceled);
			result = outcome.result();
			if (outcome.reason() == StopReason.DIVERGED) log.warn("Neural Style: " + outcome.message());
			else log.info("Neural Style: " + outcome.message());
		}
		catch (ParameterException | WeightsException | UncheckedIOException | LoadCancelledException e) {
			cancel(e.getMessage());
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			// The engine did not start or failed: keep the trace for a bug report.
			log.error(e);
			cancel(e.getMessage());
		}
		catch (Throwable t) { // NOPMD: LinkageError and OutOfMemoryError too, see Failures
			if (!Failures.isKnown(t)) log.error(t);
			cancel(Failures.describe(t, NeuralStylePlugin.INSTALL_HINT, 0));
		}
	}

	/** The inputs as the table's texts (images by title), so that one parser checks every front alike. */
	private Map<String, String> texts(ImagePlus content, List<ImagePlus> styles) {
		Map<String, String> texts = new LinkedHashMap<>();
		for (Param<?> p : Params.on(Front.SCIJAVA)) {
			Object v = p == Params.CONTENT ? title(content)
				: p == Params.STYLE ? String.join(",", styles.stream().map(ImagePlus::getTitle).toList())
				: getInput(p.name());
			if (v == null) continue;
			texts.put(p.name(), v instanceof Double d ? NumberText.format(d) : v instanceof File f ? f.getPath() : v.toString());
		}
		return texts;
	}

	private static String title(ImagePlus imp) {
		return imp == null ? null : imp.getTitle();
	}

	/** The result (after {@link #run()}); null if cancelled before anything was styled. */
	public ImagePlus result() {
		return result;
	}
}

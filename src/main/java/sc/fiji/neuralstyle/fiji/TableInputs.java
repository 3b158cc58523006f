package sc.fiji.neuralstyle.fiji;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

import org.scijava.command.DynamicCommand;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.NumberText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.params.TrainingParams;

/**
 * The inputs of a SciJava command made from the parameter table's rows of one front (Neural Style's
 * {@link Front#SCIJAVA}, Train Fast Style's {@link Front#TRAINING}), and read back as the table's
 * texts, so that one parser checks every front alike.
 */
final class TableInputs {

	private final DynamicCommand command;
	private final Front front;

	TableInputs(DynamicCommand command, Front front) {
		this.command = command;
		this.front = front;
	}

	/** Adds an input per row of the front (a list of images: one per slot, {@code name_2}, … optional). */
	void add() {
		for (Param<?> p : Params.on(front)) {
			for (int k = 0; k < p.slots(); k++) command.addInput(k == 0 ? input(p) : slot(p, k));
		}
	}

	/** The images of a list's slots that were given, in order. */
	List<ImagePlus> images(Param<?> p) {
		List<ImagePlus> images = new ArrayList<>();
		for (int k = 0; k < p.slots(); k++) {
			if (command.getInput(p.slotName(k)) instanceof ImagePlus image) images.add(image);
		}
		return images;
	}

	/**
	 * The inputs as the table's values, typed as SciJava gives them (numbers, flags, files; images by
	 * title), the widgets' texts (choices, layer lists) to be parsed: one table checks every front alike,
	 * without a detour through text ({@code ParamValues.of}). Inputs not given are left out.
	 */
	Map<String, Object> values(ImagePlus content, List<ImagePlus> styles) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (Param<?> p : Params.on(front)) {
			Object v = p == Params.CONTENT ? (content == null ? null : content.getTitle())
				: p == Params.STYLE ? styles.stream().map(ImagePlus::getTitle).toList()
				: command.getInput(p.name());
			if (v == null) continue;
			values.put(p.name(), v instanceof File f ? f.toPath() : v);
		}
		return values;
	}

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
				item.setWidgetStyle(p.kind() == Kind.INPUT_FILE && !writes(p) ? FileWidget.OPEN_STYLE : FileWidget.SAVE_STYLE);
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

	/** Whether the front writes the file the row names: training writes its model. */
	private boolean writes(Param<?> p) {
		return front == Front.TRAINING && p == Params.MODEL;
	}

	private <T> DefaultMutableModuleItem<T> item(Param<?> p, Class<T> type, T defaultValue) {
		DefaultMutableModuleItem<T> item = new DefaultMutableModuleItem<>(command, p.name(), type);
		item.setLabel(p.label());
		item.setDescription(p.help());
		// Neural Style's style image is not needed with a model: the values' check says when one is missing.
		item.setRequired(p.requiredOn(front) && !(front == Front.SCIJAVA && Params.sparedByModel(p)));
		item.setPersisted(false); // a script means the same thing every time
		if (defaultValue != null) item.setDefaultValue(defaultValue);
		return item;
	}

	private <T> DefaultMutableModuleItem<T> number(Param<?> p, Class<T> type, DoubleFunction<T> of) {
		// Training holds frames together only when asked (TrainingParams): its temporal_weight starts at 0.
		Object defaultValue = front == Front.TRAINING && p == Params.TEMPORAL_WEIGHT ? TrainingParams.TEMPORAL_WEIGHT_DEFAULT
			: p.defaultValue();
		DefaultMutableModuleItem<T> item = item(p, type, type.cast(defaultValue));
		if (p.min() != null) item.setMinimumValue(of.apply(p.min()));
		if (p.max() != null) item.setMaximumValue(of.apply(p.max()));
		return item;
	}
}

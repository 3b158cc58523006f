package sc.fiji.neuralstyle.params;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.files.ImageFileException;
import sc.fiji.neuralstyle.text.BadValueException;

/**
 * One row of the parameter table ({@link Params}): a parameter's snake_case name, kind, default,
 * label, one-line help, range or choices, the fronts that offer it, how its text is parsed and
 * written, and, for the engine's parameters, how it reads from and writes to {@link StyleSettings}.
 * Rows are made with the factories of {@link Params}; every front derives its fields from them.
 *
 * @param <T> the type of the parsed value
 */
public final class Param<T> {

	private final String name;
	private final Kind kind;
	private final Class<T> type;
	private final T defaultValue;
	private final String label;
	private final String help;
	private final Supplier<String> advice;
	private final Supplier<List<String>> choices;
	private final String otherChoices;
	private final int slots;
	private final Double min, max;
	private final Set<Front> fronts;
	private final Set<Front> requiredOn;
	private final Group group;
	private final Function<String, T> parser;
	private final Function<T, String> formatter;
	private final BiConsumer<StyleSettings.Builder, T> setter;
	private final Function<StyleSettings, T> getter;
	private final boolean withModel;

	private Param(Builder<T> b) {
		name = Objects.requireNonNull(b.name);
		kind = Objects.requireNonNull(b.kind);
		type = Objects.requireNonNull(b.type);
		defaultValue = b.defaultValue;
		label = Objects.requireNonNull(b.label, () -> name + " has no label");
		help = Objects.requireNonNull(b.help, () -> name + " has no help");
		advice = b.advice != null ? () -> b.advice : b::generatedAdvice; // choices may be known only later
		choices = b.choices;
		otherChoices = b.otherChoices;
		slots = b.slots;
		min = b.min;
		max = b.max;
		fronts = Collections.unmodifiableSet(b.fronts.isEmpty() ? EnumSet.noneOf(Front.class) : EnumSet.copyOf(b.fronts));
		requiredOn = Collections.unmodifiableSet(b.requiredOn.isEmpty() ? EnumSet.noneOf(Front.class)
			: EnumSet.copyOf(b.requiredOn));
		group = b.group != null ? b.group : Group.MORE;
		parser = Objects.requireNonNull(b.parser);
		formatter = Objects.requireNonNull(b.formatter);
		setter = b.setter;
		getter = b.getter;
		withModel = b.withModel;
		if ((setter == null) != (getter == null)) throw new IllegalStateException(name + ": setter and getter go together");
	}

	/** The snake_case name: {@code --name} on the command line, {@code name=} in macros. */
	public String name() {
		return name;
	}

	/** What sort of value it takes. */
	public Kind kind() {
		return kind;
	}

	/** The Java type of the parsed value. */
	public Class<T> type() {
		return type;
	}

	/** The value when none is given (null: none, for optional files and images). */
	public T defaultValue() {
		return defaultValue;
	}

	/** The default as text, as the parameter is written ("" for none). */
	public String defaultText() {
		return format(defaultValue);
	}

	/** A short label for dialogs, e.g. "Style weight (β)". */
	public String label() {
		return label;
	}

	/** One line saying what it does, for --help, tooltips and the parameters page (docs/parameters.md). */
	public String help() {
		return help;
	}

	/** What to give, for messages: e.g. "give a whole number of at least 1". */
	public String advice() {
		return Objects.requireNonNull(advice.get(), () -> name + " has no advice");
	}

	/** The named choices ({@link Kind#CHOICE}); empty for other kinds. */
	public List<String> choices() {
		return choices == null ? List.of() : choices.get();
	}

	/** Whether other text than the choices is taken too (e.g. init: a file besides content, noise, style). */
	public boolean isOpenChoice() {
		return otherChoices != null;
	}

	/**
	 * The choices as a sentence ends them, "content, noise, style or a file": the named ones, and for an
	 * open choice what else it takes; empty for other kinds.
	 */
	public String choicesText() {
		List<String> all = new java.util.ArrayList<>(choices());
		if (otherChoices != null) all.add(otherChoices);
		return orList(all);
	}

	/** What an open choice takes besides its named choices, as help words ("a file"); null for others. */
	public String otherChoices() {
		return otherChoices;
	}

	/**
	 * The name of a list's field {@code k} (from 0) in the dialog and the SciJava command: the
	 * parameter's name, then {@code name_2}, {@code name_3}, …
	 */
	public String slotName(int k) {
		return k == 0 ? name : name + "_" + (k + 1);
	}

	/** The label of a list's field {@code k} (from 0): "Style image", "Style image 2", … */
	public String slotLabel(int k) {
		return k == 0 ? label : label + " " + (k + 1);
	}

	/** The smallest value allowed (numbers), or null. */
	public Double min() {
		return min;
	}

	/** The largest value allowed (numbers), or null. */
	public Double max() {
		return max;
	}

	/** Whether this front offers the parameter. */
	public boolean offeredBy(Front front) {
		return fronts.contains(front);
	}

	/** The fronts that offer it. */
	public Set<Front> fronts() {
		return fronts;
	}

	/** Whether a value must be given on this front (there is no useful default). */
	public boolean requiredOn(Front front) {
		return requiredOn.contains(front);
	}

	/** Where the Fiji dialog shows it: the first dialog ({@link Group#BASIC}) or a heading of the second. */
	public Group group() {
		return group;
	}

	/** Whether it acts on a run with a fast-style model too (the others are the optimisation's alone). */
	public boolean actsWithModel() {
		return withModel;
	}

	/** Whether it takes a comma-separated list. */
	public boolean isList() {
		return type == List.class;
	}

	/** How many fields the dialog and the SciJava command give it (a list of images: several). */
	public int slots() {
		return slots;
	}

	/** Whether a value counts as not given: null, or an empty list. */
	public boolean isMissing(Object value) {
		return value == null || value instanceof List<?> list && list.isEmpty();
	}

	/** Whether the parameter is one of the engine's {@link StyleSettings}. */
	public boolean isSetting() {
		return setter != null;
	}

	/**
	 * The value a text stands for: surrounding blanks ignored; an empty text is "none" for files and
	 * images, and the default for the other kinds.
	 *
	 * @throws ParameterException saying what was wrong and what to do
	 */
	public T parse(String text) {
		String t = text == null ? "" : text.strip();
		if (t.isEmpty()) {
			if (type == List.class) return type.cast(List.of());
			if (kind == Kind.IMAGE || kind == Kind.INPUT_FILE || kind == Kind.OUTPUT_FILE) return null;
			// A text row without a default (layers) is none: the network or engine chooses.
			if (kind == Kind.TEXT && (defaultValue instanceof String || defaultValue == null)) return defaultValue;
			throw new ParameterException(name, "no value given", advice());
		}
		try {
			return parser.apply(t);
		}
		catch (ParameterException e) {
			throw e;
		}
		catch (BadValueException e) {
			// Parsers say what was wrong, and sometimes what to do; the row knows what to give.
			throw new ParameterException(name, e.problem(), e.advice() != null ? e.advice() : advice());
		}
		catch (IllegalArgumentException e) {
			throw new ParameterException(name, e.getMessage() == null ? e.toString() : e.getMessage(), advice());
		}
	}

	/**
	 * A value a typed front gave (a SciJava command's number, flag or file), checked as its text would
	 * be where the type alone does not say enough: a number finite and within the row's range.
	 *
	 * @throws ParameterException saying what was wrong and what to do
	 * @throws IllegalArgumentException if it is not of this row's type (a front's mistake)
	 */
	public T accept(Object value) {
		if (!type.isInstance(value)) {
			throw new IllegalArgumentException(name + " takes a " + type.getSimpleName() + ", not " + value);
		}
		T t = type.cast(value);
		if (t instanceof Number n) {
			double d = n.doubleValue();
			if (!Double.isFinite(d)) throw new ParameterException(name, format(t) + " is not a finite number", advice());
			if (min != null && d < min) throw new ParameterException(name, format(t) + " is too small", advice());
			if (max != null && d > max) throw new ParameterException(name, format(t) + " is too large", advice());
		}
		return t;
	}

	/**
	 * This parameter's problem with a file it names that cannot be read: what the reader says was
	 * wrong, and what to do (the reader's where it knows, else the row's).
	 */
	public ParameterException problem(IOException e) {
		if (e instanceof ImageFileException f) return new ParameterException(name, f.problem(), f.advice());
		if (e instanceof NoSuchFileException f) return new ParameterException(name, f.getFile() + ": no such file", "check the path");
		if (e instanceof AccessDeniedException f) {
			return new ParameterException(name, f.getFile() + ": the file is not readable", "make it readable, or give another file");
		}
		return new ParameterException(name, e.getMessage() == null ? e.toString() : e.getMessage(), advice());
	}

	/** The value as text, as a macro line, the command line and the preferences write it. */
	public String format(T value) {
		return value == null ? "" : formatter.apply(value);
	}

	/** {@link #format} of a value known to be of this parameter's type. */
	String formatObject(Object value) {
		return format(type.cast(value));
	}

	/** Sets this parameter in a settings builder; only for {@link #isSetting()} parameters. */
	void apply(StyleSettings.Builder builder, Object value) {
		setter.accept(builder, type.cast(value));
	}

	/** This parameter's value in settings; only for {@link #isSetting()} parameters. */
	T from(StyleSettings settings) {
		return getter.apply(settings);
	}

	@Override
	public String toString() {
		return name;
	}

	/** Makes a row; see the factories of {@link Params}. */
	static <T> Builder<T> builder(String name, Kind kind, Class<T> type) {
		return new Builder<>(name, kind, type);
	}

	/** Collects one row's properties. */
	static final class Builder<T> {

		private final String name;
		private final Kind kind;
		private final Class<T> type;
		private T defaultValue;
		private String label, help, advice;
		private Supplier<List<String>> choices;
		private String otherChoices;
		private int slots = 1;
		private Double min, max;
		private final Set<Front> fronts = EnumSet.noneOf(Front.class);
		private final Set<Front> requiredOn = EnumSet.noneOf(Front.class);
		private Group group;
		private Function<String, T> parser;
		private Function<T, String> formatter = String::valueOf;
		private BiConsumer<StyleSettings.Builder, T> setter;
		private Function<StyleSettings, T> getter;
		private boolean withModel;

		private Builder(String name, Kind kind, Class<T> type) {
			this.name = name;
			this.kind = kind;
			this.type = type;
		}

		Builder<T> defaultValue(T v) { defaultValue = v; return this; }
		Builder<T> label(String v) { label = v; return this; }
		Builder<T> help(String v) { help = v; return this; }
		/** What to give, in messages; kinds with a range or choices have a generated one. */
		Builder<T> advice(String v) { advice = v; return this; }
		Builder<T> choices(Supplier<List<String>> v) { choices = v; return this; }
		/** The choices are suggestions: the parser takes other text too. */
		/** Other text than the choices is taken too: {@code others} says what, in help words ("a file"). */
		Builder<T> openChoice(String others) { otherChoices = Objects.requireNonNull(others); return this; }
		/** The dialog and the SciJava command give a list of images this many fields. */
		Builder<T> slots(int v) { slots = v; return this; }
		Builder<T> range(Double low, Double high) { min = low; max = high; return this; }
		Builder<T> parser(Function<String, T> v) { parser = v; return this; }
		Builder<T> formatter(Function<T, String> v) { formatter = v; return this; }
		/** It acts on a run with a fast-style model too. */
		Builder<T> withModel() { withModel = true; return this; }
		/** Where the dialog shows it; rows without one go under {@link Group#MORE}. */
		Builder<T> group(Group v) { group = v; return this; }

		/** The fronts that offer it. */
		Builder<T> on(Front... v) {
			fronts.addAll(List.of(v));
			return this;
		}

		/**
		 * Offered everywhere: command line, dialog, macro, SciJava, Spark, and remembered; not in
		 * training ({@link Front#TRAINING}), which a row joins with {@link #inTraining()}.
		 */
		Builder<T> everywhere() {
			return on(java.util.EnumSet.complementOf(java.util.EnumSet.of(Front.TRAINING)).toArray(Front[]::new));
		}

		/** It acts when a fast-style model is trained, so Fiji's Train Fast Style offers it. */
		Builder<T> inTraining() {
			return on(Front.TRAINING);
		}

		/** Fronts where it must be given. */
		Builder<T> requiredOn(Front... v) {
			requiredOn.addAll(List.of(v));
			return this;
		}

		/** How it reaches the engine's settings. */
		Builder<T> setting(BiConsumer<StyleSettings.Builder, T> set, Function<StyleSettings, T> get) {
			setter = set;
			getter = get;
			return this;
		}

		Param<T> build() {
			return new Param<>(this);
		}

		private String generatedAdvice() {
			return switch (kind) {
				case INTEGER -> "give a whole number " + range();
				case NUMBER -> "give a number " + range();
				case CHOICE -> "choose " + orList(choices.get());
				case FLAG -> "give true or false";
				default -> null;
			};
		}

		private String range() {
			String low = min == null ? null : NumberText.format(min);
			String high = max == null ? null : NumberText.format(max);
			if (low != null && high != null) return "from " + low + " to " + high;
			if (low != null) return "of at least " + low;
			if (high != null) return "of at most " + high;
			return "";
		}
	}

	/** "a, b or c". */
	static String orList(List<String> items) {
		return sc.fiji.neuralstyle.text.Counts.orList(items);
	}
}

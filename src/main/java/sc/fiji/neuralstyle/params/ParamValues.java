package sc.fiji.neuralstyle.params;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.neuralstyle.engine.settings.StyleSettings;

/**
 * The values of one run, one per row of {@link Params}, parsed and typed. Made from the texts a
 * front gathered ({@link #parse}), read with {@link #get}, turned into the engine's
 * {@link #settings()}, and written back as texts ({@link #texts}) for a macro line or preferences.
 * Immutable.
 */
public final class ParamValues {

	private final Map<Param<?>, Object> values;

	private ParamValues(Map<Param<?>, Object> values) {
		this.values = Collections.unmodifiableMap(values);
	}

	/** Every parameter at its default. */
	public static ParamValues defaults() {
		Map<Param<?>, Object> v = new LinkedHashMap<>();
		for (Param<?> p : Params.ALL) v.put(p, p.defaultValue());
		return new ParamValues(v);
	}

	/**
	 * Parses the texts a front gathered: name → text, names as in the table. Parameters not given
	 * keep their default.
	 *
	 * @param front the front the texts come from: it must offer every name given, and the
	 *          parameters it requires must be there
	 * @throws ParameterException for a name that is unknown on that front or a value that does not
	 *           parse ({@link ParameterProblems} for several: each text is parsed), or else a required
	 *           parameter left out
	 */
	public static ParamValues parse(Map<String, String> texts, Front front) {
		return of(texts, front);
	}

	/**
	 * {@link #parse} for a front whose inputs are typed (the SciJava command): a text is parsed, any
	 * other value taken as it is once it is of the row's type and within its range
	 * ({@link Param#accept}), without a detour through text.
	 *
	 * @param inputs name → text or typed value
	 */
	public static ParamValues of(Map<String, ?> inputs, Front front) {
		Map<Param<?>, Object> v = new LinkedHashMap<>();
		for (Param<?> p : Params.ALL) v.put(p, p.defaultValue());
		// Every text is parsed, so that a user hears of every bad value at once.
		ParameterProblems.Collector problems = new ParameterProblems.Collector();
		for (Map.Entry<String, ?> e : inputs.entrySet()) {
			Param<?> p = Params.named(e.getKey());
			if (p == null || !p.offeredBy(front)) {
				problems.add(unknown(e.getKey(), front));
				continue;
			}
			Object given = e.getValue();
			problems.check(() -> v.put(p, given == null || given instanceof String ? p.parse((String) given)
				: p.accept(given)));
		}
		problems.throwIfAny();
		// A fast-style model holds its style: applying one needs no style image; training one writes the
		// model, not an output image, and needs the model's file.
		boolean train = Boolean.TRUE.equals(v.get(Params.TRAIN));
		boolean apply = v.get(Params.MODEL) != null && !train;
		if (train && v.get(Params.MODEL) == null) {
			throw TrainingParams.missingModel();
		}
		for (Param<?> p : Params.on(front)) {
			if (p.requiredOn(front) && p.isMissing(v.get(p)) && !(Params.sparedByModel(p) && apply) && !(p == Params.OUTPUT
				&& train))
			{
				throw new ParameterException(p.name(), "missing", p.advice());
			}
		}
		return new ParamValues(v);
	}

	private static ParameterException unknown(String name, Front front) {
		Param<?> p = Params.named(name);
		String where = switch (front) {
			case COMMAND_LINE -> "on the command line";
			case DIALOG -> "in the dialog";
			case MACRO -> "in macros";
			case SCIJAVA -> "in the SciJava command";
			case PREFERENCES -> "in the preferences";
			case SPARK -> "in the Spark application";
			case TRAINING -> "in Train Fast Style";
		};
		if (p != null) return new ParameterException(name, "not a parameter " + where, "leave it out");
		String closest = Suggestion.closest(name, Params.on(front).stream().map(Param::name).toList());
		return new ParameterException(name, "unknown parameter",
			closest != null ? "did you mean " + closest + "?" : "see the parameter table in docs/parameters.md");
	}

	/** The value of a parameter (null: none, for optional files and images). */
	public <T> T get(Param<T> p) {
		return p.type().cast(values.get(p));
	}

	/** These values with one changed. */
	public <T> ParamValues with(Param<T> p, T value) {
		Map<Param<?>, Object> v = new LinkedHashMap<>(values);
		v.put(p, value);
		return new ParamValues(v);
	}

	/** The engine's settings: every row that is a setting. */
	public StyleSettings settings() {
		StyleSettings.Builder b = StyleSettings.builder();
		for (Param<?> p : Params.ALL) {
			if (p.isSetting()) p.apply(b, values.get(p));
		}
		return b.build();
	}

	/**
	 * These values with the settings rows taken from {@code settings}: e.g. the settings a run used,
	 * default layers resolved, for the result's Info.
	 */
	public ParamValues withSettings(StyleSettings settings) {
		Map<Param<?>, Object> v = new LinkedHashMap<>(values);
		for (Param<?> p : Params.ALL) {
			if (p.isSetting()) v.put(p, p.from(settings));
		}
		return new ParamValues(v);
	}

	/** Name → text of the parameters a front offers, in table order ("" for none). */
	public Map<String, String> texts(Front front) {
		Map<String, String> t = new LinkedHashMap<>();
		for (Param<?> p : Params.on(front)) t.put(p.name(), p.formatObject(values.get(p)));
		return t;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ParamValues other && values.equals(other.values);
	}

	@Override
	public int hashCode() {
		return values.hashCode();
	}

	@Override
	public String toString() {
		return texts(Front.MACRO).toString();
	}
}

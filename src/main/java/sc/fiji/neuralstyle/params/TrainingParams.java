package sc.fiji.neuralstyle.params;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;


/**
 * The values of a training run, for every front that trains (the command line's {@code --train}, Fiji's
 * Train Fast Style with its macro options and SciJava command): the rules that make a run of the table's
 * values a training run are here once. It trains on every plane of the content, writes {@code model},
 * and holds consecutive frames together only when {@code temporal_weight} is given (the table's default
 * is the optimisation's, which would turn the temporal loss on for every stack).
 */
public final class TrainingParams {

	/** temporal_weight when a training run is not given one: no temporal loss. */
	public static final double TEMPORAL_WEIGHT_DEFAULT = 0;

	private TrainingParams() {}

	/**
	 * The values of a front that only trains ({@link Front#TRAINING}), given as texts or typed values
	 * (as {@link ParamValues#of} takes them).
	 *
	 * @throws ParameterException for a missing model, then as {@link ParamValues#of}
	 */
	public static ParamValues parse(Map<String, ?> inputs, Front front) {
		Object model = inputs.get(Params.MODEL.name());
		if (model == null || model.toString().isBlank()) throw missingModel();
		return of(ParamValues.of(inputs, front).with(Params.TRAIN, true), inputs.keySet());
	}

	/**
	 * The values given for a training run as it runs them.
	 *
	 * @param given the values parsed, with train on
	 * @param named the names the front was given (not its defaults), to tell a temporal_weight given
	 */
	public static ParamValues of(ParamValues given, Set<String> named) {
		ParamValues values = given.with(Params.PLANES, "all");
		return named.contains(Params.TEMPORAL_WEIGHT.name()) ? values
			: values.with(Params.TEMPORAL_WEIGHT, TEMPORAL_WEIGHT_DEFAULT);
	}

	/** The texts a training front starts from: the table's defaults, temporal_weight the training's. */
	public static Map<String, String> defaults(Front front) {
		Map<String, String> texts = new LinkedHashMap<>(ParamValues.defaults().texts(front));
		texts.put(Params.TEMPORAL_WEIGHT.name(), NumberText.format(TEMPORAL_WEIGHT_DEFAULT));
		return texts;
	}

	static ParameterException missingModel() {
		return new ParameterException(Params.MODEL.name(), "missing: training writes the model it trains there",
			"give the model file to write, such as model=candy.pth");
	}
}

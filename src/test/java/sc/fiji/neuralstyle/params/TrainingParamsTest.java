package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Train Fast Style's rows come from the table, and its values follow the command line's --train. */
class TrainingParamsTest {

	private static Map<String, String> texts(String... more) {
		Map<String, String> t = new LinkedHashMap<>();
		t.put("content", "cells.tif");
		t.put("style", "starry.jpg");
		t.put("model", "/data/cells.pth");
		for (int i = 0; i < more.length; i += 2) t.put(more[i], more[i + 1]);
		return t;
	}

	/** The rows that act in training, and no other: the optimisation's and the output's are not offered. */
	@Test
	void theTableSaysWhichRowsTrainingTakes() {
		assertEquals(List.of("content", "style", "style_blend_weights", "network", "weights", "model", "steps", "batch_size",
			"checkpoint", "checkpoint_every", "content_layers", "style_layers", "content_weight", "style_weight", "tv_weight",
			"style_loss", "size", "pooling", "learning_rate", "seed", "device", "channel", "temporal_weight", "loss_log"),
			Params.on(Front.TRAINING).stream().map(Param::name).toList());
		ParameterException e = assertThrows(ParameterException.class, () -> TrainingParams.parse(texts("iterations", "5"),
			Front.TRAINING));
		assertEquals("iterations: not a parameter in Train Fast Style; leave it out", e.getMessage());
		// The training's own rows stay off Neural Style's Fiji fronts.
		for (Front f : List.of(Front.DIALOG, Front.MACRO, Front.SCIJAVA, Front.PREFERENCES)) {
			assertFalse(Params.on(f).contains(Params.STEPS), f.toString());
		}
	}

	/** As --train: every plane, train on, no temporal loss unless temporal_weight is given. */
	@Test
	void aTrainingRunTakesEveryPlaneAndHoldsFramesOnlyWhenAsked() {
		ParamValues v = TrainingParams.parse(texts(), Front.TRAINING);
		assertTrue(v.get(Params.TRAIN));
		assertEquals("all", v.get(Params.PLANES));
		assertEquals(0.0, v.get(Params.TEMPORAL_WEIGHT));
		assertEquals(Path.of("/data/cells.pth"), v.get(Params.MODEL));
		assertEquals(1e5, TrainingParams.parse(texts("temporal_weight", "1e5"), Front.TRAINING).get(Params.TEMPORAL_WEIGHT));
		ParamValues cli = ParamValues.parse(texts("train", "true"), Front.COMMAND_LINE);
		assertEquals(v.with(Params.TRAIN, true).settings(), TrainingParams.of(cli, Set.of("content", "style", "model")).settings(),
			"the command line's --train and Fiji's run the same settings");
	}

	@Test
	void aMissingModelIsNamedWithWhatTrainingDoes() {
		Map<String, String> t = texts();
		t.remove("model");
		ParameterException e = assertThrows(ParameterException.class, () -> TrainingParams.parse(t, Front.TRAINING));
		assertEquals("model: missing: training writes the model it trains there; give the model file to write, such as "
			+ "model=candy.pth", e.getMessage());
	}

	/** What the macro recorder records (the run's option text) runs the same training again. */
	@Test
	void theRecordedOptionsRunTheSameTraining() {
		ParamValues v = TrainingParams.parse(texts("steps", "2000", "size", "256", "temporal_weight", "1e4", "learning_rate",
			"0.002", "checkpoint", "/data/c.pth"), Front.TRAINING);
		String recorded = OptionText.of(v, Front.TRAINING);
		assertTrue(recorded.startsWith("content=cells.tif style=starry.jpg "), recorded);
		assertFalse(recorded.contains("iterations") || recorded.contains("planes") || recorded.contains("train "), recorded);
		assertEquals(v, TrainingParams.parse(OptionText.parse(recorded), Front.TRAINING));
	}
}

package sc.fiji.neuralstyle.engine.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.SeededWeights;
import sc.fiji.neuralstyle.net.pth.TensorData;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/** What a run says when the loss is not a number: at the start (nothing kept), or later (advice per optimiser). */
class NonFiniteTest {

	@Test
	void weightsThatAreNotNumbersAreSaidSoAndNothingIsClaimedKept() {
		Map<String, TensorData> nan = new LinkedHashMap<>();
		SeededWeights.forArchitecture(Architecture.VGG16).forEach((key, t) -> {
			float[] values = new float[t.values().length];
			Arrays.fill(values, Float.NaN);
			nan.put(key, new TensorData(key, t.shape(), values));
		});
		WeightsLoader loader = (model, override, keys, progress) -> new WeightsLoader.Weights(nan, "nan.pth");
		StyleSettings settings = StyleTransferTest.small().iterations(3).build();
		IllegalArgumentException e;
		try (StyleTransfer transfer = StyleTransfer.open(settings, loader, ProgressListener.NONE)) {
			e = assertThrows(IllegalArgumentException.class, () -> transfer.run(StyleTransferTest.random(40, 32, 3, 1),
				StyleTransferTest.random(36, 36, 3, 2), null, ProgressListener.NONE));
		}
		String m = e.getMessage();
		assertTrue(m.startsWith("content, style or weights: the loss is not a number at the start image"), m);
		// It used to say it "kept the best image" (there is none) and to advise L-BFGS while on L-BFGS.
		assertFalse(m.contains("kept") || m.contains("optimizer=lbfgs"), m);
	}

	/**
	 * A weight that overflows the 32-bit loss (the parameter table caps the weights, but the engine
	 * takes any settings): the weight is named, not the weights file or the images (issue 21).
	 */
	@Test
	void aWeightThatOverflowsTheLossIsNamed() {
		StyleSettings settings = StyleTransferTest.small().iterations(3).styleWeight(1e300).build();
		IllegalArgumentException e;
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			e = assertThrows(IllegalArgumentException.class, () -> transfer.run(StyleTransferTest.random(40, 32, 3, 1),
				StyleTransferTest.random(36, 36, 3, 2), null, ProgressListener.NONE));
		}
		String m = e.getMessage();
		assertTrue(m.startsWith("style_weight: style loss ") && m.contains("times style_weight 1.0E300 is more than the "
			+ "loss, a 32-bit float, holds (3.4e38); lower style_weight"), m);
		assertFalse(m.contains("NaN pixels"), m);
	}

	@Test
	void theAdviceAfterADivergenceFitsTheOptimiser() {
		StyleSettings lbfgs = StyleTransferTest.small().build();
		String advice = StyleRun.divergenceAdvice(lbfgs);
		assertTrue(advice.startsWith("L-BFGS stepped too far: lower learning_rate (now 1.0, e.g. 0.5) or turn on "
			+ "line_search"), advice);
		assertFalse(advice.contains("optimizer=lbfgs"), "no L-BFGS advice to L-BFGS: " + advice);
		advice = StyleRun.divergenceAdvice(lbfgs.toBuilder().lineSearch(true).build());
		assertFalse(advice.contains("line_search"), "already searching: " + advice);
		advice = StyleRun.divergenceAdvice(lbfgs.toBuilder().optimizer(OptimizerKind.ADAM).build());
		assertTrue(advice.contains("Lower learning_rate (now " + OptimizerKind.ADAM.defaultLearningRate()) && advice
			.contains("optimizer=lbfgs"), advice);
	}
}

package sc.fiji.neuralstyle.engine.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.params.Params;

/** {@link StyleSettings#blendWeights}: normalised to sum 1, for every finite weight the row accepts. */
class BlendWeightsTest {

	private static double[] blend(Double... weights) {
		return Params.defaultSettings().toBuilder().styleBlendWeights(List.of(weights)).build().blendWeights(weights.length);
	}

	@Test
	void weightsAreNormalisedToSumOne() {
		assertArrayEquals(new double[] { 0.25, 0.75 }, blend(1.0, 3.0), 1e-15);
		assertArrayEquals(new double[] { 0.5, 0.5 }, Params.defaultSettings().blendWeights(2), 1e-15);
	}

	/** Before, their sum overflowed to infinity and both weights became 0: no style at all. */
	@Test
	void weightsNearTheLargestDoubleBlendAsTheirRatioSays() {
		assertArrayEquals(blend(1.0, 1.0), blend(1e308, 1e308), 1e-15);
		assertArrayEquals(blend(1.0, 3.0), blend(0.5e308, 1.5e308), 1e-15);
		assertArrayEquals(new double[] { 1, 0 }, blend(Double.MAX_VALUE, 0.0), 1e-15);
	}

	@Test
	void tinyWeightsBlendAsTheirRatioSays() {
		assertArrayEquals(blend(1.0, 3.0), blend(1e-320, 3e-320), 1e-3);
	}
}

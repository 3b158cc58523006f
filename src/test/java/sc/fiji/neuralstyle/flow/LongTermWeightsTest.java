package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class LongTermWeightsTest {

	private static WeightMap map(float... values) {
		return new WeightMap(values.length, 1, values);
	}

	@Test
	void eachFrameKeepsOnlyWhatCloserFramesDoNotCover() {
		// Pixels: reliable in the previous frame; only in t-2; half in t-1 and fully in t-2; only in t-4;
		// t-1 strong, t-2 weak (its reduced weight is 0, so t-4 keeps 1 - 0.8).
		List<WeightMap> combined = LongTermWeights.closestFirst(List.of(
			map(1, 0, 0.5f, 0, 0.8f),
			map(1, 1, 1, 0.2f, 0.3f),
			map(1, 1, 1, 1, 1)));
		assertArrayEquals(new float[] {1, 0, 0.5f, 0, 0.8f}, combined.get(0).data());
		assertArrayEquals(new float[] {0, 1, 0.5f, 0.2f, 0}, combined.get(1).data(), 1e-6f);
		assertArrayEquals(new float[] {0, 0, 0, 0.8f, 0.2f}, combined.get(2).data(), 1e-6f);
	}

	@Test
	void theResultNeverChangesItsInput() {
		WeightMap first = map(0.5f, 0.5f);
		WeightMap second = map(1, 0);
		LongTermWeights.closestFirst(List.of(first, second));
		assertArrayEquals(new float[] {1, 0}, second.data());
		assertEquals(0.5, first.mean(), 1e-12);
	}
}

package sc.fiji.neuralstyle.engine.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class StagesTest {

	@Test
	void eachFinerScaleGetsTwiceTheIterations() {
		assertArrayEquals(new int[] { 300 }, Stages.split(300, 1));
		assertArrayEquals(new int[] { 43, 86, 171 }, Stages.split(300, 3), "shares 1 : 2 : 4");
		assertArrayEquals(new int[] { 100, 200 }, Stages.split(300, 2));
		assertArrayEquals(new int[] { 20, 40, 80, 160 }, Stages.split(300, 4));
		assertArrayEquals(new int[] { 1, 1, 1 }, Stages.split(3, 3), "at least one each");
		for (int scales = 1; scales <= 6; scales++) {
			for (int iterations = scales; iterations < 400; iterations += 7) {
				int[] counts = Stages.split(iterations, scales);
				assertEquals(iterations, Arrays.stream(counts).sum(), iterations + " over " + scales);
				for (int k = 0; k < scales; k++) {
					assertTrue(counts[k] >= 1);
					if (k > 0) assertTrue(counts[k] >= counts[k - 1], Arrays.toString(counts));
				}
			}
		}
	}

	@Test
	void tooFewIterationsAreExplained() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stages.split(2, 3));
		assertTrue(e.getMessage().startsWith("iterations: 3 scales need at least 3"), e.getMessage());
	}

	@Test
	void eachScaleIsTwiceThePreviousAndTheLastIsTheSize() {
		List<Stages.Stage> stages = Stages.plan(600, 400, 512, 3, 300);
		assertEquals(List.of(new Stages.Stage(0, 128, 85, 128, 43), new Stages.Stage(1, 256, 171, 256, 86),
			new Stages.Stage(2, 512, 341, 512, 171)), stages);
		assertEquals(List.of(new Stages.Stage(0, 200, 300, 300, 10)), Stages.plan(40, 60, 300, 1, 10), "portrait");
		assertEquals(75, Stages.side(300, 3, 0), "300 / 4");
	}
}

package sc.fiji.neuralstyle.fast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import sc.fiji.neuralstyle.fast.training.Sampling;

/** Batches and crops from the seed alone. */
class BatchPlanTest {

	private static List<BatchPlan.Sample> draw(BatchPlan plan, int from, int to) {
		List<BatchPlan.Sample> all = new ArrayList<>();
		for (int step = from; step < to; step++) all.addAll(plan.batch(step));
		return all;
	}

	@Test
	void eachEpochTakesEveryImageOnceInASeededOrder() {
		BatchPlan plan = new BatchPlan(7, new int[] { 0, 1, 2, 3, 4, 5 }, 3);
		List<BatchPlan.Sample> epochs = draw(plan, 0, 4);
		TreeSet<Integer> first = new TreeSet<>(), second = new TreeSet<>();
		for (int i = 0; i < 6; i++) first.add(epochs.get(i).image());
		for (int i = 6; i < 12; i++) second.add(epochs.get(i).image());
		assertEquals(6, first.size());
		assertEquals(6, second.size());
		assertNotEquals(epochs.subList(0, 6).stream().map(BatchPlan.Sample::image).toList(), epochs.subList(6, 12).stream()
			.map(BatchPlan.Sample::image).toList(), "shuffled anew each epoch");
	}

	@Test
	void aStepsBatchDoesNotDependOnTheStepsBefore() {
		int[] images = { 3, 5, 8, 9, 11 };
		List<BatchPlan.Sample> straight = draw(new BatchPlan(42, images, 2), 0, 9);
		List<BatchPlan.Sample> resumed = draw(new BatchPlan(42, images, 2), 5, 9);
		assertEquals(straight.subList(10, 18), resumed, "a run continued at step 5 draws what one run does");
		assertNotEquals(straight, draw(new BatchPlan(43, images, 2), 0, 9), "another seed, other batches");
		int[] at = Sampling.cropAt(100, 60, 32, straight.get(0).cropSeed());
		assertTrue(at[0] >= 0 && at[0] <= 68 && at[1] >= 0 && at[1] <= 28);
	}
}

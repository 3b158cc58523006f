package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.pth.TensorData;
import sc.fiji.neuralstyle.params.Params;

/** The self-test really runs on the CPU, with weights made in memory. */
class SelfTestTest {

	@Test
	void fiveIterationsOnTheCpuLowerTheLoss() {
		SelfTest.Result first = SelfTest.run(Params.defaultSettings(), "cpu");
		assertEquals("vgg19", first.network(), "the default network");
		assertEquals(SelfTest.SIZE, first.image().width());
		assertEquals(SelfTest.SIZE * 3 / 4, first.image().height());
		Check check = SelfTest.check("Self-test on the CPU", first);
		assertEquals(Check.Status.OK, check.status(), check.line());
		assertTrue(check.detail().startsWith("5 iterations of vgg19 at 64 px in "), check.detail());
		assertTrue(first.lastLoss() < first.firstLoss());
	}

	@Test
	void theSeededWeightsHaveEveryKeyAndShapeTheNetworkReads() {
		for (Architecture a : Architecture.values()) {
			Map<String, TensorData> weights = SeededNetworkWeights.of(a, 1);
			assertEquals(a.weightKeys(), List.copyOf(weights.keySet()), a.id());
			for (Map.Entry<String, long[]> e : a.weightShapes().entrySet()) {
				assertTrue(Arrays.equals(e.getValue(), weights.get(e.getKey()).shape()), e.getKey());
			}
		}
		assertEquals(SeededNetworkWeights.of(Architecture.ALEXNET, 1).get("features.0.weight").values()[7],
			SeededNetworkWeights.of(Architecture.ALEXNET, 1).get("features.0.weight").values()[7], "seeded");
	}

	@Test
	void aLossThatDoesNotFallFails() {
		SelfTest.Result flat = new SelfTest.Result("cpu", "vgg19", SelfTest.content(), List.of(
			new LossRecord(0, 5, 1, 1, 0, 0, 64),
			new LossRecord(1, 5, 1, 1, 0, 1, 64)), 1, 1);
		assertEquals(Check.Status.FAILED, SelfTest.check("x", flat).status());
		assertTrue(SelfTest.check("x", flat).detail().endsWith("the loss did not fall"));
	}
}

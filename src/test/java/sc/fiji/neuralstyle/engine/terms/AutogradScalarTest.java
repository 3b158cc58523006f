package sc.fiji.neuralstyle.engine.terms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;

/**
 * Scalars made with {@link LossFormulas#constant} survive a garbage collection between the forward and
 * the backward pass (DJL's {@code mul(Number)} does not on the CPU: its buffer is freed early).
 */
class AutogradScalarTest {

	@Test
	void constantsStayValidUntilBackward() throws InterruptedException {
		Engine engine = DjlSetup.pytorch();
		try (NDManager manager = NDManager.newBaseManager()) {
			for (int round = 0; round < 5; round++) {
				try (NDManager scope = manager.newSubManager()) {
					NDArray x = scope.create(new float[] { 1, 2, 3, 4 });
					x.setRequiresGradient(true);
					try (GradientCollector collector = engine.newGradientCollector()) {
						NDArray y = x.mul(LossFormulas.constant(x, 3)).div(LossFormulas.constant(x, 0.5)).sum();
						collectGarbage();
						collector.backward(y);
					}
					assertArrayEquals(new float[] { 6, 6, 6, 6 }, x.getGradient().toFloatArray(), 0f);
				}
			}
		}
	}

	/** Frees unreachable direct buffers: their cleaners run after a collection. */
	private static void collectGarbage() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			byte[][] garbage = new byte[32][];
			for (int j = 0; j < garbage.length; j++) garbage[j] = new byte[1 << 20];
			System.gc();
			Thread.sleep(20);
		}
	}
}

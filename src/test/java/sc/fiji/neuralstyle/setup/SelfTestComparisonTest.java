package sc.fiji.neuralstyle.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;

/** A GPU's self-test against the CPU's, with injected results (no GPU needed). */
class SelfTestComparisonTest {

	private static SelfTest.Result result(String device, double firstLoss, FloatImage image) {
		List<LossRecord> losses = List.of(new LossRecord(0, firstLoss, 1, 1, 0, 0, 64),
			new LossRecord(1, firstLoss * 0.9, 1, 1, 0, 10, 64));
		return new SelfTest.Result(device, "vgg19", image, losses, 100, 200);
	}

	private static FloatImage image(float offset) {
		FloatImage content = SelfTest.content();
		float[] data = content.data().clone();
		for (int i = 0; i < data.length; i++) data[i] += (i % 2 == 0 ? offset : -offset);
		return new FloatImage(content.width(), content.height(), content.channels(), data);
	}

	private static final SelfTest.Result CPU = result("cpu", 52.29, image(0));

	@Test
	void theSameResultWithinTheToleranceIsOk() {
		Check same = SelfTestComparison.compare("GPU 0 against the CPU", CPU, result("gpu:0", 52.29, image(0)));
		assertEquals("ok       GPU 0 against the CPU: start loss 52.29 on the GPU, 52.29 on the CPU (0.0 % apart); results "
			+ "0.00/255 apart (RMS; at most 0.00/255), within the tolerance: 1 % and 2/255 RMS", same.line());
		Check close = SelfTestComparison.compare("GPU 0 against the CPU", CPU, result("gpu:0", 52.30, image(1.5f / 255)));
		assertEquals(Check.Status.OK, close.status(), close.line());
		assertTrue(close.detail().contains("results 1.50/255 apart (RMS; at most 1.50/255)"), close.detail());
	}

	@Test
	void aDifferentImageOrStartLossFails() {
		Check image = SelfTestComparison.compare("GPU 0 against the CPU", CPU, result("gpu:0", 52.29, image(3f / 255)));
		assertEquals(Check.Status.FAILED, image.status(), image.line());
		assertTrue(image.detail().endsWith("beyond the tolerance: 1 % and 2/255 RMS: the GPU does not compute what the CPU "
			+ "does"), image.detail());
		assertTrue(image.todo().contains("device=cpu"), image.todo());
		Check loss = SelfTestComparison.compare("GPU 0 against the CPU", CPU, result("gpu:0", 53.5, image(0)));
		assertEquals(Check.Status.FAILED, loss.status(), loss.line());
	}

	@Test
	void notANumberFails() {
		float[] nan = image(0).data().clone();
		nan[10] = Float.NaN;
		FloatImage broken = new FloatImage(SelfTest.SIZE, SelfTest.SIZE * 3 / 4, 3, nan);
		assertEquals(Check.Status.FAILED, SelfTestComparison.compare("GPU", CPU, result("gpu:0", 52.29, broken)).status());
		assertEquals(Check.Status.FAILED, SelfTestComparison.compare("GPU", CPU, result("gpu:0", Double.NaN, image(0)))
			.status());
		FloatImage other = new FloatImage(8, 8, 3, new float[192]);
		assertTrue(SelfTestComparison.compare("GPU", CPU, result("gpu:0", 52.29, other)).detail().startsWith("the results "
			+ "differ in size"));
	}
}

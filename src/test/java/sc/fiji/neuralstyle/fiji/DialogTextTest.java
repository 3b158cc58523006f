package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.IJ;

/** Numbers and explanations as the dialog shows them. */
class DialogTextTest {

	@Test
	void numbersAreShortAndReadBackExactly() {
		assertEquals("1000", NumberText.format(1000));
		assertEquals("0", NumberText.format(0));
		assertEquals("0.02", NumberText.format(0.02));
		assertEquals("2.5", NumberText.format(2.5));
		assertEquals("1e-5", NumberText.format(1e-5));
		assertEquals("1.5e-7", NumberText.format(1.5e-7));
		assertEquals("-3", NumberText.format(-3));
		for (double v : new double[] { 0.1, 1.0 / 3, 1e-9, 123456.789, 7e20 }) {
			assertEquals(v, NumberText.parse(NumberText.format(v)), NumberText.format(v));
		}
		assertTrue(Double.isNaN(NumberText.parse("ten")));
	}

	@Test
	void ratiosReadLikeThePaper() {
		assertEquals("1e-3", NumberText.ratio(1.0 / 1000));
		assertEquals("1e-5", NumberText.ratio(1.0 / 1e5));
		assertEquals("2.5e-4", NumberText.ratio(1.0 / 4000));
		assertEquals("3.33e-4", NumberText.ratio(1.0 / 3000));
		assertEquals("0.5", NumberText.ratio(0.5));
		assertEquals("1e-8", NumberText.ratio(1e-8));
		assertEquals("∞", NumberText.ratio(Double.POSITIVE_INFINITY));
	}

	@Test
	void ratioLineFollowsTheStudy() {
		assertEquals("α/β = 1e-3: around 1e-3, the balance the original study found good.", DialogAdvice.ratio(1, 1000));
		assertEquals("α/β = 1e-5: strong style; below 1e-5 the content becomes unrecognisable.", DialogAdvice.ratio(1, 1e5));
		assertEquals("α/β = 1e-6: below 1e-5: expect the content to be unrecognisable (1e-3 keeps it).",
			DialogAdvice.ratio(1, 1e6));
		assertEquals("α/β = 0.1: mostly content, little style; 1e-3 is the balance the original study found good.",
			DialogAdvice.ratio(1, 10));
		assertEquals("β = 0: the style is ignored, the result only reproduces the content.", DialogAdvice.ratio(1, 0));
		assertEquals("α = 0: the content is ignored, the result is a texture of the style.", DialogAdvice.ratio(0, 5));
		assertEquals("α and β are both 0: nothing to optimise.", DialogAdvice.ratio(0, 0));
		assertEquals("α and β must be numbers ≥ 0.", DialogAdvice.ratio(Double.NaN, 1));
	}

	@Test
	void layerDefaultsPerNetwork() {
		assertEquals("Empty layers = vgg19's defaults: content relu4_2; style relu1_1,relu2_1,relu3_1,relu4_1,relu5_1",
			DialogAdvice.layerDefaults("vgg19"));
		assertEquals("Empty layers = vgg16-caffe's defaults: content relu4_2; style relu1_1,relu2_1,relu3_1,relu4_1,relu5_1",
			DialogAdvice.layerDefaults("vgg16-caffe"));
		assertEquals("Empty layers = alexnet's defaults: content relu4; style relu1,relu2,relu3,relu4,relu5",
			DialogAdvice.layerDefaults("AlexNet"));
		assertTrue(DialogAdvice.layerDefaults("resnet").startsWith("network: unknown network 'resnet'"));
	}

	@Test
	void numericFieldsShowTheExactValue() {
		// GenericDialog keeps the text it first shows and returns the initial value while it is unchanged.
		// (ImageJ writes at most 9 decimals: 1/3 shows rounded, but an unchanged field still gives 1/3.)
		for (double v : new double[] { 0, 300, 0.02, 1e-5, 1e-12, 2.5e-7, 0.123456789 }) {
			assertEquals(v, Double.parseDouble(IJ.d2s(v, PluginDialog.digits(v))), "digits " + PluginDialog.digits(v));
		}
		assertEquals(0, PluginDialog.digits(1000));
		assertEquals(2, PluginDialog.digits(0.02));
	}
}

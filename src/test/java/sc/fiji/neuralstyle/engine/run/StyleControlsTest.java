package sc.fiji.neuralstyle.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.objective.Objectives;
import sc.fiji.neuralstyle.engine.objective.StyleObjective;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.MaskBlend;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.ColorMode;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.LossTerm;
import sc.fiji.neuralstyle.engine.terms.style.RegionStyleLoss;
import sc.fiji.neuralstyle.engine.tiles.Features;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.SeededWeights;

/**
 * Style controls beyond the 2015 paper (Gatys et al. 2017): several styles blended, masks (guided
 * Gram matrices), colour modes; tiny images, seeded VGG16 weights.
 */
class StyleControlsTest {

	private static final FloatImage CONTENT = StyleTransferTest.random(40, 32, 3, 1);
	/** Fine noise. */
	private static final FloatImage NOISE = StyleTransferTest.random(36, 36, 3, 2);
	/** A smooth colour gradient. */
	private static final FloatImage SMOOTH = gradient(40, 32);
	/** Broad smooth stripes in two colours: a style as unlike the noise as possible. */
	private static final FloatImage STRIPES = stripes(36, 36);

	@BeforeAll
	static void engine() {
		DjlSetup.pytorch();
	}

	private static FloatImage stripes(int w, int h) {
		float[] data = new float[3 * w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				float v = (float) (0.5 + 0.5 * Math.sin(x / 3.0));
				data[y * w + x] = v;
				data[w * h + y * w + x] = 1 - v;
				data[2 * w * h + y * w + x] = 0.3f;
			}
		}
		return new FloatImage(w, h, 3, data);
	}

	private static FloatImage gradient(int w, int h) {
		float[] data = new float[3 * w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				data[y * w + x] = (float) x / w;
				data[w * h + y * w + x] = (float) y / h;
				data[2 * w * h + y * w + x] = 0.5f;
			}
		}
		return new FloatImage(w, h, 3, data);
	}

	/** 1 on the left half (x below w/2), 0 on the right; or the reverse. */
	private static FloatImage half(int w, int h, boolean left) {
		float[] data = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) data[y * w + x] = (x < w / 2) == left ? 1 : 0;
		}
		return new FloatImage(w, h, 1, data);
	}

	private static StyleResult run(StyleSettings settings, List<FloatImage> styles, List<FloatImage> masks) {
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			return transfer.run(CONTENT, styles, masks, null, ProgressListener.NONE);
		}
	}

	private static void assertSameLosses(StyleResult expected, StyleResult actual) {
		assertEquals(expected.losses().size(), actual.losses().size());
		for (int i = 0; i < expected.losses().size(); i++) {
			double e = expected.losses().get(i).total(), a = actual.losses().get(i).total();
			assertEquals(e, a, 1e-4 * Math.abs(e), "total loss at iteration " + i);
		}
	}

	@Test
	void aStyleGivenTwiceIsTheStyleGivenOnce() {
		StyleSettings settings = StyleTransferTest.small().iterations(6).build();
		assertSameLosses(run(settings, List.of(NOISE), List.of()), run(settings, List.of(NOISE, NOISE), List.of()));
	}

	@Test
	void blendWeightsOneAndZeroAreTheFirstStyleAlone() {
		StyleSettings settings = StyleTransferTest.small().iterations(6).build();
		StyleResult alone = run(settings, List.of(NOISE), List.of());
		StyleResult blended = run(settings.toBuilder().styleBlendWeights(List.of(1.0, 0.0)).build(),
			List.of(NOISE, STRIPES), List.of());
		assertSameLosses(alone, blended);
		StyleResult other = run(settings.toBuilder().styleBlendWeights(List.of(0.0, 1.0)).build(),
			List.of(NOISE, STRIPES), List.of());
		assertTrue(Math.abs(other.losses().get(0).total() - alone.losses().get(0).total()) > 1e-3
			* alone.losses().get(0).total(), "the weights choose the style");
	}

	@Test
	void outsideTheMaskTheResultStaysTheContent() {
		StyleSettings settings = StyleTransferTest.small().init(Init.CONTENT).iterations(15).build();
		FloatImage styled = run(settings, List.of(NOISE), List.of(half(40, 32, true))).image();
		int w = 40, h = 32;
		int band = (int) Math.ceil(3 * MaskBlend.feather(w, h));
		double right = 0, left = 0;
		int rightCount = 0, leftCount = 0;
		for (int c = 0; c < 3; c++) {
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					int i = c * w * h + y * w + x;
					double d = Math.abs(styled.data()[i] - CONTENT.data()[i]);
					if (x >= w / 2 + band) {
						right += d;
						rightCount++;
					}
					else if (x < w / 2 - band) {
						left += d;
						leftCount++;
					}
				}
			}
		}
		assertTrue(right / rightCount < 2 / 255.0, "right half within 2/255 of the content: " + right / rightCount * 255);
		assertTrue(left / leftCount > 5 / 255.0, "the masked left half is styled: " + left / leftCount * 255);
	}

	@Test
	void eachMaskedRegionTakesItsOwnStyle() {
		// A smooth content, like neither style; from noise, the noise style would be near everywhere.
		StyleSettings settings = StyleTransferTest.small().init(Init.CONTENT).contentWeight(0.01).iterations(20).build();
		List<FloatImage> masks = List.of(half(40, 32, true), half(40, 32, false));
		FloatImage styled;
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			styled = transfer.run(SMOOTH, List.of(NOISE, STRIPES), masks, null, ProgressListener.NONE).image();
		}
		List<LossTerm> terms = new ArrayList<>();
		try (NDManager manager = NDManager.newBaseManager();
			FeatureNetwork network = FeatureNetwork.create(Architecture.VGG16, Pooling.AVG,
				SeededWeights.forArchitecture(Architecture.VGG16), "seeded", manager);
			StyleObjective objective = Objectives.of(DjlSetup.pytorch(), network,
				ModelDescriptor.load("vgg16").preprocessing(), settings, LayerWeights.parse("relu3_2", "content"),
				LayerWeights.parse("relu1_1,relu2_1,relu3_1", "style"), tensor(SMOOTH, manager),
				List.of(tensor(NOISE, manager), tensor(STRIPES, manager)), masks, manager, terms))
		{
			NDArray x = tensor(styled, manager);
			Features f = new Features(network, ModelDescriptor.load("vgg16").preprocessing(), settings.padding());
			double leftOwn = RegionStyleLoss.of(terms, f, x, 0, 0, manager);
			double leftOther = RegionStyleLoss.of(terms, f, x, 1, 0, manager);
			double rightOwn = RegionStyleLoss.of(terms, f, x, 1, 1, manager);
			double rightOther = RegionStyleLoss.of(terms, f, x, 0, 1, manager);
			assertTrue(leftOwn < leftOther, "left half nearer the noise: " + leftOwn + " vs " + leftOther);
			assertTrue(rightOwn < rightOther, "right half nearer the stripes: " + rightOwn + " vs " + rightOther);
		}
	}

	@Test
	void colourModes() {
		StyleSettings settings = StyleTransferTest.small().init(Init.CONTENT).iterations(8).build();
		FloatImage none = run(settings, List.of(STRIPES), List.of()).image();
		FloatImage histogram = run(settings.toBuilder().preserveColors(ColorMode.HISTOGRAM).build(), List.of(STRIPES),
			List.of()).image();
		FloatImage luminance = run(settings.toBuilder().preserveColors(ColorMode.LUMINANCE).build(), List.of(STRIPES),
			List.of()).image();
		double differs = 0;
		for (int i = 0; i < none.data().length; i++) differs += Math.abs(none.data()[i] - histogram.data()[i]);
		assertTrue(differs / none.data().length > 1e-3, "histogram recolours the style before the run");
		// luminance: the content's chroma (U, V of YUV) wherever no channel is clipped.
		int n = 40 * 32;
		for (int i = 0; i < n; i++) {
			float r = luminance.data()[i], g = luminance.data()[n + i], b = luminance.data()[2 * n + i];
			if (Math.min(r, Math.min(g, b)) <= 0.001f || Math.max(r, Math.max(g, b)) >= 0.999f) continue;
			float cr = CONTENT.data()[i], cg = CONTENT.data()[n + i], cb = CONTENT.data()[2 * n + i];
			assertEquals(-0.14713 * cr - 0.28886 * cg + 0.436 * cb, -0.14713 * r - 0.28886 * g + 0.436 * b, 1 / 255.0,
				"U at " + i);
			assertEquals(0.615 * cr - 0.51499 * cg - 0.10001 * cb, 0.615 * r - 0.51499 * g - 0.10001 * b, 1 / 255.0,
				"V at " + i);
		}
	}

	private static NDArray tensor(FloatImage image, NDManager manager) {
		return manager.create(image.data(), new Shape(1, image.channels(), image.height(), image.width()));
	}
}

package sc.fiji.neuralstyle.fast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.neuralstyle.fast.FastFixtures;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.flow.FlowField;
import sc.fiji.neuralstyle.flow.OpticalFlow;
import sc.fiji.neuralstyle.flow.Warp;
import sc.fiji.neuralstyle.flow.WarpedImage;
import sc.fiji.neuralstyle.flow.WeightMap;
import sc.fiji.neuralstyle.net.SeededWeights;

/** The output-level temporal loss: the flow package's warp as a gather, its weights, the pairs' flows kept. */
class TemporalLossTest {

	static {
		FastFixtures.count(new long[0]);
	}

	/** A flow that moves every pixel by a fraction of a pixel, some out of the frame. */
	private static FlowField flow(int w, int h) {
		float[] u = new float[w * h], v = new float[w * h];
		for (int i = 0; i < u.length; i++) {
			u[i] = 1.37f * (float) Math.sin(i * 0.7);
			v[i] = -0.61f + 0.5f * (float) Math.cos(i * 0.3);
		}
		u[5] = Float.NaN; // unknown
		return new FlowField(w, h, u, v);
	}

	@Test
	void warpOfAWholeFrameIsTheFlowPackages() {
		int w = 9, h = 7;
		FlowField flow = flow(w, h);
		float[] earlier = SeededWeights.values(4200, 3 * w * h, 100, 120);
		float[] c = SeededWeights.values(4201, w * h, 0.5, 0.5);
		WarpedImage expected = Warp.backward(earlier, 3, flow);
		TemporalLoss.Warp warp = TemporalLoss.Warp.of(flow, new WeightMap(w, h, c), 0, 0, w, h);
		try (NDManager m = NDManager.newBaseManager()) {
			TemporalLoss.Pairs pairs = TemporalLoss.Pairs.of(List.of(warp), m);
			float[] actual = TemporalLoss.warp(m.create(earlier, new Shape(1, 3, h, w)), pairs).toFloatArray();
			float[] consistency = pairs.consistency().toFloatArray();
			int valid = 0;
			for (int i = 0; i < w * h; i++) {
				if (!expected.valid()[i]) {
					assertEquals(0, consistency[i], "an invalid pixel has no weight");
					continue;
				}
				valid++;
				assertEquals(c[i], consistency[i]);
				for (int ch = 0; ch < 3; ch++) assertEquals(expected.data()[ch * w * h + i], actual[ch * w * h + i], 1e-4, "pixel " + i);
			}
			assertTrue(valid > w * h / 3 && valid < w * h, "some pixels valid, some not: " + valid);
		}
	}

	/**
	 * The loss is (1/D) Σ c (y_t − ω(y_{t−1}))² in [0, 1] units: 0 for a frame that is the earlier one
	 * moved by the flow, the formula's value otherwise, and its gradient reaches both outputs.
	 */
	@Test
	void lossIsTheWeightedMeanSquareAndReachesBothFrames() {
		int w = 12, h = 10;
		// the later frame is the earlier one moved right by 2 pixels: its backward flow is (−2, 0)
		FlowField back = FlowField.uniform(w, h, -2, 0);
		float[] ones = new float[w * h];
		java.util.Arrays.fill(ones, 1);
		float[] earlier = new float[3 * w * h], later = new float[3 * w * h];
		for (int ch = 0; ch < 3; ch++) {
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					earlier[(ch * h + y) * w + x] = 10 * x + y + 50 * ch;
					later[(ch * h + y) * w + x] = 10 * (x - 2) + y + 50 * ch;
				}
			}
		}
		TemporalLoss.Warp warp = TemporalLoss.Warp.of(back, new WeightMap(w, h, ones), 0, 0, w, h);
		TemporalLoss loss = new TemporalLoss(1);
		try (NDManager m = NDManager.newBaseManager()) {
			TemporalLoss.Pairs pairs = TemporalLoss.Pairs.of(List.of(warp), m);
			NDArray y = NDArrays.concat(new NDList(m.create(earlier, new Shape(1, 3, h, w)), m.create(later, new Shape(1, 3, h,
				w))));
			assertEquals(0, loss.of(y, pairs).getFloat(), 1e-9, "moved exactly as the flow says");

			NDArray off = y.duplicate();
			off.setRequiresGradient(true);
			NDArray brighter = m.create(new float[] { 0, 25.5f }).reshape(2, 1, 1, 1);
			double value;
			try (GradientCollector collector = m.getEngine().newGradientCollector()) {
				NDArray l = loss.of(off.add(brighter), pairs);
				value = l.getFloat();
				collector.backward(l);
			}
			// every valid pixel differs by 0.1 in [0, 1] units: (1/D) Σ c · 0.01 over the 10 × 10 valid columns
			double validShare = (w - 2) * h / (double) (w * h);
			assertEquals(0.01 * validShare, value, 1e-7);
			NDArray g = off.getGradient();
			assertTrue(g.get("0").abs().sum().getFloat() > 0 && g.get("1").abs().sum().getFloat() > 0, "both frames");
		}
	}

	@Test
	void eachPairsFlowIsComputedOnceAndKept() {
		FlowCache cache = new FlowCache(new OpticalFlow(), new OpticalFlow(), 1L << 20);
		FloatImage a = FastStyleTrainerTest.shifted(24, 20, 0), b = FastStyleTrainerTest.shifted(24, 20, 1);
		FlowCache.Link first = cache.link(1, a, b);
		assertSame(first, cache.link(1, a, b));
		assertEquals(1, cache.computed());
		// the flow of a pattern moved right by one pixel: about one pixel back
		double mean = 0;
		for (float u : first.backward().u()) mean += u;
		assertEquals(-1, mean / first.backward().u().length, 0.3);

		FlowCache small = new FlowCache(new OpticalFlow(), new OpticalFlow(), 12L * 24 * 20); // room for one pair
		small.link(1, a, b);
		small.link(2, b, FastStyleTrainerTest.shifted(24, 20, 2));
		small.link(1, a, b);
		assertEquals(3, small.computed(), "the dropped pair is computed again");
	}
}

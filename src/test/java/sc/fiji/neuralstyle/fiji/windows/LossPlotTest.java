package sc.fiji.neuralstyle.fiji.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.gui.Plot;
import sc.fiji.neuralstyle.fiji.Fixtures;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.engine.progress.LossLog;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.TermValues;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;

class LossPlotTest {

	private static final StyleSettings SETTINGS = Params.defaultSettings().toBuilder().contentWeight(2).styleWeight(100).build();

	@BeforeAll
	static void headless() {
		Fixtures.headless();
	}

	private static List<LossRecord> history(double scale) {
		return List.of(new LossRecord(0, 100 * scale, 0, 1 * scale, 0, 0, 64),
			new LossRecord(1, 50 * scale, 5, 0.4 * scale, 0, 10, 64), new LossRecord(2, 30 * scale, 6, 0.2 * scale, 0, 20, 64));
	}

	@Test
	void logScaleAndThreeCurves() {
		Plot plot = LossPlot.create("losses", List.of(history(1)), SETTINGS);
		assertTrue((plot.getFlags() & Plot.Y_LOG_NUMBERS) != 0, "log-scale y axis");
		String[] curves = plot.getDataObjectDesignations();
		assertEquals(3, curves.length);
		assertTrue(curves[0].contains("total"), curves[0]);
		assertTrue(curves[1].contains("content"), curves[1]);
		assertTrue(curves[2].contains("style"), curves[2]);
		float[][] content = plot.getDataObjectArrays(1);
		assertTrue(Float.isNaN(content[1][0]), "a zero loss cannot be drawn on a log axis");
		assertEquals(2 * 5, content[1][1], 1e-6, "content is drawn weighted by alpha");
		assertEquals(100 * 0.4, plot.getDataObjectArrays(2)[1][1], 1e-5, "style is drawn weighted by beta");
	}

	/** init=content: the content loss rises from 0 through values far below the rest of the plot. */
	@Test
	void theAxisIsNotStretchedByTheContentLossRisingFrom0() {
		List<LossRecord> h = List.of(new LossRecord(0, 100, 0, 1, 0, 0, 64), new LossRecord(1, 90, 1e-7, 0.9, 0, 5, 64),
			new LossRecord(2, 50, 5, 0.4, 0, 10, 64), new LossRecord(3, 30, 6, 0.2, 0, 20, 64));
		double[] limits = LossPlot.create("losses", List.of(h, h), SETTINGS).getLimits();
		assertEquals(2 * 5 / 10.0 / 2, limits[2], 1e-9, "a decade below the settled curves (alpha 2 x 5), halved for a margin");
		assertEquals(100 * 2, limits[3], 1e-9, "the start image's total is on the plot");
		double[] alone = LossPlot.create("losses", List.of(List.of(h.get(1))), SETTINGS).getLimits();
		assertEquals(2e-7 / 2, alone[2], 1e-15, "one evaluation: its values set the axis");
	}

	@Test
	void tvCurveOnlyWhenUsed() {
		Plot plot = LossPlot.create("losses", List.of(history(1)), SETTINGS.toBuilder().tvWeight(1).build());
		assertEquals(4, plot.getDataObjectDesignations().length);
	}

	@Test
	void stackHistoriesRunOnWithPlaneMarks() {
		Plot plot = LossPlot.create("losses", List.of(history(1), history(0.5), history(0.25)), SETTINGS);
		float[][] total = plot.getDataObjectArrays(0);
		assertEquals(9, total[0].length);
		assertEquals(3, total[0][3], 0, "plane 2 starts at iteration 3");
		assertEquals(8, total[0][8], 0);
		assertEquals(3, plot.getDataObjectDesignations().length, "still one curve per term");
		assertEquals(3 + 2, plot.getNumPlotObjects(), "and a dotted line at each further plane's start");
	}

	@Test
	void aTimeLapseHasATemporalCurveWeightedByTemporalWeight() {
		List<String> names = List.of("content", "style", "tv", "temporal");
		List<LossRecord> first = List.of(new LossRecord(0, 10, TermValues.of(names, 0, 0.1, 0, 0), 0, 64));
		List<LossRecord> second = List.of(new LossRecord(0, 9, TermValues.of(names, 1, 0.05, 0, 2e-6), 0, 64));
		Plot plot = LossPlot.create("losses", List.of(first, second), SETTINGS.toBuilder().temporalWeight(1e6).build());
		String[] curves = plot.getDataObjectDesignations();
		assertEquals(4, curves.length, String.join(", ", curves));
		assertTrue(curves[3].contains("temporal_weight\u00b7temporal"), curves[3]);
		float[][] temporal = plot.getDataObjectArrays(3);
		assertTrue(Float.isNaN(temporal[1][0]), "0 on the first plane: not drawn on a log axis");
		assertEquals(2, temporal[1][1], 1e-6, "drawn weighted");
	}

	@Test
	void scalesAreMarkedWhereTheImageGrows() {
		List<LossRecord> coarseToFine = List.of(new LossRecord(0, 9, 0, 0.09, 0, 0, 32), new LossRecord(1, 8, 1, 0.07, 0, 5, 32),
			new LossRecord(2, 30, 3, 0.2, 0, 9, 64), new LossRecord(3, 20, 4, 0.1, 0, 20, 64));
		Plot plot = LossPlot.create("losses", List.of(coarseToFine), SETTINGS);
		assertEquals(3 + 1, plot.getNumPlotObjects(), "a dashed line where 64 px starts");
		assertTrue(plot.getLabel('x').contains("next scale"), plot.getLabel('x'));
		Plot twoPlanes = LossPlot.create("losses", List.of(coarseToFine, coarseToFine), SETTINGS);
		assertEquals(3 + 1 + 2, twoPlanes.getNumPlotObjects(), "one plane line, a scale line in each plane");
		assertEquals(64, LossLog.concatenate(List.of(coarseToFine, coarseToFine)).get(7).scale());
	}

	@Test
	void concatenateRunsTheIterationAndTimeOn() {
		List<LossRecord> all = LossLog.concatenate(List.of(history(1), history(1)));
		assertEquals(6, all.size());
		assertEquals(3, all.get(3).iteration());
		assertEquals(20, all.get(3).elapsedMs(), "plane 2 starts when plane 1 ended");
		assertEquals(40, all.get(5).elapsedMs());
	}

	@Test
	void rendersHeadless() {
		ImagePlus imp = LossPlot.create("losses", List.of(history(1)), SETTINGS).getImagePlus();
		assertTrue(imp.getWidth() > 100 && imp.getHeight() > 100);
		int[] histogram = imp.getProcessor().getHistogram();
		int colours = 0;
		for (int count : histogram) if (count > 0) colours++;
		assertNotEquals(1, colours, "something was drawn");
	}
}

package sc.fiji.neuralstyle.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.image.ContentPlanes.Extent;
import sc.fiji.neuralstyle.image.ContentPlanes.Position;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ContentPlanesTest {

	/** Stands in for the engine: every plane as it is. */
	private static List<FloatImage> identity(ContentPlanes planes) {
		List<FloatImage> styled = new ArrayList<>();
		for (int i = 0; i < planes.size(); i++) {
			styled.add(planes.floatImage(i));
		}
		return styled;
	}

	@Test
	void stackIsStyledSliceBySliceAndReassembled() {
		ImagePlus stack = TestImages.byteHyperstack(8, 6, 1, 12, 1, 10);
		ContentPlanes planes = ContentPlanes.of(stack, ContentPlanes.MERGED, Extent.ALL);
		assertEquals(12, planes.size());
		assertEquals(new Position(1, 5, 1), planes.positions().get(4));
		assertEquals("12 slices will be styled one after another, each starting from the previous result.",
			planes.describe(true));
		assertEquals("12 slices will be styled one after another.", planes.describe(false));
		assertEquals("12 slices will be styled one after another, each starting from the previous result moved by the "
			+ "optical flow and held to it (temporal_weight).", planes.describe(true, true));
		assertEquals(12, planes.longestSequence(), "a z-stack is one sequence");

		ImagePlus result = planes.assemble(identity(planes), "styled");
		assertEquals(ImagePlus.GRAY8, result.getType());
		assertEquals(12, result.getStackSize());
		assertEquals(12, result.getNSlices());
		assertEquals(1, result.getNFrames());
		assertEquals("styled", result.getTitle());
		for (int z = 1; z <= 12; z++) {
			assertArrayEquals((byte[]) stack.getStack().getPixels(z), (byte[]) result.getStack().getPixels(z));
			assertEquals("c1z" + z + "t1", result.getStack().getSliceLabel(z));
		}
	}

	@Test
	void timeSeriesIsStyledFrameByFrame() {
		ImagePlus movie = TestImages.byteHyperstack(8, 6, 1, 1, 5, 20);
		ContentPlanes planes = ContentPlanes.of(movie, 1, Extent.ALL);
		assertEquals(5, planes.size());
		assertEquals("5 frames will be styled one after another.", planes.describe(false));
		ImagePlus result = planes.assemble(identity(planes), "styled");
		assertEquals(1, result.getNSlices());
		assertEquals(5, result.getNFrames());
	}

	@Test
	void hyperstackKeepsSlicesAndFramesInImageJOrder() {
		ImageStack stack = new ImageStack(6, 4);
		for (int i = 0; i < 6; i++) {
			ImageProcessor ip = TestImages.shorts(6, 4, i, 0, 1000);
			stack.addSlice("p" + i, ip);
		}
		ImagePlus content = new ImagePlus("zt", stack);
		content.setDimensions(1, 3, 2);
		content.setOpenAsHyperStack(true);
		content.setDisplayRange(0, 1000);
		Calibration cal = content.getCalibration();
		cal.pixelWidth = 0.2;
		cal.pixelDepth = 1.5;

		ContentPlanes planes = ContentPlanes.of(content, 1, Extent.ALL);
		// Along time within each slice: one sequence per slice, each slice's first frame starting afresh.
		assertEquals(List.of(new Position(1, 1, 1), new Position(1, 1, 2), new Position(1, 2, 1),
			new Position(1, 2, 2), new Position(1, 3, 1), new Position(1, 3, 2)), planes.positions());
		assertEquals(List.of(true, false, true, false, true, false),
			IntStream.range(0, 6).mapToObj(planes::startsSequence).toList());
		assertEquals(List.of(1, 4, 2, 5, 3, 6), IntStream.range(0, 6).mapToObj(planes::stackIndex).toList(),
			"the result is put back in ImageJ's order, slices within frames");
		assertEquals(2, planes.longestSequence(), "temporal_frames reach back within a slice's frames");
		assertEquals("6 planes (3 slices \u00d7 2 frames) will be styled frame after frame, one sequence per slice.",
			planes.describe(false));

		// Styled at half size, as the engine may do.
		List<FloatImage> styled = new ArrayList<>();
		for (FloatImage plane : identity(planes)) {
			styled.add(Resampler.resize(plane, 3, 2));
		}
		ImagePlus result = planes.assemble(styled, "styled");
		assertEquals(ImagePlus.GRAY16, result.getType());
		assertEquals(3, result.getWidth());
		assertEquals(2, result.getHeight());
		assertEquals(1, result.getNChannels());
		assertEquals(3, result.getNSlices());
		assertEquals(2, result.getNFrames());
		assertTrue(result.isHyperStack());
		assertEquals(0, result.getDisplayRangeMin());
		assertEquals(1000, result.getDisplayRangeMax());
		assertEquals(0.4, result.getCalibration().pixelWidth, 1e-12);
		assertEquals(1.5, result.getCalibration().pixelDepth, 1e-12);
		assertEquals("p4", result.getStack().getSliceLabel(5));
	}

	@Test
	void currentPlaneOnly() {
		ImagePlus content = TestImages.byteHyperstack(8, 6, 1, 3, 2, 30);
		content.setPosition(1, 2, 2);
		ContentPlanes planes = ContentPlanes.of(content, 1, Extent.CURRENT);
		assertEquals(List.of(new Position(1, 2, 2)), planes.positions());
		assertEquals("The image will be styled at slice 2 of 3, frame 2 of 2 only.", planes.describe(true));
		ImagePlus result = planes.assemble(identity(planes), "one");
		assertEquals(1, result.getStackSize());
		assertArrayEquals((byte[]) content.getStack().getPixels(content.getStackIndex(1, 2, 2)),
			(byte[]) result.getProcessor().getPixels());
	}

	@Test
	void singleImage() {
		ImagePlus content = new ImagePlus("rgb", TestImages.rgb(5, 5, 1));
		ContentPlanes planes = ContentPlanes.of(content, ContentPlanes.MERGED, Extent.ALL);
		assertEquals(1, planes.size());
		assertEquals("The RGB image will be styled.", planes.describe(true));
		ImagePlus result = planes.assemble(identity(planes), "r");
		assertEquals(ImagePlus.COLOR_RGB, result.getType());
		assertEquals(1, result.getStackSize());
	}

	@Test
	void oneChannelOfAComposite() {
		ImagePlus hyper = TestImages.byteHyperstack(8, 6, 3, 2, 1, 40);
		CompositeImage composite = new CompositeImage(hyper, CompositeImage.COMPOSITE);
		ContentPlanes planes = ContentPlanes.of(composite, 2, Extent.ALL);
		assertEquals(2, planes.size());
		assertEquals("Channel 2 of 3 will be styled in 2 slices, one after another.", planes.describe(false));
		FloatImage plane = planes.floatImage(1);
		assertEquals(1, plane.channels());
		ImageProcessor source = composite.getStack().getProcessor(composite.getStackIndex(2, 2, 1));
		for (int i = 0; i < source.getPixelCount(); i++) {
			assertEquals(source.get(i) / 255f, plane.data()[i], 1e-7f);
		}
		ImagePlus result = planes.assemble(identity(planes), "c2");
		assertEquals(ImagePlus.GRAY8, result.getType());
		assertEquals(2, result.getNSlices());
		assertEquals(1, result.getNChannels());
		// The channel's green LUT comes along.
		assertEquals(255, result.getProcessor().getLut().getGreen(255));
		assertEquals(0, result.getProcessor().getLut().getRed(255));
		assertEquals("c2z2t1", result.getStack().getSliceLabel(2));

		composite.setPosition(2, 1, 1);
		assertEquals("Channel 2 of 3 will be styled at slice 1 of 2 only.",
			ContentPlanes.of(composite, 2, Extent.CURRENT).describe(true));
	}

	@Test
	void oneChannelOfSixteenBitCompositeUsesThatChannelsDisplayRange() {
		ImageStack stack = new ImageStack(4, 4);
		stack.addSlice(TestImages.shorts(4, 4, 1, 0, 4000));
		stack.addSlice(TestImages.shorts(4, 4, 2, 0, 4000));
		ImagePlus imp = new ImagePlus("two", stack);
		imp.setDimensions(2, 1, 1);
		CompositeImage composite = new CompositeImage(imp, CompositeImage.COMPOSITE);
		composite.setPosition(2, 1, 1);
		composite.setDisplayRange(500, 1500);
		composite.setPosition(1, 1, 1);
		composite.setDisplayRange(0, 4000);

		ContentPlanes planes = ContentPlanes.of(composite, 2, Extent.CURRENT);
		assertEquals(new DisplayRange(500, 1500, false), planes.resultType().range());
		ImagePlus result = planes.assemble(identity(planes), "c2");
		assertEquals(500, result.getDisplayRangeMin());
		assertEquals(1500, result.getDisplayRangeMax());
		ImageProcessor source = stack.getProcessor(2);
		for (int i = 0; i < 16; i++) {
			assertEquals(Math.min(1500, Math.max(500, source.get(i))), result.getProcessor().get(i));
		}
	}

	@Test
	void mergedCompositeIsWhatImageJShows() {
		ImagePlus hyper = TestImages.byteHyperstack(8, 6, 3, 2, 1, 50);
		CompositeImage composite = new CompositeImage(hyper, CompositeImage.COMPOSITE);
		composite.setPosition(1, 2, 1);
		composite.setDisplayRange(20, 200); // channel 1 only
		ContentPlanes planes = ContentPlanes.of(composite, ContentPlanes.MERGED, Extent.ALL);
		assertEquals("The 3 channels, merged in RGB as displayed, will be styled in 2 slices, one after another.",
			planes.describe(false));
		assertTrue(planes.resultType().isRgb());

		// ImageJ's own rendering of the composite at slice 2.
		composite.updateImage();
		ColorProcessor shown = new ColorProcessor(composite.getImage());
		assertArrayEquals(FloatImages.rgb(shown).data(), planes.floatImage(1).data());

		// Red, green, blue LUTs with full display ranges on channels 2 and 3: exact values.
		FloatImage merged = planes.floatImage(0);
		ImageProcessor green = composite.getStack().getProcessor(composite.getStackIndex(2, 1, 1));
		int n = merged.planeSize();
		for (int i = 0; i < n; i++) {
			assertEquals(green.get(i) / 255f, merged.data()[n + i]);
		}

		ImagePlus result = planes.assemble(identity(planes), "merged");
		assertEquals(ImagePlus.COLOR_RGB, result.getType());
		assertEquals(2, result.getNSlices());
		assertEquals(1, result.getNChannels());
	}

	@Test
	void mergedLeavesHiddenChannelsOutAndTheImageUntouched() {
		ImagePlus hyper = TestImages.byteHyperstack(8, 6, 3, 1, 1, 60);
		CompositeImage composite = new CompositeImage(hyper, CompositeImage.COMPOSITE);
		composite.setPosition(3, 1, 1);
		composite.getActiveChannels()[1] = false;
		FloatImage merged = ContentPlanes.of(composite, ContentPlanes.MERGED, Extent.CURRENT).floatImage(0);
		int n = merged.planeSize();
		for (int i = 0; i < n; i++) {
			assertEquals(0f, merged.data()[n + i]);
		}
		assertEquals(3, composite.getChannel());
		assertEquals(255, composite.getChannelLut(2).getGreen(255));

		composite.getActiveChannels()[0] = false;
		composite.getActiveChannels()[2] = false;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ContentPlanes.of(composite, ContentPlanes.MERGED, Extent.CURRENT).floatImage(0));
		assertTrue(e.getMessage().contains("Channels Tool"), e.getMessage());
	}

	@Test
	void mergedPlainMultiChannelStackUsesImageJsDefaultColours() {
		ImagePlus hyper = TestImages.byteHyperstack(4, 4, 2, 1, 1, 70);
		assertFalse(hyper.isComposite());
		FloatImage merged = ContentPlanes.of(hyper, ContentPlanes.MERGED, Extent.CURRENT).floatImage(0);
		ImageProcessor c1 = hyper.getStack().getProcessor(1), c2 = hyper.getStack().getProcessor(2);
		// Channel 1 red, channel 2 green, nothing blue; both through the image's display range 0..255.
		for (int i = 0; i < 16; i++) {
			assertEquals(c1.get(i) / 255f, merged.data()[i]);
			assertEquals(c2.get(i) / 255f, merged.data()[16 + i]);
			assertEquals(0f, merged.data()[32 + i]);
		}
	}

	@Test
	void rejectsMissingChannelsAndWrongPlaneCounts() {
		ImagePlus hyper = TestImages.byteHyperstack(4, 4, 3, 1, 1, 0);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ContentPlanes.of(hyper, 4, Extent.ALL));
		assertEquals("Channel 4 does not exist: 'hyper' has 3 channels; choose 1..3, or 0 for all channels merged",
			e.getMessage());
		ContentPlanes planes = ContentPlanes.of(hyper, 1, Extent.ALL);
		assertThrows(IllegalArgumentException.class, () -> planes.assemble(List.of(), "x"));
		ImagePlus stack = TestImages.byteHyperstack(4, 4, 1, 2, 1, 0);
		ContentPlanes two = ContentPlanes.of(stack, 1, Extent.ALL);
		e = assertThrows(IllegalArgumentException.class,
			() -> two.assemble(List.of(FloatImage.zeros(4, 4, 1), FloatImage.zeros(3, 4, 1)), "x"));
		assertTrue(e.getMessage().contains("all planes must have one size"), e.getMessage());
	}
}

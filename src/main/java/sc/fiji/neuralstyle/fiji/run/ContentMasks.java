package sc.fiji.neuralstyle.fiji.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.params.MaskSource;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.text.Counts;

/**
 * The masks of spatial control in Fiji, one per style image: the content's selection, the ROI
 * Manager's ROIs, or files ({@code masks}, {@code content_masks}). A mask is an 8-bit image of the
 * content's size: 255 where its style goes.
 */
final class ContentMasks {

	private ContentMasks() {}

	/**
	 * The masks the values ask for.
	 *
	 * @return empty when there are none (masks=none, or roi with no area selection)
	 * @throws ParameterException when they do not fit the styles (count, kind of selection)
	 */
	static List<ImagePlus> of(ParamValues values, ImagePlus content, int styles) {
		List<Path> files = values.get(Params.CONTENT_MASKS);
		MaskSource source = files.isEmpty() ? values.get(Params.MASKS) : MaskSource.FILES;
		return switch (source) {
			case NONE -> List.of();
			case FILES -> read(files);
			case ROI -> fromSelection(content, styles);
			case ROI_MANAGER -> fromRoiManager(content, styles);
		};
	}

	private static List<ImagePlus> read(List<Path> files) {
		List<ImagePlus> masks = new ArrayList<>();
		for (Path file : files) {
			try {
				masks.add(ImageFiles.read(file));
			}
			catch (IOException e) {
				throw Params.CONTENT_MASKS.problem(e);
			}
		}
		return masks;
	}

	/** Inside the selection the first style; outside, the second if there is one. */
	private static List<ImagePlus> fromSelection(ImagePlus content, int styles) {
		Roi roi = content.getRoi();
		if (roi == null || !roi.isArea()) return List.of();
		if (styles > 2) {
			throw new ParameterException(Params.MASKS.name(), "roi gives the selection to the first style and the rest "
				+ "to the second, and there are " + styles + " style images", "use masks=roi_manager (one ROI per style) or files");
		}
		ImagePlus inside = mask(content, List.of(roi), "selection");
		if (styles == 1) return List.of(inside);
		ByteProcessor outside = (ByteProcessor) inside.getProcessor().duplicate();
		outside.invert();
		return List.of(inside, new ImagePlus("outside the selection", outside));
	}

	/** The ROI Manager's ROIs in order, one per style. */
	private static List<ImagePlus> fromRoiManager(ImagePlus content, int styles) {
		RoiManager manager = RoiManager.getInstance2();
		Roi[] rois = manager == null ? new Roi[0] : manager.getRoisAsArray();
		if (rois.length != styles) {
			throw new ParameterException(Params.MASKS.name(), "the ROI Manager has " + Counts.of(rois.length, "ROI") + " for "
				+ Counts.of(styles, "style image"),
				"add one area ROI per style image, in the styles' order (Analyze > Tools > ROI Manager)");
		}
		List<ImagePlus> masks = new ArrayList<>();
		for (int i = 0; i < rois.length; i++) {
			if (!rois[i].isArea()) {
				throw new ParameterException(Params.MASKS.name(), "ROI " + (i + 1) + " of the ROI Manager is a "
					+ rois[i].getTypeAsString().toLowerCase() + ", not an area", "use area selections (rectangle, oval, polygon, freehand)");
			}
			masks.add(mask(content, List.of(rois[i]), "ROI " + (i + 1)));
		}
		return masks;
	}

	private static ImagePlus mask(ImagePlus content, List<Roi> rois, String title) {
		ByteProcessor mask = new ByteProcessor(content.getWidth(), content.getHeight());
		mask.setValue(255);
		for (Roi roi : rois) mask.fill(roi);
		return new ImagePlus(title, mask);
	}
}

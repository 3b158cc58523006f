package sc.fiji.neuralstyle.params;

import java.util.Locale;

/** Where the masks of spatial control come from (Fiji's {@code masks} parameter). */
public enum MaskSource {
	/** No masks: the styles are blended over the whole image. */
	NONE,
	/** The content's selection: inside takes the first style, outside the second (or stays the content). */
	ROI,
	/** The ROI Manager's ROIs, in order, one per style. */
	ROI_MANAGER,
	/** The files of {@code content_masks}, one per style. */
	FILES;

	/** The name in parameters: none, roi, roi_manager, files. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * One of the names.
	 *
	 * @throws IllegalArgumentException for other text
	 */
	public static MaskSource parse(String text) {
		for (MaskSource m : values()) {
			if (m.id().equalsIgnoreCase(text.strip())) return m;
		}
		throw new IllegalArgumentException("'" + text + "' is not none, roi, roi_manager or files");
	}
}

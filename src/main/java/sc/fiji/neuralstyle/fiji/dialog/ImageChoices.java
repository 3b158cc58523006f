package sc.fiji.neuralstyle.fiji.dialog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of the dialog's image choices: the open images' titles, a long one shortened in its
 * middle. An AWT choice is as wide as its longest item, and microscopy file names are long
 * ("2024-05-13_HeLa_H2B-GFP_63x_oil_confocal_timelapse_pos03_ch1.png"): with whole titles the dialog
 * grew past the screen's edge. The dialog reads the full title back from the item, and shows the
 * full titles of the chosen images in a line of their own.
 */
final class ImageChoices {

	/** The longest item, in characters: about 250 px, the width of the dialog's text fields. */
	static final int MAX_CHARS = 32;

	private final Map<String, String> titleByItem = new LinkedHashMap<>();
	private final Map<String, String> itemByTitle = new HashMap<>();

	/** @param titles the open images' titles, in the order the choices list them */
	ImageChoices(List<String> titles) {
		for (String title : titles) add(title);
	}

	private String add(String title) {
		String item = itemByTitle.get(title);
		if (item != null) return item;
		item = shorten(title, MAX_CHARS);
		// Two long titles alike at both ends: the second is told apart by a number.
		for (int n = 2; titleByItem.containsKey(item); n++) item = shorten(title, MAX_CHARS - 4) + " (" + n + ")";
		titleByItem.put(item, title);
		itemByTitle.put(title, item);
		return item;
	}

	/** The items; {@code chosen} among them even when no open image has that title (nothing is open). */
	String[] items(String chosen) {
		List<String> items = new ArrayList<>(titleByItem.keySet());
		if (items.isEmpty()) items.add(add(chosen));
		return items.toArray(String[]::new);
	}

	/** The item that stands for a title. */
	String item(String title) {
		String item = itemByTitle.get(title);
		return item != null ? item : shorten(title, MAX_CHARS);
	}

	/** The full title an item stands for; other text (such as "none") as it is. */
	String title(String item) {
		return titleByItem.getOrDefault(item, item);
	}

	/** Whether some title was shortened: then the dialog shows the chosen ones in full. */
	boolean shortens() {
		return titleByItem.entrySet().stream().anyMatch(e -> !e.getKey().equals(e.getValue()));
	}

	/**
	 * The title, or when longer than {@code max} its start and its end around an ellipsis: the start
	 * names the experiment, the end the position, channel and extension.
	 */
	static String shorten(String title, int max) {
		if (title.length() <= max) return title;
		int end = (max - 1) / 3;
		int start = max - 1 - end;
		return title.substring(0, start) + "\u2026" + title.substring(title.length() - end);
	}
}

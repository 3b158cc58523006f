package sc.fiji.neuralstyle.fiji.dialog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The dialog's image items keep a bounded width, and each stands for one full title. */
class ImageChoicesTest {

	private static final String LONG = "2024-05-13_HeLa_H2B-GFP_63x_oil_confocal_timelapse_pos03_ch1.png";

	@Test
	void aLongTitleKeepsItsStartAndItsEnd() {
		String item = ImageChoices.shorten(LONG, ImageChoices.MAX_CHARS);
		assertEquals(ImageChoices.MAX_CHARS, item.length());
		assertEquals("2024-05-13_HeLa_H2B-G\u202603_ch1.png", item);
		assertEquals("coffee.png", ImageChoices.shorten("coffee.png", ImageChoices.MAX_CHARS));
	}

	@Test
	void itemsReadBackAsTheFullTitles() {
		String twin = LONG.replace("pos03", "pos04").replace("confocal", "widefield");
		ImageChoices choices = new ImageChoices(List.of("coffee.png", LONG, LONG.replace("timelapse", "snapshots")));
		String[] items = choices.items("coffee.png");
		assertEquals(3, items.length);
		for (String item : items) assertTrue(item.length() <= ImageChoices.MAX_CHARS, item);
		assertEquals(LONG, choices.title(choices.item(LONG)));
		assertEquals(LONG.replace("timelapse", "snapshots"), choices.title(items[2]), "alike at both ends, told apart");
		assertTrue(items[2].endsWith(" (2)"), items[2]);
		assertEquals("none", choices.title("none"));
		assertTrue(choices.shortens());
		assertFalse(new ImageChoices(List.of("coffee.png", twin.substring(0, 20))).shortens());
	}

	@Test
	void withNothingOpenTheChosenTitleIsTheItem() {
		assertArrayEquals(new String[] { "a.png" }, new ImageChoices(List.of()).items("a.png"));
	}
}

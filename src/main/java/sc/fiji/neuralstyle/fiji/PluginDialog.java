package sc.fiji.neuralstyle.fiji;

import java.awt.AWTEvent;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Label;
import java.awt.TextComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.params.Advice;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.NumberText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.Params;

/**
 * The ImageJ1 dialog of Neural Style: one field per dialog row of the parameter table, added in one
 * loop and read back by name (each field's AWT name is the parameter's name). Short fields
 * (numbers, choices, check boxes) go two to a row. Three lines follow the edits: the default layers
 * of the network, the α/β balance, and what of the content will be styled.
 * <p>
 * The dialog is only shown interactively: a macro's options are read by the plugin itself with
 * exact names, and the plugin records the run (GenericDialog's own recording matches names by
 * their first word and is not used: no {@code getNext...} call is made).
 */
final class PluginDialog implements DialogListener {

	static final String TITLE = "Neural Style";

	/** The item of an optional image slot that is not used. */
	static final String NONE = "none";

	private static final String HELP = "<html><h2>Neural Style</h2>"
		+ "<p>Re-renders the <b>content</b> image in the style of the <b>style</b> image (Gatys, Ecker &amp; Bethge):"
		+ " the pixels are optimised so that the network's deep features match the content image's and their"
		+ " correlations (Gram matrices) match the style image's.</p><ul>"
		+ Params.on(Front.DIALOG).stream().map(p -> "<li><b>" + p.name() + "</b>: " + escape(p.help()) + "</li>")
			.reduce("", String::concat)
		+ "</ul><p>Press Esc to stop a run; the best image so far is kept. Macro: record a run with Plugins &gt;"
		+ " Macros &gt; Record; every parameter has the name shown in bold.</p></html>";

	/** Text fields whose values are short (a device, a tile side), so they pair up like numbers. */
	private static final Set<Param<?>> SHORT_TEXTS = Set.of(Params.DEVICE, Params.CHANNEL, Params.TILE_SIZE);

	private final GenericDialog gd;
	private final Map<String, Component> fields = new LinkedHashMap<>();
	private Component layersLine, ratioLine, planesLine;
	private Map<String, String> texts;

	/**
	 * Builds the dialog.
	 *
	 * @param initial the texts shown, by parameter name
	 * @param images the open images, offered as content and style
	 */
	PluginDialog(Map<String, String> initial, List<ImagePlus> images) {
		texts = new LinkedHashMap<>(initial);
		gd = new GenericDialog(TITLE);
		boolean rowOpen = false; // a short field waits for a second one beside it
		for (Param<?> p : Params.on(Front.DIALOG)) {
			boolean isShort = p.kind() != Kind.INPUT_FILE && p.kind() != Kind.OUTPUT_FILE && p.slots() == 1
				&& !(p.kind() == Kind.TEXT && !SHORT_TEXTS.contains(p));
			if (isShort && rowOpen) gd.addToSameRow();
			add(p, initial.getOrDefault(p.name(), p.defaultText()), images);
			rowOpen = isShort && !rowOpen;
			Component line = lineAfter(p);
			if (line != null) rowOpen = false;
		}
		gd.addHelp(HELP);
		gd.addDialogListener(this);
	}

	private void add(Param<?> p, String text, List<ImagePlus> images) {
		String label = p.label();
		Component field;
		if (p.kind() == Kind.IMAGE && p.slots() > 1) {
			addSlots(p, text, images);
			return;
		}
		if (p.kind() == Kind.IMAGE) {
			gd.addChoice(label, titles(images, text), text);
			field = (Component) gd.getChoices().lastElement();
		}
		else if (p == Params.CHANNEL) {
			gd.addChoice(label, channels(images), text.equals("0") ? "merged" : text);
			field = (Component) gd.getChoices().lastElement();
		}
		else if (p.kind() == Kind.CHOICE) {
			Set<String> items = new LinkedHashSet<>(p.choices());
			if (p.isOpenChoice() && !text.isEmpty()) items.add(text); // e.g. init=<file>
			gd.addChoice(label, items.toArray(String[]::new), text);
			field = (Component) gd.getChoices().lastElement();
		}
		else if (p.kind() == Kind.FLAG) {
			gd.addCheckbox(label, Boolean.parseBoolean(text));
			field = (Component) gd.getCheckboxes().lastElement();
		}
		else if (p.kind() == Kind.INTEGER || p.kind() == Kind.NUMBER) {
			gd.addNumericField(label, 0, 0, 8, null);
			field = (Component) gd.getNumericFields().lastElement();
			((TextComponent) field).setText(text); // exactly as given: "1e-6", not a rounding of it
		}
		else if (p.kind() == Kind.INPUT_FILE || p.kind() == Kind.OUTPUT_FILE) {
			gd.addFileField(label, text, 36);
			field = (Component) gd.getStringFields().lastElement();
		}
		else {
			gd.addStringField(label, text, SHORT_TEXTS.contains(p) ? 8 : 36);
			field = (Component) gd.getStringFields().lastElement();
		}
		field.setName(p.name());
		fields.put(p.name(), field);
	}

	/**
	 * A list of images as several choices on one row: the first named after the parameter, the
	 * others {@code name_2}, {@code name_3}, … with "none" first. Read back as the list of those chosen.
	 */
	private void addSlots(Param<?> p, String text, List<ImagePlus> images) {
		List<String> chosen = Params.split(text);
		for (int k = 0; k < p.slots(); k++) {
			String current = k < chosen.size() ? chosen.get(k) : NONE;
			if (k == 0) {
				gd.addChoice(p.label(), titles(images, current), current);
			}
			else {
				gd.addToSameRow();
				String[] items = titles(images, current);
				String[] withNone = new String[items.length + 1];
				withNone[0] = NONE;
				System.arraycopy(items, 0, withNone, 1, items.length);
				gd.addChoice(String.valueOf(k + 1), withNone, current);
			}
			Component field = (Component) gd.getChoices().lastElement();
			String name = k == 0 ? p.name() : p.name() + "_" + (k + 1);
			field.setName(name);
			fields.put(name, field);
		}
	}

	/** The explanatory line that follows a field, if any. */
	private Component lineAfter(Param<?> p) {
		if (p == Params.STYLE_LAYERS) return layersLine = message(Advice.layerDefaults(texts.get(Params.NETWORK.name())));
		if (p == Params.STYLE_WEIGHT) return ratioLine = message(ratio());
		if (p == Params.PLANES) return planesLine = message(planesSentence());
		return null;
	}

	private Component message(String text) {
		gd.addMessage(text);
		return gd.getMessage();
	}

	/**
	 * Shows the dialog.
	 *
	 * @return false if the user cancelled
	 */
	boolean show() {
		gd.showDialog();
		if (gd.wasCanceled()) return false;
		texts = read();
		return true;
	}

	/** The texts of the fields, by parameter name, as last read. */
	Map<String, String> texts() {
		return texts;
	}

	@Override
	public boolean dialogItemChanged(GenericDialog dialog, AWTEvent e) {
		texts = read();
		if (dialog.isShowing()) {
			setText(layersLine, Advice.layerDefaults(texts.get(Params.NETWORK.name())));
			setText(ratioLine, ratio());
			setText(planesLine, planesSentence());
		}
		return true;
	}

	/** Every parameter's text by name: check boxes as true/false, a list's slots joined by commas. */
	private Map<String, String> read() {
		Map<String, String> t = new LinkedHashMap<>();
		for (Param<?> p : Params.on(Front.DIALOG)) {
			List<String> texts = new ArrayList<>();
			for (int k = 0; k < p.slots(); k++) {
				String text = text(fields.get(k == 0 ? p.name() : p.name() + "_" + (k + 1)));
				if (k == 0 || !text.equals(NONE)) texts.add(text);
			}
			t.put(p.name(), String.join(",", texts));
		}
		return t;
	}

	private static String text(Component field) {
		if (field instanceof Choice c) return c.getSelectedItem();
		if (field instanceof Checkbox c) return Boolean.toString(c.getState());
		return ((TextComponent) field).getText().strip();
	}

	private String ratio() {
		return Advice.ratio(NumberText.parse(texts.get(Params.CONTENT_WEIGHT.name())),
			NumberText.parse(texts.get(Params.STYLE_WEIGHT.name())), texts.get(Params.STYLE_LOSS.name()));
	}

	/** What of the content will be styled; a problem is described instead. */
	private String planesSentence() {
		ImagePlus content = findImage(texts.get(Params.CONTENT.name()));
		if (content == null) return "Choose a content image.";
		try {
			int channel = Params.CHANNEL.parse(texts.get(Params.CHANNEL.name()));
			boolean all = Params.PLANES.parse(texts.get(Params.PLANES.name())).equals("all");
			return ContentPlanes.of(content, channel, all ? ContentPlanes.Extent.ALL : ContentPlanes.Extent.CURRENT)
				.describe(true); // StyleJob starts each plane from the previous plane's result
		}
		catch (IllegalArgumentException e) {
			return e.getMessage();
		}
	}

	/**
	 * The open image with that title, or null. If several share it, the active image when it is one
	 * of them (a macro that just opened a file or selected an image by ID means that one), else the
	 * first opened.
	 */
	static ImagePlus findImage(String title) {
		if (title == null || title.isEmpty()) return null;
		ImagePlus current = WindowManager.getCurrentImage();
		if (current != null && title.equals(current.getTitle())) return current;
		return WindowManager.getImage(title);
	}

	/** The titles of the open images; one empty item if there is none. */
	private static String[] titles(List<ImagePlus> images, String text) {
		Set<String> titles = new LinkedHashSet<>();
		for (ImagePlus imp : images) titles.add(imp.getTitle());
		if (titles.isEmpty()) titles.add(text);
		return titles.toArray(String[]::new);
	}

	/** "merged", then 1 up to the most channels of any open image. */
	private static String[] channels(List<ImagePlus> images) {
		int most = 1;
		for (ImagePlus imp : images) most = Math.max(most, imp.getNChannels());
		List<String> items = new ArrayList<>();
		items.add("merged");
		for (int c = 1; c <= most; c++) items.add(Integer.toString(c));
		return items.toArray(String[]::new);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static void setText(Component line, String text) {
		if (line instanceof Label label) {
			if (!text.equals(label.getText())) label.setText(text);
		}
		else if (line instanceof MultiLineLabel label) {
			label.setText(text);
		}
	}
}

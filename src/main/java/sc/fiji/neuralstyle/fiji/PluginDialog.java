package sc.fiji.neuralstyle.fiji;

import java.awt.AWTEvent;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Font;
import java.awt.Label;
import java.awt.TextComponent;
import java.util.ArrayList;
import java.util.Comparator;
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
import sc.fiji.neuralstyle.params.Group;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.NumberText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.Params;

/**
 * The ImageJ1 dialogs of Neural Style, which start simple: the first holds the rows of the parameter
 * table in {@link Group#BASIC} and an "Advanced options" check box; the second, opened when that box
 * is ticked, holds the other dialog rows under the headings of their groups. Which row goes where is
 * the table's ({@link Param#group()}), so a new row falls into place. In both, one field per row is
 * added in one loop and read back by name (each field's AWT name is the parameter's name); short
 * fields (numbers, choices, check boxes) go two to a row. Lines follow the edits: the default layers
 * of the network, the α/β balance, what of the content will be styled, and in the first dialog which
 * advanced options differ from their defaults.
 * <p>
 * Each dialog keeps the texts of every dialog row (those of the other dialog unchanged), so the two
 * together make one run, recorded as one macro line, and remembered as one set of preferences.
 * The dialogs are only shown interactively: a macro's options are read by the plugin itself with
 * exact names, and the plugin records the run (GenericDialog's own recording matches names by
 * their first word and is not used: no {@code getNext...} call is made).
 * </p>
 */
final class PluginDialog implements DialogListener {

	static final String TITLE = "Neural Style";
	static final String ADVANCED_TITLE = "Neural Style: advanced options";

	/** The AWT name of the first dialog's check box that asks for the second dialog. */
	static final String ADVANCED = "advanced_options";

	/** The item of an optional image slot that is not used. */
	static final String NONE = "none";

	/** Text fields whose values are short (a device, a tile side), so they pair up like numbers. */
	private static final Set<Param<?>> SHORT_TEXTS = Set.of(Params.DEVICE, Params.CHANNEL, Params.TILE_SIZE);

	/** The font of the second dialog's group headings. */
	private static final Font HEADING = new Font("SansSerif", Font.BOLD, 12);

	private final GenericDialog gd;
	private final List<Param<?>> rows;
	private final Map<String, Component> fields = new LinkedHashMap<>();
	private Component layersLine, ratioLine, planesLine;
	private Checkbox advancedBox;
	private Map<String, String> texts;

	/**
	 * The first dialog: the basic rows and the "Advanced options" box.
	 *
	 * @param initial the texts of every dialog row, by parameter name
	 * @param images the open images, offered as content and style
	 * @param advanced whether the box starts ticked
	 */
	static PluginDialog basic(Map<String, String> initial, List<ImagePlus> images, boolean advanced) {
		return new PluginDialog(TITLE, Group.BASIC, initial, images, advanced);
	}

	/** The second dialog: every other dialog row, under its group's heading. */
	static PluginDialog advanced(Map<String, String> initial, List<ImagePlus> images) {
		return new PluginDialog(ADVANCED_TITLE, null, initial, images, false);
	}

	/** The rows of a dialog: those of {@code basic}'s group, or with null those of every other group. */
	static List<Param<?>> rows(Group only) {
		return Params.on(Front.DIALOG).stream().filter(p -> only == null ? p.group() != Group.BASIC : p.group() == only)
			.sorted(Comparator.comparing((Param<?> p) -> p.group())).toList();
	}

	private PluginDialog(String title, Group only, Map<String, String> initial, List<ImagePlus> images,
		boolean advanced)
	{
		texts = new LinkedHashMap<>(initial);
		rows = rows(only);
		gd = new GenericDialog(title);
		boolean rowOpen = false; // a short field waits for a second one beside it
		Group heading = null;
		for (Param<?> p : rows) {
			if (only == null && p.group() != heading) {
				heading = p.group();
				gd.addMessage(heading.title(), HEADING);
				rowOpen = false;
			}
			boolean isShort = p.kind() != Kind.INPUT_FILE && p.kind() != Kind.OUTPUT_FILE && p.slots() == 1
				&& !(p.kind() == Kind.TEXT && !SHORT_TEXTS.contains(p));
			if (isShort && rowOpen) gd.addToSameRow();
			add(p, initial.getOrDefault(p.name(), p.defaultText()), images);
			rowOpen = isShort && !rowOpen;
			Component line = lineAfter(p);
			if (line != null) rowOpen = false;
		}
		if (only == Group.BASIC) {
			planesLine = message(planesSentence());
			message(Advice.advancedChanges(texts));
			gd.addCheckbox("Advanced options (style controls, large images, optimiser, stacks, files)", advanced);
			advancedBox = (Checkbox) gd.getCheckboxes().lastElement();
			advancedBox.setName(ADVANCED);
		}
		gd.addHelp(help(rows));
		gd.addDialogListener(this);
	}

	private static String help(List<Param<?>> rows) {
		return "<html><h2>Neural Style</h2>"
			+ "<p>Re-renders the <b>content</b> image in the style of the <b>style</b> image (Gatys, Ecker &amp; Bethge):"
			+ " the pixels are optimised so that the network's deep features match the content image's and their"
			+ " correlations (Gram matrices) match the style image's.</p><ul>"
			+ rows.stream().map(p -> "<li><b>" + p.name() + "</b>: " + escape(p.help()) + "</li>").reduce("", String::concat)
			+ "</ul><p>Tick <i>Advanced options</i> in the first dialog for the other parameters. Press Esc to stop a"
			+ " run; the best image so far is kept. Macro: record a run with Plugins &gt; Macros &gt; Record; every"
			+ " parameter has the name shown in bold, and the recorded line holds both dialogs' values.</p></html>";
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

	/** The texts of every dialog row, by parameter name, as last read (the other dialog's unchanged). */
	Map<String, String> texts() {
		return texts;
	}

	/** Whether the first dialog's "Advanced options" box was ticked. */
	boolean advancedWanted() {
		return advancedBox != null && advancedBox.getState();
	}

	@Override
	public boolean dialogItemChanged(GenericDialog dialog, AWTEvent e) {
		texts = read();
		if (dialog.isShowing()) {
			if (layersLine != null) setText(layersLine, Advice.layerDefaults(texts.get(Params.NETWORK.name())));
			if (ratioLine != null) setText(ratioLine, ratio());
			if (planesLine != null) setText(planesLine, planesSentence());
		}
		return true;
	}

	/**
	 * Every dialog row's text by name: this dialog's from its fields (check boxes as true/false, a
	 * list's slots joined by commas), the others' as they came.
	 */
	private Map<String, String> read() {
		Map<String, String> t = new LinkedHashMap<>(texts);
		for (Param<?> p : rows) {
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
			boolean coherent = Params.TEMPORAL_WEIGHT.parse(texts.get(Params.TEMPORAL_WEIGHT.name())) > 0;
			return ContentPlanes.of(content, channel, all ? ContentPlanes.Extent.ALL : ContentPlanes.Extent.CURRENT)
				.describe(true, coherent); // StyleJob starts each plane from the previous plane's result
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

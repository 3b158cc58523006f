package sc.fiji.neuralstyle.fiji.dialog;

import java.awt.AWTEvent;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
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
import sc.fiji.neuralstyle.net.weights.WeightStore;
import sc.fiji.neuralstyle.params.Advice;
import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Group;
import sc.fiji.neuralstyle.params.Kind;
import sc.fiji.neuralstyle.params.NumberText;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.setup.About;
import sc.fiji.neuralstyle.text.Lines;

/**
 * The ImageJ1 dialogs of Neural Style, which start simple: the first holds the rows of the parameter
 * table in {@link Group#BASIC} and an "Advanced options" check box; the second, opened when that box
 * is ticked, holds the other dialog rows under the headings of their groups. Which row goes where is
 * the table's ({@link Param#group()}), so a new row falls into place. In both, one field per row is
 * added in one loop and read back by name (each field's AWT name is the parameter's name); short
 * fields (numbers, choices, check boxes) go two to a row, each label beside its field. Lines follow
 * the edits: whether the network's weights are on this computer, the default layers of the network,
 * the α/β balance, what of the content will be styled, and in the first dialog which advanced options
 * differ from their defaults; the temporal rows are off while only the current plane is styled.
 * <p>
 * The dialogs keep their width whatever the open images are called: image choices list long titles
 * shortened ({@link ImageChoices}), with the chosen images' full titles in a line, and lines are
 * wrapped. Help opens the plugin's documentation page.
 * <p>
 * Each dialog keeps the texts of every dialog row (those of the other dialog unchanged), so the two
 * together make one run, recorded as one macro line, and remembered as one set of preferences.
 * The dialogs are only shown interactively: a macro's options are read by the plugin itself with
 * exact names, and the plugin records the run (GenericDialog's own recording matches names by
 * their first word and is not used: no {@code getNext...} call is made).
 * </p>
 */
public final class PluginDialog implements DialogListener {

	public static final String TITLE = "Neural Style";
	static final String ADVANCED_TITLE = "Neural Style: advanced options";

	/** The AWT name of the first dialog's check box that asks for the second dialog. */
	static final String ADVANCED = "advanced_options";

	/** The item of an optional image slot that is not used. */
	static final String NONE = "none";

	/** Text fields whose values are short (a channel, a tile side), so they pair up like numbers. */
	private static final Set<Param<?>> SHORT_TEXTS = Set.of(Params.CHANNEL, Params.TILE_SIZE);

	/** What the Help buttons open: the documentation's page on Fiji, docs/fiji.md, on the project's page. */
	static final String HELP_URL = About.DOCS + "fiji.md";

	/** The width of the dialogs' lines, in characters (about 650 px). */
	static final int COLUMNS = 100;

	/** How the first dialog's weights line says to get weights ahead of a run. */
	static final String GET_WEIGHTS = "Download Weights... (in Plugins > Neural Style) gets them now";

	/** The rows that matter only when every plane is styled. */
	private static final Set<Param<?>> TEMPORAL = Set.of(Params.TEMPORAL_WEIGHT, Params.TEMPORAL_FRAMES);

	/** The font of the second dialog's group headings. */
	private static final Font HEADING = new Font("SansSerif", Font.BOLD, 12);

	private final GenericDialog gd;
	private final List<Param<?>> rows;
	private final Map<String, Component> fields = new LinkedHashMap<>();
	/** The fields and labels of the temporal rows, which are off when only the current plane is styled. */
	private final List<Component> temporal = new ArrayList<>();
	private final ImageChoices imageChoices;
	private final WeightStore store = WeightStore.fromEnvironment();
	private MultiLineLabel weightsLine, layersLine, ratioLine, planesLine, titlesLine;
	private Checkbox advancedBox;
	private Map<String, String> texts;

	/**
	 * The first dialog: the basic rows and the "Advanced options" box.
	 *
	 * @param initial the texts of every dialog row, by parameter name
	 * @param images the open images, offered as content and style
	 * @param advanced whether the box starts ticked
	 */
	public static PluginDialog basic(Map<String, String> initial, List<ImagePlus> images, boolean advanced) {
		return new PluginDialog(TITLE, rows(Group.BASIC), null, true, initial, images, advanced);
	}

	/** The second dialog: every other dialog row, under its group's heading. */
	public static PluginDialog advanced(Map<String, String> initial, List<ImagePlus> images) {
		return new PluginDialog(ADVANCED_TITLE, rows(null), Param::group, false, initial, images, false);
	}

	/**
	 * Train Fast Style's one dialog: the rows that act in training ({@link Front#TRAINING}) under their
	 * groups' headings, the model to write among the training's own.
	 */
	public static PluginDialog training(String title, Map<String, String> initial, List<ImagePlus> images) {
		return new PluginDialog(title, trainingRows(), PluginDialog::trainingGroup, false, initial, images, false);
	}

	/** Train Fast Style's rows in dialog order. */
	public static List<Param<?>> trainingRows() {
		return Params.on(Front.TRAINING).stream().sorted(Comparator.comparing(PluginDialog::trainingGroup)).toList();
	}

	/** The heading of a row in Train Fast Style's dialog: the model it writes is the training's own. */
	private static Group trainingGroup(Param<?> p) {
		return p == Params.MODEL ? Group.TRAINING : p.group();
	}

	/** The rows of a dialog: those of {@code basic}'s group, or with null those of every other group. */
	static List<Param<?>> rows(Group only) {
		return Params.on(Front.DIALOG).stream().filter(p -> only == null ? p.group() != Group.BASIC : p.group() == only)
			.sorted(Comparator.comparing((Param<?> p) -> p.group())).toList();
	}

	/**
	 * @param headings each row's heading, or null for none
	 * @param basic whether it is the first dialog of Neural Style, with its lines and the "Advanced options" box
	 */
	private PluginDialog(String title, List<Param<?>> rows, java.util.function.Function<Param<?>, Group> headings,
		boolean basic, Map<String, String> initial, List<ImagePlus> images, boolean advanced)
	{
		texts = new LinkedHashMap<>(initial);
		this.rows = rows;
		imageChoices = new ImageChoices(images.stream().map(ImagePlus::getTitle).toList());
		gd = new GenericDialog(title);
		boolean rowOpen = false; // a short field waits for a second one beside it
		Group heading = null;
		for (Param<?> p : rows) {
			if (headings != null && headings.apply(p) != heading) {
				heading = headings.apply(p);
				gd.addMessage(heading.title(), HEADING);
				rowOpen = false;
			}
			boolean isShort = p.kind() != Kind.INPUT_FILE && p.kind() != Kind.OUTPUT_FILE && p.slots() == 1
				&& !(p.kind() == Kind.TEXT && !SHORT_TEXTS.contains(p));
			if (isShort && rowOpen) gd.addToSameRow();
			add(p, initial.getOrDefault(p.name(), p.defaultText()), images);
			rowOpen = isShort && !rowOpen;
			if (lineAfter(p) != null) rowOpen = false;
		}
		if (basic) {
			planesLine = message(planesSentence());
			message(Advice.advancedChanges(texts));
			gd.addCheckbox("Advanced options (style controls, large images, optimiser, stacks, files)", advanced);
			advancedBox = (Checkbox) gd.getCheckboxes().lastElement();
			advancedBox.setName(ADVANCED);
		}
		enableTemporalRows();
		gd.addHelp(HELP_URL);
		gd.addDialogListener(this);
	}

	private void add(Param<?> p, String text, List<ImagePlus> images) {
		String label = p.label();
		Component field;
		if (p.kind() == Kind.IMAGE && p.slots() > 1) {
			addSlots(p, text);
			return;
		}
		if (p.kind() == Kind.IMAGE) {
			gd.addChoice(label, imageChoices.items(text), imageChoices.item(text));
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
		if (TEMPORAL.contains(p)) {
			temporal.add(field);
			if (gd.getLabel() != null) temporal.add(gd.getLabel());
		}
	}

	/**
	 * A list of images as several choices, one per row with its label ("Style image", "Style image 2",
	 * …; the fields {@code name}, {@code name_2}, …), the further ones with "none" first. Read back as
	 * the list of those chosen. When a title is shortened, a line with the full titles follows.
	 */
	private void addSlots(Param<?> p, String text) {
		List<String> chosen = Params.split(text);
		for (int k = 0; k < p.slots(); k++) {
			String current = k < chosen.size() ? chosen.get(k) : NONE;
			List<String> items = new ArrayList<>(List.of(imageChoices.items(current)));
			if (k > 0) items.add(0, NONE);
			gd.addChoice(p.slotLabel(k), items.toArray(String[]::new), imageChoices.item(current));
			Component field = (Component) gd.getChoices().lastElement();
			field.setName(p.slotName(k));
			fields.put(p.slotName(k), field);
		}
		if (p == Params.STYLE && imageChoices.shortens()) titlesLine = message(fullTitles());
	}

	/** The chosen images' full titles, for when the choices show them shortened. */
	private String fullTitles() {
		return "Content: " + texts.get(Params.CONTENT.name()) + "\nStyle: "
			+ String.join(", ", Params.split(texts.get(Params.STYLE.name())));
	}

	/** The explanatory line that follows a field, if any. */
	private Component lineAfter(Param<?> p) {
		if (p == Params.NETWORK) return weightsLine = message(weightsSentence());
		if (p == Params.STYLE_LAYERS) return layersLine = message(Advice.layerDefaults(texts.get(Params.NETWORK.name())));
		if (p == Params.STYLE_WEIGHT) return ratioLine = message(ratio());
		if (p == Params.PLANES) return planesLine = message(planesSentence());
		return null;
	}

	/**
	 * A line of text, wrapped to {@link #COLUMNS}; always a MultiLineLabel (GenericDialog makes a Label
	 * of a text without a line break), so that it can take more lines as it follows the edits.
	 */
	private MultiLineLabel message(String text) {
		gd.addMessage(Lines.wrap(text, COLUMNS) + "\n");
		return (MultiLineLabel) gd.getMessage();
	}

	private String weightsSentence() {
		return Advice.weights(texts.get(Params.NETWORK.name()), texts.get(Params.WEIGHTS.name()), store, GET_WEIGHTS);
	}

	/**
	 * Shows the dialog.
	 *
	 * @return false if the user cancelled
	 */
	public boolean show() {
		gd.showDialog();
		if (gd.wasCanceled()) return false;
		texts = read();
		return true;
	}

	/** The texts of every dialog row, by parameter name, as last read (the other dialog's unchanged). */
	public Map<String, String> texts() {
		return texts;
	}

	/** Whether the first dialog's "Advanced options" box was ticked. */
	public boolean advancedWanted() {
		return advancedBox != null && advancedBox.getState();
	}

	@Override
	public boolean dialogItemChanged(GenericDialog dialog, AWTEvent e) {
		texts = read();
		if (dialog.isShowing()) {
			boolean resized = setText(weightsLine, weightsSentence());
			resized |= setText(layersLine, Advice.layerDefaults(texts.get(Params.NETWORK.name())));
			resized |= setText(ratioLine, ratio());
			resized |= setText(planesLine, planesSentence());
			resized |= setText(titlesLine, fullTitles());
			enableTemporalRows();
			if (resized) dialog.pack();
		}
		return true;
	}

	/**
	 * The temporal rows are on when every plane is styled (planes=all, or a dialog without planes: Train
	 * Fast Style takes every plane), and off otherwise.
	 */
	private void enableTemporalRows() {
		String planes = texts.get(Params.PLANES.name());
		boolean all = planes == null || planes.equals("all");
		for (Component c : temporal) c.setEnabled(all);
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
				String text = text(fields.get(p.slotName(k)));
				if (k == 0 || !text.equals(NONE)) texts.add(text);
			}
			t.put(p.name(), String.join(",", texts));
		}
		return t;
	}

	/** A field's text; an image choice's item is read back as the full title. */
	private String text(Component field) {
		if (field instanceof Choice c) return imageChoices.title(c.getSelectedItem());
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
				.describe(true, coherent); // FijiRuns starts each plane from the previous plane's result
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
	public static ImagePlus findImage(String title) {
		if (title == null || title.isEmpty()) return null;
		ImagePlus current = WindowManager.getCurrentImage();
		if (current != null && title.equals(current.getTitle())) return current;
		return WindowManager.getImage(title);
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

	/** Sets a line's text; true if it now needs another size (the dialog is then packed again). */
	private static boolean setText(MultiLineLabel line, String text) {
		if (line == null) return false;
		Dimension before = line.getPreferredSize();
		line.setText(Lines.wrap(text, COLUMNS));
		return !line.getPreferredSize().equals(before);
	}
}

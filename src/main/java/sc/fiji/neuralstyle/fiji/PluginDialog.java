package sc.fiji.neuralstyle.fiji;

import java.awt.AWTEvent;
import java.awt.Component;
import java.awt.Label;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * The ImageJ1 dialog of Neural Style. Every field's label starts with its macro key (GenericDialog
 * takes the label's first word, lower-cased, as the key and shows underscores as spaces), so the
 * macro recorder writes {@code run("Neural Style", "content=[...] style=[...] network=vgg19 ...")} with
 * the shared parameter names, and a macro sets any field by that name.
 * <p>
 * The dialog reads all its fields in one place, {@link #dialogItemChanged}: GenericDialog calls it on
 * every edit (to update the α/β, layer and planes lines) and once more when OK is pressed or a macro
 * runs it, which is when it records the options.
 */
final class PluginDialog implements DialogListener {

	static final String TITLE = "Neural Style";

	private static final String HELP = "<html><h2>Neural Style</h2>"
		+ "<p>Re-renders the <b>content</b> image in the style of the <b>style</b> image (Gatys, Ecker &amp; Bethge):"
		+ " the pixels are optimised so that the network's deep features match the content image's and their"
		+ " correlations (Gram matrices) match the style image's.</p>"
		+ "<ul><li><b>network</b>: vgg19 as in the paper; vgg16 and alexnet are faster. Weights are downloaded"
		+ " once unless <b>weights</b> names a local .pth file.</li>"
		+ "<li><b>content weight α</b>, <b>style weight β</b>: α/β = 1e-3 balances both; below 1e-5 the content is lost.</li>"
		+ "<li><b>optimizer</b>: lbfgs (the paper's, fastest to converge), adam or sgd; <b>learning rate</b> 0 ="
		+ " the optimiser's default.</li>"
		+ "<li><b>init</b>: start from the content, seeded noise or the style.</li>"
		+ "<li><b>size</b>: longest side of the result in pixels; time and memory grow with its square.</li>"
		+ "<li><b>device</b>: auto uses a CUDA GPU when PyTorch sees one.</li>"
		+ "<li><b>channel</b>, <b>planes</b>: what of a multi-channel image or a stack is styled.</li>"
		+ "<li><b>output</b>, <b>loss log</b>: optional files for the result and the loss history (CSV).</li></ul>"
		+ "<p>Press Esc to stop a run; the best image so far is kept. Macro: record a run with Plugins &gt;"
		+ " Macros &gt; Record.</p></html>";

	private final GenericDialog gd;
	private final Component layersLine;
	private final Component ratioLine;
	private final Component planesLine;
	private DialogParameters values;

	/**
	 * Builds the dialog.
	 *
	 * @param initial the values shown (and used for keys a macro leaves out)
	 * @param images the open images, offered as content and style
	 */
	PluginDialog(DialogParameters initial, List<ImagePlus> images) {
		values = initial;
		String[] titles = titles(images);
		gd = new GenericDialog(TITLE);
		gd.addChoice("Content", titles, initial.content());
		gd.addToSameRow();
		gd.addChoice("Style", titles, initial.style());
		List<String> networks = ModelDescriptor.available();
		gd.addChoice("Network", networks.toArray(String[]::new), initial.network());
		gd.addFileField("Weights (empty = download)", initial.weights(), 36);
		gd.addStringField("Content_layers", initial.contentLayers(), 36);
		gd.addStringField("Style_layers", initial.styleLayers(), 36);
		gd.addMessage(DialogAdvice.layerDefaults(initial.network()));
		layersLine = gd.getMessage();

		gd.addChoice("Optimizer", ids(OptimizerKind.values()), initial.optimizer());
		gd.addToSameRow();
		number("Learning_rate", initial.learningRate(), "0 = default");
		number("Iterations", initial.iterations(), null);
		gd.addToSameRow();
		gd.addChoice("Init", new String[] { "content", "noise", "style" }, initial.init());
		number("Content_weight", initial.contentWeight(), "α");
		gd.addToSameRow();
		number("Style_weight", initial.styleWeight(), "β");
		gd.addMessage(DialogAdvice.ratio(initial.contentWeight(), initial.styleWeight()));
		ratioLine = gd.getMessage();

		number("TV_weight", initial.tvWeight(), null);
		gd.addToSameRow();
		gd.addChoice("Pooling", ids(Pooling.values()), initial.pooling());
		number("Size", initial.size(), "px");
		gd.addToSameRow();
		number("Style_scale", initial.styleScale(), null);
		number("Seed", initial.seed(), null);
		gd.addToSameRow();
		gd.addStringField("Device", initial.device(), 8);
		number("Preview_every", initial.previewEvery(), "iterations");
		gd.addToSameRow();
		gd.addCheckbox("Preserve_colors", initial.preserveColors());

		gd.addChoice("Channel", channels(images), initial.channel());
		gd.addToSameRow();
		gd.addChoice("Planes", new String[] { DialogParameters.CURRENT, DialogParameters.ALL }, initial.planes());
		gd.addMessage(initial.planesSentence(findImage(initial.content())));
		planesLine = gd.getMessage();
		gd.addFileField("Output (optional)", initial.output(), 36);
		gd.addFileField("Loss_log (optional, CSV)", initial.lossLog(), 36);
		gd.addHelp(HELP);
		gd.addDialogListener(this);
	}

	/**
	 * Shows the dialog (or, in a macro, reads the macro's options).
	 *
	 * @return false if the user cancelled
	 */
	boolean show() {
		gd.showDialog();
		if (gd.wasCanceled()) return false;
		values = read(gd);
		return true;
	}

	/** The values read by {@link #show}. */
	DialogParameters values() {
		return values;
	}

	@Override
	public boolean dialogItemChanged(GenericDialog dialog, AWTEvent e) {
		values = read(dialog);
		if (!dialog.isShowing()) return true;
		setText(layersLine, DialogAdvice.layerDefaults(values.network()));
		setText(ratioLine, DialogAdvice.ratio(values.contentWeight(), values.styleWeight()));
		setText(planesLine, values.planesSentence(findImage(values.content())));
		return true;
	}

	/**
	 * Reads every field in the order of {@link DialogParameters#KEYS}. GenericDialog numbers fields of
	 * each kind (choice, text, number, checkbox) separately; this order is also the order they were
	 * added in, and the order the recorder writes them.
	 */
	private static DialogParameters read(GenericDialog gd) {
		String content = gd.getNextChoice();
		String style = gd.getNextChoice();
		String network = gd.getNextChoice();
		String weights = gd.getNextString();
		String contentLayers = gd.getNextString();
		String styleLayers = gd.getNextString();
		String optimizer = gd.getNextChoice();
		double learningRate = gd.getNextNumber();
		double iterations = gd.getNextNumber();
		double contentWeight = gd.getNextNumber();
		double styleWeight = gd.getNextNumber();
		double tvWeight = gd.getNextNumber();
		String init = gd.getNextChoice();
		String pooling = gd.getNextChoice();
		double size = gd.getNextNumber();
		double styleScale = gd.getNextNumber();
		double seed = gd.getNextNumber();
		String device = gd.getNextString();
		boolean preserveColors = gd.getNextBoolean();
		double previewEvery = gd.getNextNumber();
		String channel = gd.getNextChoice();
		String planes = gd.getNextChoice();
		String output = gd.getNextString();
		String lossLog = gd.getNextString();
		return new DialogParameters(content, style, network, weights, contentLayers, styleLayers, optimizer,
			learningRate, iterations, contentWeight, styleWeight, tvWeight, init, pooling, size, styleScale, seed, device,
			preserveColors, previewEvery, channel, planes, output, lossLog);
	}

	/**
	 * A numeric field whose text reads back as exactly {@code value}: GenericDialog keeps the text it
	 * first showed and returns its initial value when the text is unchanged, so the text must be exact.
	 */
	private void number(String label, double value, String units) {
		gd.addNumericField(label, value, digits(value), 8, units);
	}

	/** Decimal places (negative: scientific notation in IJ.d2s) that show {@code value} exactly. */
	static int digits(double value) {
		if (!Double.isFinite(value)) return 0;
		for (int d = 0; d <= 9; d++) {
			if (Double.parseDouble(IJ.d2s(value, d)) == value) return d;
		}
		for (int d = 1; d <= 9; d++) {
			if (Double.parseDouble(IJ.d2s(value, -d)) == value) return -d;
		}
		return 9;
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

	/** The titles of the open images; one empty item if there is none (a macro naming files). */
	private static String[] titles(List<ImagePlus> images) {
		Set<String> titles = new LinkedHashSet<>();
		for (ImagePlus imp : images) titles.add(imp.getTitle());
		if (titles.isEmpty()) titles.add("");
		return titles.toArray(String[]::new);
	}

	/** "merged", then 1 up to the most channels of any open image. */
	private static String[] channels(List<ImagePlus> images) {
		int most = 1;
		for (ImagePlus imp : images) most = Math.max(most, imp.getNChannels());
		List<String> items = new ArrayList<>();
		items.add(DialogParameters.MERGED);
		for (int c = 1; c <= most; c++) items.add(Integer.toString(c));
		return items.toArray(String[]::new);
	}

	private static String[] ids(OptimizerKind[] kinds) {
		String[] ids = new String[kinds.length];
		for (int i = 0; i < kinds.length; i++) ids[i] = kinds[i].id();
		return ids;
	}

	private static String[] ids(Pooling[] kinds) {
		String[] ids = new String[kinds.length];
		for (int i = 0; i < kinds.length; i++) ids[i] = kinds[i].id();
		return ids;
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

package sc.fiji.neuralstyle.fiji;

import java.awt.Checkbox;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import sc.fiji.neuralstyle.net.weights.CacheLocation;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.weights.WeightStore;
import sc.fiji.neuralstyle.params.OptionText;
import sc.fiji.neuralstyle.params.Params;
import sc.fiji.neuralstyle.setup.DownloadWeights;

/**
 * Plugins › Neural Style › Download Weights…: choose networks, and their weights are downloaded into
 * the models folder runs read ({@link CacheLocation}), each checked against its SHA-256 before it
 * takes its place, with ImageJ's progress bar; Esc cancels and leaves nothing partial. A macro names
 * the networks instead: {@code run("Download Weights...", "networks=vgg19,alexnet")} (or
 * {@code networks=all}); it stops when a download fails.
 */
public class DownloadWeightsPlugin implements PlugIn {

	static final String TITLE = "Download Weights";
	/** The macro option naming the networks. */
	static final String NETWORKS = "networks";

	@Override
	public void run(String arg) {
		WeightStore store = new WeightStore(CacheLocation.folder(), true); // asked for: downloads allowed
		String options = Macro.getOptions();
		List<ModelDescriptor> networks;
		try {
			networks = options != null ? DownloadWeights.parse(OptionText.parse(options).getOrDefault(NETWORKS, ""))
				: choose(store);
		}
		catch (IllegalArgumentException e) {
			ErrorMessage.show(TITLE, NETWORKS + ": " + e.getMessage());
			return;
		}
		if (networks == null || networks.isEmpty()) return;
		IJ.resetEscape();
		List<DownloadWeights.Outcome> outcomes = DownloadWeights.run(networks, store, new Progress());
		IJ.showProgress(1.0);
		IJ.resetEscape();
		List<String> failed = new ArrayList<>();
		for (DownloadWeights.Outcome o : outcomes) {
			IJ.log("Neural Style: " + o.message());
			if (o.status() == DownloadWeights.Status.FAILED) failed.add(o.message());
		}
		boolean cancelled = outcomes.stream().anyMatch(o -> o.status() == DownloadWeights.Status.CANCELLED);
		IJ.showStatus(cancelled ? "Download Weights: cancelled; nothing partial was kept" : failed.isEmpty()
			? "Download Weights: done" : "Download Weights: " + failed.size() + " failed (see the Log window)");
		if (!failed.isEmpty()) ErrorMessage.dialog(TITLE, String.join("\n\n", failed)); // each is in the Log
	}

	/** The dialog: one check box per network (named after it), ticked where it is wanted; null if cancelled. */
	private static List<ModelDescriptor> choose(WeightStore store) {
		GenericDialog gd = new GenericDialog(TITLE);
		gd.addMessage("Weights go to " + store.cacheDir() + ", where runs look for them.\nEach file is checked against "
			+ "its SHA-256 before it is kept; Esc cancels, and nothing partial is left.");
		List<ModelDescriptor> all = ModelDescriptor.available().stream().map(ModelDescriptor::load).toList();
		List<Checkbox> boxes = new ArrayList<>();
		for (ModelDescriptor d : all) {
			boolean there = Files.exists(store.location(d));
			gd.addCheckbox(label(d, there), !there && d.name().equals(Params.NETWORK.defaultValue().name()));
			Checkbox box = (Checkbox) gd.getCheckboxes().lastElement();
			box.setLabel(label(d, there)); // GenericDialog shows "_" as a space: squeezenet1_1 is a name
			box.setName(d.name());
			boxes.add(box);
		}
		gd.addHelp("<html><p>Fills the models folder ahead of time, for example before working offline. A file "
			+ "that is there is checked and kept; one that fails its check is downloaded again. The command line "
			+ "does the same for a cluster's shared folder: <tt>./neural-style --download vgg19,alexnet --models_dir "
			+ "DIR</tt>.</p></html>");
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		List<ModelDescriptor> chosen = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			if (boxes.get(i).getState()) chosen.add(all.get(i));
		}
		return chosen;
	}

	private static String label(ModelDescriptor d, boolean there) {
		return d.name() + " (" + d.sizeText() + (there ? ", there: checked again" : "") + ")";
	}

	/** ImageJ's progress bar and status line; Esc cancels. */
	private static final class Progress implements DownloadWeights.Listener {

		@Override
		public void started(ModelDescriptor d) {
			IJ.showStatus("Download Weights: " + d.name() + " (" + d.sizeText() + "), Esc cancels");
		}

		@Override
		public void progress(ModelDescriptor d, long done, long total) {
			if (total > 0) IJ.showProgress((double) done / total);
			IJ.showStatus(String.format(Locale.ROOT, "Download Weights: %s, %.0f of %s MB (Esc cancels)", d.name(),
				done / 1e6, total > 0 ? String.format(Locale.ROOT, "%.0f", total / 1e6) : "?"));
		}

		@Override
		public void message(String text) {
			IJ.log("Neural Style: " + text);
		}

		@Override
		public boolean isCancelled() {
			return IJ.escapePressed();
		}
	}
}

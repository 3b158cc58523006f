package sc.fiji.neuralstyle.setup;

import java.util.function.UnaryOperator;

import sc.fiji.neuralstyle.net.weights.DownloadListener;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.weights.WeightStore;
import sc.fiji.neuralstyle.net.weights.WeightsState;

/**
 * Whether a network's weights file is in the models folder and is the published file: verified is
 * ok, missing a warning (a run downloads it, or says how to get it), a file that fails its check a
 * failure (runs would refuse it).
 */
final class WeightsCheck {

	private WeightsCheck() {}

	/**
	 * @param howToDownload the front's way to download a network's weights, e.g.
	 *          {@code ./neural-style --download vgg19}, by network name
	 */
	static Check of(ModelDescriptor d, WeightStore store, DownloadListener listener, UnaryOperator<String> howToDownload) {
		String name = d.name() + " weights";
		WeightsState state = store.state(d, listener);
		return switch (state.kind()) {
			case VERIFIED -> Check.ok(name, state.file() + " (" + d.sizeText() + "), verified (" + state.detail() + ")");
			case MISSING -> Check.warning(name, "not downloaded yet (" + d.sizeText() + ", " + state.file() + ")",
				(store.downloadsAllowed() ? "a run downloads it on first use; to fetch it now "
					: "runs may not download it (offline mode); fetch it now: ") + howToDownload.apply(d.name()) + ", or download "
					+ d.url() + " and save it as " + state.file());
			case DAMAGED -> Check.failed(name, state.detail(), "download it again: " + howToDownload.apply(d.name())
				+ " replaces it once the new file is checked");
		};
	}
}

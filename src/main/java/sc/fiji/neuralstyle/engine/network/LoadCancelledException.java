package sc.fiji.neuralstyle.engine.network;

import java.util.concurrent.CancellationException;

/**
 * The caller cancelled while the feature network was still loading (its weights downloading, say):
 * nothing was run, and nothing of the load is left (no partial download). Thrown by
 * {@code StyleTransfer.open} and {@code NetworkCache.acquire} within a second of the request.
 */
public final class LoadCancelledException extends CancellationException {

	private static final long serialVersionUID = 1L;

	public LoadCancelledException() {
		super("Cancelled while loading the network; nothing was run.");
	}
}

package sc.fiji.neuralstyle.fiji;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

import sc.fiji.neuralstyle.engine.NetworkCache;

/**
 * The feature networks of a SciJava context (Fiji's): loaded by the first Neural Style run that
 * needs one, kept for the next runs (each image of {@code Style_Folder.ijm}, the runs of one
 * session), and freed when the context is disposed (Fiji quits). Both Fiji fronts use it, the
 * SciJava command through its parameter, the ImageJ1 plugin through {@link FijiNetworks}. Making it
 * costs nothing: no network, nor PyTorch, is loaded before a run asks.
 */
@Plugin(type = Service.class)
public class NetworkService extends AbstractService implements SciJavaService {

	private NetworkCache cache;

	@Override
	public void initialize() {
		cache = new NetworkCache();
		FijiNetworks.register(cache);
	}

	/** The context's networks. */
	public NetworkCache cache() {
		return cache;
	}

	@Override
	public void dispose() {
		if (cache == null) return;
		FijiNetworks.unregister(cache);
		cache.close();
	}
}

package sc.fiji.neuralstyle.fiji;

import ai.djl.engine.Engine;
import ij.IJ;
import sc.fiji.neuralstyle.engine.DjlSetup;
import sc.fiji.neuralstyle.setup.InstallationCheck;

/**
 * Check Installation's view of the machine from inside ImageJ: the ImageJ version is checked too,
 * the engine is started as the plugin starts it ({@link DjlBootstrap}, with the plugin's class loader),
 * and weights are downloaded with Download Weights.
 */
final class FijiMachine extends InstallationCheck.Machine {

	private final ClassLoader pluginLoader;

	/** @param pluginLoader the class loader of the plugin's jars */
	FijiMachine(ClassLoader pluginLoader) {
		this.pluginLoader = pluginLoader;
	}

	@Override
	public Engine startEngine() {
		DjlBootstrap.prepare(pluginLoader, IJ::log);
		return DjlSetup.pytorch();
	}

	@Override
	public String imageJVersion() {
		return IJ.getFullVersion();
	}

	@Override
	public String howToDownload(String network) {
		return "use Plugins > Neural Style > Download Weights... and tick " + network;
	}
}

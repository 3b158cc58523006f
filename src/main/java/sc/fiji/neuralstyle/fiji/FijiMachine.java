package sc.fiji.neuralstyle.fiji;

import ai.djl.engine.Engine;
import ij.IJ;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.setup.InstallationCheck;
import sc.fiji.neuralstyle.fiji.run.DjlBootstrap;

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
		return imageJ();
	}

	/** The running ImageJ's version as its About window writes it: 1.54p for a release, 1.54u7 for a daily build. */
	static String imageJ() {
		return version(IJ.getVersion(), IJ.getFullVersion());
	}

	/**
	 * {@code IJ.getFullVersion} writes a release's missing build number as 99 and pads a daily build's
	 * to two digits (1.54p99, 1.54u07); ImageJ's own windows say 1.54p and 1.54u7.
	 */
	static String version(String version, String fullVersion) {
		if (!fullVersion.startsWith(version)) return fullVersion;
		String build = fullVersion.substring(version.length());
		if (build.equals("99") || build.isEmpty()) return version;
		return version + build.replaceFirst("^0+(?=\\d)", "");
	}

	@Override
	public String howToDownload(String network) {
		return "use Plugins > Neural Style > Download Weights... and tick " + network;
	}
}

package sc.fiji.neuralstyle.engine;

import ai.djl.engine.Engine;

/**
 * Makes DJL keep to itself before its engine starts: no usage tracking, and no download of the
 * native PyTorch library unless the user asked for a particular build.
 */
public final class DjlSetup {

	private DjlSetup() {}

	/**
	 * Turns DJL's usage tracking off and, unless the user set {@code PYTORCH_FLAVOR},
	 * {@code PYTORCH_VERSION} or {@code ai.djl.offline} themselves, puts DJL offline so that it uses
	 * the native library on the class path (or in its cache) and never fetches one by itself.
	 * Call before anything touches the engine; later calls do nothing more.
	 *
	 * @return the PyTorch engine
	 */
	public static synchronized Engine pytorch() {
		if (System.getProperty("OPT_OUT_TRACKING") == null) System.setProperty("OPT_OUT_TRACKING", "true");
		if (System.getProperty("ai.djl.offline") == null && !userChoseBuild()) {
			System.setProperty("ai.djl.offline", "true");
		}
		return Engine.getEngine("PyTorch");
	}

	/** Whether {@code PYTORCH_FLAVOR} or {@code PYTORCH_VERSION} (environment or property) asks for a build. */
	public static boolean userChoseBuild() {
		return System.getenv("PYTORCH_FLAVOR") != null || System.getenv("PYTORCH_VERSION") != null
			|| System.getProperty("PYTORCH_FLAVOR") != null || System.getProperty("PYTORCH_VERSION") != null;
	}
}

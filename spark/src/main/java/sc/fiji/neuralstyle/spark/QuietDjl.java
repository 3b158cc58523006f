package sc.fiji.neuralstyle.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import sc.fiji.neuralstyle.engine.djl.DjlSetup;

/**
 * Spark logs through log4j 2, where slf4j-simple's setting in {@link DjlSetup#pytorch} does not reach:
 * DJL's "Failed to detect GPU count" came twice in the driver on a machine with a CUDA toolkit and no
 * GPU. The same logger is turned off here, in the driver and in each executor, before DJL starts.
 */
final class QuietDjl {

	private QuietDjl() {}

	static void apply() {
		Configurator.setLevel(DjlSetup.CUDA_LOGGER, Level.OFF);
	}
}

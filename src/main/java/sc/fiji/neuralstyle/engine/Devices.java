package sc.fiji.neuralstyle.engine;

import java.util.Locale;
import java.util.regex.Pattern;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Turns the {@code device} parameter (auto, cpu, gpu, gpu:N) into a DJL device. */
public final class Devices {

	private static final Pattern SYNTAX = Pattern.compile("auto|cpu|gpu(:\\d{1,2})?");

	private Devices() {}

	/** Checks the text form without touching the engine. */
	public static void checkSyntax(String device) {
		if (device == null || !SYNTAX.matcher(device.trim().toLowerCase(Locale.ROOT)).matches()) {
			throw new IllegalArgumentException("device '" + device + "' is not one of auto, cpu, gpu, gpu:N (N = 0, 1, …)");
		}
	}

	/**
	 * The device to compute on: auto picks the first GPU when PyTorch sees one, else the CPU.
	 *
	 * @throws IllegalArgumentException when a GPU is asked for that PyTorch does not see
	 */
	public static Device resolve(String device, Engine engine) {
		checkSyntax(device);
		String d = device.trim().toLowerCase(Locale.ROOT);
		int gpus = engine.getGpuCount();
		if (d.equals("auto")) return gpus > 0 ? Device.gpu(0) : Device.cpu();
		if (d.equals("cpu")) return Device.cpu();
		int index = d.equals("gpu") ? 0 : Integer.parseInt(d.substring(4));
		if (index >= gpus) {
			throw new IllegalArgumentException(gpus == 0
				? "device=" + d + " but PyTorch sees no CUDA GPU (engine " + engine.getVersion()
					+ DjlSetup.cudaProblem().map(why -> "; CUDA: " + why).orElse("") + "). Use device=auto or cpu, or install a CUDA build of PyTorch: see README, 'GPU'."
				: "device=" + d + " but PyTorch sees only " + gpus + " GPU(s): use gpu:0 to gpu:" + (gpus - 1));
		}
		return Device.gpu(index);
	}
}

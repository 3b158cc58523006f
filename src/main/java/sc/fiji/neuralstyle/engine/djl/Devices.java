package sc.fiji.neuralstyle.engine.djl;

import java.util.Locale;
import java.util.regex.Pattern;

import ai.djl.Device;
import ai.djl.engine.Engine;

import sc.fiji.neuralstyle.text.BadValueException;

/** Turns the {@code device} parameter (auto, cpu, gpu, gpu:N) into a DJL device. */
public final class Devices {

	private static final Pattern SYNTAX = Pattern.compile("auto|cpu|gpu(:\\d{1,2})?");

	private Devices() {}

	/** Whether a text names a device: auto, cpu, gpu or gpu:N (any case, blanks around ignored). */
	public static boolean isValid(String device) {
		return device != null && SYNTAX.matcher(device.trim().toLowerCase(Locale.ROOT)).matches();
	}

	/**
	 * Whether a run with this setting may compute on a GPU: {@code gpu} or {@code gpu:N}, or
	 * {@code auto} where CUDA sees a GPU. Decided without starting PyTorch; where it says yes, what
	 * can be checked only on the device (its memory) is checked when the engine has it.
	 */
	public static boolean mayUseGpu(String device) {
		String d = device.trim().toLowerCase(Locale.ROOT);
		return d.startsWith("gpu") || d.equals("auto") && DjlSetup.cudaSeesAGpu();
	}

	/**
	 * The device to compute on: auto picks the first GPU when PyTorch sees one, else the CPU.
	 *
	 * @throws BadValueException naming device when a GPU is asked for that PyTorch does not see
	 */
	public static Device resolve(String device, Engine engine) {
		if (!isValid(device)) throw new IllegalArgumentException("device '" + device + "' is not auto, cpu, gpu or gpu:N");
		String d = device.trim().toLowerCase(Locale.ROOT);
		int gpus = engine.getGpuCount();
		if (d.equals("auto")) return gpus > 0 ? Device.gpu(0) : Device.cpu();
		if (d.equals("cpu")) return Device.cpu();
		int index = d.equals("gpu") ? 0 : Integer.parseInt(d.substring(4));
		if (index >= gpus) {
			// The parameter's problem: fronts show it as a bad argument.
			throw gpus == 0
				? new BadValueException("device", d + " asked for, but PyTorch sees no CUDA GPU (engine " + engine.getVersion()
					+ DjlSetup.cudaProblem().map(why -> "; CUDA: " + why).orElse("") + ")", "use device=auto or cpu, or "
						+ "install a CUDA build of PyTorch (docs/weights-and-check.md, CPU and GPU)")
				: new BadValueException("device", d + " asked for, but PyTorch sees only " + gpus + " GPU(s)", "use gpu:0 to gpu:"
					+ (gpus - 1));
		}
		return Device.gpu(index);
	}
}

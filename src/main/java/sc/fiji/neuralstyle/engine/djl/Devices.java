package sc.fiji.neuralstyle.engine.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;

import sc.fiji.neuralstyle.engine.settings.ComputeDevice;
import sc.fiji.neuralstyle.text.BadValueException;

/** Turns the {@code device} parameter, typed ({@link ComputeDevice}), into a DJL device. */
public final class Devices {

	private Devices() {}

	/**
	 * Whether a run with this setting may compute on a GPU: {@code gpu} or {@code gpu:N}, or
	 * {@code auto} where CUDA sees a GPU. Decided without starting PyTorch; where it says yes, what
	 * can be checked only on the device (its memory) is checked when the engine has it.
	 */
	public static boolean mayUseGpu(ComputeDevice device) {
		return device.isGpu() || device.kind() == ComputeDevice.Kind.AUTO && DjlSetup.cudaSeesAGpu();
	}

	/**
	 * The device to compute on: auto picks the first GPU when PyTorch sees one, else the CPU.
	 *
	 * @throws BadValueException naming device when a GPU is asked for that PyTorch does not see
	 */
	public static Device resolve(ComputeDevice device, Engine engine) {
		int gpus = engine.getGpuCount();
		if (device.kind() == ComputeDevice.Kind.AUTO) return gpus > 0 ? Device.gpu(0) : Device.cpu();
		if (device.kind() == ComputeDevice.Kind.CPU) return Device.cpu();
		int index = device.gpu();
		if (index >= gpus) {
			// The parameter's problem: fronts show it as a bad argument.
			throw gpus == 0
				? new BadValueException("device", device + " asked for, but PyTorch sees no CUDA GPU (engine " + engine.getVersion()
					+ DjlSetup.cudaProblem().map(why -> "; CUDA: " + why).orElse("") + ")", "use device=auto or cpu, or "
						+ "install a CUDA build of PyTorch (docs/weights-and-check.md, CPU and GPU)")
				: new BadValueException("device", device + " asked for, but PyTorch sees only " + gpus + " GPU(s)", "use gpu:0 to gpu:"
					+ (gpus - 1));
		}
		return Device.gpu(index);
	}
}

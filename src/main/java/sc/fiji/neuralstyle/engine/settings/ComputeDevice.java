package sc.fiji.neuralstyle.engine.settings;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.neuralstyle.text.BadValueException;

/**
 * Where a run computes, as the {@code device} parameter chose it: {@link #AUTO} (a CUDA GPU if PyTorch
 * sees one, else the CPU), the {@link #CPU}, or GPU {@code n}. Parsed once from its text
 * ({@link #parse}); the engine turns it into a DJL device where it has the engine
 * ({@code engine.djl.Devices.resolve}).
 *
 * @param kind auto, cpu, gpu (the first) or gpu:N
 * @param gpu the GPU's index (0 but for gpu:N)
 */
public record ComputeDevice(Kind kind, int gpu) {

	/** The kinds of choice: {@code gpu} and {@code gpu:0} are one GPU, written as the user wrote it. */
	public enum Kind {
		AUTO, CPU, FIRST_GPU, GPU
	}

	/** The first GPU PyTorch sees, else the CPU. */
	public static final ComputeDevice AUTO = new ComputeDevice(Kind.AUTO, 0);

	/** The CPU. */
	public static final ComputeDevice CPU = new ComputeDevice(Kind.CPU, 0);

	/** The first GPU ({@code gpu}). */
	public static final ComputeDevice FIRST_GPU = new ComputeDevice(Kind.FIRST_GPU, 0);

	private static final Pattern SYNTAX = Pattern.compile("auto|cpu|gpu(?::(\\d{1,2}))?");

	public ComputeDevice {
		if (gpu < 0 || kind != Kind.GPU && gpu != 0) throw new IllegalArgumentException("GPU index " + gpu + " for " + kind);
	}

	/** Whether it names a GPU: gpu or gpu:N (auto may become one too). */
	public boolean isGpu() {
		return kind == Kind.FIRST_GPU || kind == Kind.GPU;
	}

	/** GPU {@code index}, counted from 0. */
	public static ComputeDevice gpu(int index) {
		return new ComputeDevice(Kind.GPU, index);
	}

	/**
	 * The device a text names: auto, cpu, gpu or gpu:N (any case, blanks around ignored).
	 *
	 * @throws BadValueException if it names none
	 */
	public static ComputeDevice parse(String text) {
		Matcher m = SYNTAX.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
		if (!m.matches()) throw new BadValueException(null, "'" + text + "' is not a device", null);
		if (m.group().equals("auto")) return AUTO;
		if (m.group().equals("cpu")) return CPU;
		return m.group(1) == null ? FIRST_GPU : gpu(Integer.parseInt(m.group(1)));
	}

	/** As the parameter writes it: auto, cpu, gpu (the first GPU) or gpu:N. */
	@Override
	public String toString() {
		return switch (kind) {
			case AUTO -> "auto";
			case CPU -> "cpu";
			case FIRST_GPU -> "gpu";
			case GPU -> "gpu:" + gpu;
		};
	}
}

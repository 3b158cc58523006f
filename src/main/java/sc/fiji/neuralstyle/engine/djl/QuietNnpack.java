package sc.fiji.neuralstyle.engine.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Turns PyTorch's NNPACK off, as {@code torch.backends.nnpack.set_flags(False)} does in Python. On
 * CPUs where NNPACK cannot start, PyTorch 2.7 writes "Could not initialize NNPACK! Reason:
 * Unsupported hardware." to standard error at every convolution (hundreds of lines per run, through
 * {@code --quiet}). Nothing is lost by turning it off: PyTorch uses NNPACK only for batches of 16 and
 * more, and a style transfer runs batches of one, so the same convolution kernels run either way.
 * <p>
 * DJL has no call for this flag, so it is set through the library's C++ symbols (Linux only,
 * {@code at::globalContext().setUserEnabledNNPACK(false)}); where they cannot be found, nothing is
 * done and the warnings stay.
 */
final class QuietNnpack {

	private QuietNnpack() {}

	/** Turns NNPACK off in the loaded PyTorch; true if it could. */
	static boolean apply() {
		Optional<Path> library = loadedTorchCpu();
		if (library.isEmpty()) return false;
		try {
			NativeLibrary torch = NativeLibrary.getInstance(library.get().toString());
			Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
			torch.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] { context, false });
			return true;
		}
		catch (UnsatisfiedLinkError | RuntimeException e) {
			return false; // another build of PyTorch: its warnings stay
		}
	}

	/** The libtorch_cpu this process has loaded, from /proc/self/maps (Linux). */
	private static Optional<Path> loadedTorchCpu() {
		try {
			return Files.readAllLines(Path.of("/proc/self/maps")).stream()
				.map(line -> line.substring(line.lastIndexOf(' ') + 1))
				.filter(file -> file.endsWith("/libtorch_cpu.so")).findFirst().map(Path::of);
		}
		catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
	}
}

package sc.fiji.neuralstyle.setup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * What the NVIDIA driver says about the GPUs, through its CUDA driver API ({@code libcuda}, which
 * the driver installs, unlike the CUDA runtime that DJL asks): how many there are and their names
 * and memory. It does not depend on the PyTorch build, so it tells a GPU that PyTorch does not use
 * from no GPU at all.
 */
final class CudaDriver {

	/** The few driver functions used; a {@code CUdevice} is an int. */
	interface Api extends Library {
		int cuInit(int flags);

		int cuDriverGetVersion(int[] version);

		int cuDeviceGetCount(int[] count);

		int cuDeviceGet(int[] device, int ordinal);

		int cuDeviceGetName(byte[] name, int length, int device);

		int cuDeviceTotalMem_v2(long[] bytes, int device);
	}

	/** CUDA_ERROR_NO_DEVICE. */
	private static final int NO_DEVICE = 100;

	/**
	 * The driver's view.
	 *
	 * @param loaded whether the driver library was found
	 * @param version the driver's CUDA version, e.g. "12.8", or "" if unknown
	 * @param names the GPUs' names, by CUDA's index
	 * @param totalBytes their memory
	 * @param problem why the driver could not be asked, or ""
	 */
	record View(boolean loaded, String version, List<String> names, List<Long> totalBytes, String problem) {

		static View none(String problem) {
			return new View(false, "", List.of(), List.of(), problem);
		}
	}

	private CudaDriver() {}

	/** Asks the driver; never throws. */
	static View ask() {
		Api api;
		try {
			api = load();
		}
		catch (UnsatisfiedLinkError | RuntimeException e) {
			return View.none("no NVIDIA driver found (its library libcuda is not installed)");
		}
		try {
			int result = api.cuInit(0);
			if (result == NO_DEVICE) return new View(true, version(api), List.of(), List.of(), "");
			if (result != 0) return new View(true, version(api), List.of(), List.of(), "the driver fails to start (CUDA error "
				+ result + ")");
			int[] count = new int[1];
			result = api.cuDeviceGetCount(count);
			if (result != 0) return new View(true, version(api), List.of(), List.of(), "CUDA error " + result);
			List<String> names = new ArrayList<>();
			List<Long> totals = new ArrayList<>();
			for (int i = 0; i < count[0]; i++) {
				int[] device = new int[1];
				byte[] name = new byte[256];
				long[] total = new long[1];
				boolean known = api.cuDeviceGet(device, i) == 0;
				names.add(known && api.cuDeviceGetName(name, name.length, device[0]) == 0 ? text(name) : "(name unknown)");
				totals.add(known && api.cuDeviceTotalMem_v2(total, device[0]) == 0 ? total[0] : -1L);
			}
			return new View(true, version(api), names, totals, "");
		}
		catch (UnsatisfiedLinkError | RuntimeException e) {
			return View.none("the NVIDIA driver's library could not be used (" + e.getMessage() + ")");
		}
	}

	private static Api load() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (os.startsWith("win")) return Native.load("nvcuda", Api.class);
		try {
			return Native.load("cuda", Api.class);
		}
		catch (UnsatisfiedLinkError e) {
			return Native.load("libcuda.so.1", Api.class); // the driver's own name, without the development link
		}
	}

	private static String version(Api api) {
		int[] v = new int[1];
		return api.cuDriverGetVersion(v) == 0 ? v[0] / 1000 + "." + v[0] % 1000 / 10 : "";
	}

	private static String text(byte[] zeroTerminated) {
		int n = 0;
		while (n < zeroTerminated.length && zeroTerminated[n] != 0) n++;
		return new String(zeroTerminated, 0, n, StandardCharsets.UTF_8);
	}
}

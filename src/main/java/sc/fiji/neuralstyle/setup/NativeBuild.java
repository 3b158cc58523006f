package sc.fiji.neuralstyle.setup;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;

/**
 * Which PyTorch build DJL loaded, from where, and why there: DJL takes {@code PYTORCH_LIBRARY_PATH}
 * first, then a {@code pytorch-native-*} jar on the class path (unpacked into its cache), and
 * otherwise downloads the build that fits the machine from publish.djl.ai into its cache (also when
 * {@code PYTORCH_VERSION} asks for another version than the jar's); {@code PYTORCH_FLAVOR} chooses
 * the build of a download (read in DJL 0.36's {@code ai.djl.pytorch.jni.LibUtils}).
 *
 * @param djlVersion DJL's version
 * @param pytorchVersion PyTorch's version
 * @param cuda whether the build computes on CUDA GPUs
 * @param flavor DJL's name of the build: cpu, cu128, … (or "unknown")
 * @param folder where the native library was loaded from
 * @param source why it came from there
 */
public record NativeBuild(String djlVersion, String pytorchVersion, boolean cuda, String flavor, String folder, String source) {

	/** Every pytorch-native jar has this resource (version, flavor, classifier, libraries, or "placeholder"). */
	public static final String NATIVE_MARKER = "native/lib/pytorch.properties";

	private static final Pattern FLAVOR = Pattern.compile("-((?:cpu|cu\\d+)(?:-precxx11)?)-");

	/** The build of a started engine. */
	static NativeBuild of(Engine engine) {
		String folder;
		try {
			folder = LibUtils.getLibtorchPath();
		}
		catch (RuntimeException e) {
			folder = "(unknown folder)";
		}
		boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
		String flavorVariable = Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR");
		String flavor = flavorOf(folder);
		if (flavor == null) flavor = flavorVariable != null ? flavorVariable : cuda ? "a CUDA build" : "a CPU build";
		String versionVariable = Utils.getEnvOrSystemProperty("PYTORCH_VERSION");
		boolean otherVersion = versionVariable != null && !versionVariable.isBlank()
			&& !engine.getVersion().startsWith(versionVariable.strip());
		String source = source(Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH"), nativeJar(NativeBuild.class
			.getClassLoader()), otherVersion, flavorVariable, cuda);
		return new NativeBuild(Engine.getDjlVersion(), engine.getVersion(), cuda, flavor, folder, source);
	}

	/**
	 * Why the library came from where it did, in DJL's order.
	 *
	 * @param libraryPath PYTORCH_LIBRARY_PATH, or null
	 * @param nativeJar the pytorch-native jar on the class path, or null
	 * @param otherVersion whether PYTORCH_VERSION asks for another version than the jar's
	 * @param flavorVariable PYTORCH_FLAVOR, or null
	 * @param cuda whether the build is a CUDA build
	 */
	static String source(String libraryPath, String nativeJar, boolean otherVersion, String flavorVariable, boolean cuda) {
		if (libraryPath != null && !libraryPath.isBlank()) return "PYTORCH_LIBRARY_PATH=" + libraryPath + " points there";
		if (nativeJar != null && !otherVersion) {
			return "unpacked from " + nativeJar + " on the class path (DJL takes a native jar there before any download)";
		}
		String why = otherVersion ? "PYTORCH_VERSION asks for another version than the class path's jar"
			: "no pytorch-native jar is on the class path";
		String which = flavorVariable != null && !flavorVariable.isBlank() ? "PYTORCH_FLAVOR=" + flavorVariable
			+ " chose the build" : cuda ? "DJL chose the CUDA build for the CUDA version it found"
			: "DJL found no CUDA GPU, so it chose the CPU build";
		return "downloaded by DJL from publish.djl.ai into its cache on first use, as " + why + "; " + which;
	}

	/** The check's line. */
	Check check() {
		String kind = cuda ? "CUDA" : "CPU";
		return Check.ok("PyTorch", "DJL " + djlVersion + " with PyTorch " + pytorchVersion + ", the " + kind + " build ("
			+ flavor + ") in " + folder + ", " + source);
	}

	/** The check of an engine that did not start. */
	static Check failed(Throwable e) {
		String message = e.getMessage() == null ? e.toString() : e.getMessage();
		return Check.failed("PyTorch", "could not be started: " + message, "see 'CPU and GPU' in docs/weights-and-check.md "
			+ "and 'Install into Fiji or ImageJ' in docs/fiji.md: a pytorch-native jar for offline use, or PYTORCH_FLAVOR / PYTORCH_LIBRARY_PATH");
	}

	/** The flavor (cpu, cu128, …) in a libtorch folder name such as 2.7.1-20250812-cpu-linux-x86_64, or null. */
	public static String flavorOf(String libtorchFolder) {
		String name = libtorchFolder.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1);
		Matcher m = FLAVOR.matcher(name + "-");
		return m.find() ? m.group(1) : null;
	}

	/** The class path's pytorch-native jar (its path), or null if there is none (or only DJL's placeholder). */
	static String nativeJar(ClassLoader loader) {
		try {
			Enumeration<URL> urls = loader.getResources(NATIVE_MARKER);
			while (urls.hasMoreElements()) {
				URL url = urls.nextElement();
				Properties p = new Properties();
				try (InputStream in = url.openStream()) {
					p.load(in);
				}
				if (p.getProperty("placeholder") != null) continue;
				String text = url.toString();
				int bang = text.indexOf("!/");
				if (text.startsWith("jar:") && bang > 0) text = text.substring("jar:".length(), bang);
				return text.startsWith("file:") ? Path.of(URI.create(text)).toString() : text;
			}
		}
		catch (IOException | IllegalArgumentException e) {
			// unknown: described as no jar
		}
		return null;
	}
}

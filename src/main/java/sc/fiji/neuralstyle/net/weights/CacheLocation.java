package sc.fiji.neuralstyle.net.weights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where the weights files are kept and whether they may be downloaded, as system properties and
 * environment variables say.
 * <p>
 * Folder, first that applies: system property {@value #DIR_PROPERTY}; environment variable
 * {@value #DIR_ENV}; {@code <Fiji.app>/models/neural-style} when running in Fiji (system property
 * {@code ij.dir} or {@code imagej.dir}) and that is writable; {@code $XDG_CACHE_HOME/neural-style/models};
 * {@code ~/.cache/neural-style/models}. Downloads are switched off by system property
 * {@value #OFFLINE_PROPERTY}{@code =true} or environment variable {@value #OFFLINE_ENV}{@code =1}.
 * </p>
 */
public final class CacheLocation {

	public static final String DIR_PROPERTY = "neuralstyle.models.dir";
	public static final String DIR_ENV = "NEURAL_STYLE_MODELS";
	public static final String OFFLINE_PROPERTY = "neuralstyle.offline";
	public static final String OFFLINE_ENV = "NEURAL_STYLE_OFFLINE";

	private CacheLocation() {}

	/** The folder chosen by this JVM's system properties and environment. */
	public static Path folder() {
		return folder(System::getProperty, System::getenv);
	}

	/** The folder chosen by the given system properties and environment variables. */
	static Path folder(UnaryOperator<String> properties, UnaryOperator<String> environment) {
		String dir = properties.apply(DIR_PROPERTY);
		if (isSet(dir)) return Path.of(dir);
		dir = environment.apply(DIR_ENV);
		if (isSet(dir)) return Path.of(dir);
		for (String property : List.of("ij.dir", "imagej.dir")) {
			String fiji = properties.apply(property);
			if (isSet(fiji) && isFiji(Path.of(fiji))) {
				Path models = Path.of(fiji, "models", "neural-style");
				if (canCreateOrWrite(models)) return models;
			}
		}
		String xdg = environment.apply("XDG_CACHE_HOME");
		if (isSet(xdg) && Path.of(xdg).isAbsolute()) return Path.of(xdg, "neural-style", "models");
		return Path.of(properties.apply("user.home"), ".cache", "neural-style", "models");
	}

	/** Whether this JVM's system properties and environment allow downloads. */
	public static boolean downloadsAllowed() {
		return downloadsAllowed(System::getProperty, System::getenv);
	}

	static boolean downloadsAllowed(UnaryOperator<String> properties, UnaryOperator<String> environment) {
		String offline = properties.apply(OFFLINE_PROPERTY);
		if (offline == null) offline = environment.apply(OFFLINE_ENV);
		return offline == null || !List.of("1", "true", "yes").contains(offline.strip().toLowerCase(Locale.ROOT));
	}

	/** The advice for a folder that cannot be used. */
	static String howToChoose() {
		return "Set the system property " + DIR_PROPERTY + " or the environment variable " + DIR_ENV
			+ " to a writable folder";
	}

	private static boolean isSet(String s) {
		return s != null && !s.isBlank();
	}

	private static boolean isFiji(Path dir) {
		String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
		return Files.isDirectory(dir) && (name.equalsIgnoreCase("Fiji.app")
			|| Files.isDirectory(dir.resolve("jars")) && Files.isDirectory(dir.resolve("plugins")));
	}

	/** Whether {@code dir} exists and is writable, or its nearest existing ancestor is. */
	private static boolean canCreateOrWrite(Path dir) {
		Path p = dir.toAbsolutePath();
		while (p != null && !Files.exists(p)) p = p.getParent();
		return p != null && Files.isDirectory(p) && Files.isWritable(p);
	}
}

package sc.fiji.neuralstyle.spark;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

import sc.fiji.neuralstyle.params.Params;

/**
 * Files shipped with the application ({@code spark-submit --files /local/vgg19-dcbb9e9d.pth}, or
 * {@code SparkContext.addFile}): a {@code weights} value that is no file where the job runs, but
 * the name of a shipped one ({@code --weights vgg19-dcbb9e9d.pth}), means the copy Spark put beside
 * that JVM ({@link SparkFiles#get}). A path every node can read is taken as it is.
 */
public final class ShippedFiles {

	private ShippedFiles() {}

	/** The texts with {@code weights} pointing at the shipped copy where it means one. */
	public static Map<String, String> resolve(Map<String, String> texts) {
		String weights = texts.get(Params.WEIGHTS.name());
		if (weights == null || weights.isBlank()) return texts;
		Path shipped = shipped(weights.strip());
		if (shipped == null) return texts;
		Map<String, String> t = new LinkedHashMap<>(texts);
		t.put(Params.WEIGHTS.name(), shipped.toString());
		return t;
	}

	/** The shipped copy of a file name, when the name is not a file here and Spark holds one by that name. */
	static Path shipped(String text) {
		try {
			Path given = Path.of(text);
			if (Files.isRegularFile(given) || SparkEnv.get() == null) return null;
			Path copy = Path.of(SparkFiles.get(given.getFileName().toString()));
			return Files.isRegularFile(copy) ? copy : null;
		}
		catch (InvalidPathException e) {
			return null; // the table's parser says what is wrong with it
		}
	}
}

package sc.fiji.neuralstyle.net;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import sc.fiji.neuralstyle.text.Numbers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the plugin knows about one set of pretrained weights: where to download the file and how to
 * check it, which network it belongs to and the input it expects. Read from the JSON files in the
 * repository's {@code models/} directory, which are on the classpath as {@code models/<name>.json} and
 * listed in {@code models/index.txt}; JSON field names are the snake_case forms of the record
 * components. The layers are the {@link Architecture}'s: several weight files share one.
 *
 * @param name the name users choose it by, e.g. {@code vgg19}
 * @param description one line for people
 * @param architecture the {@link Architecture#id()} of the network, e.g. {@code vgg19}
 * @param url where to download the weights
 * @param file the file name to store them under, e.g. {@code vgg19-dcbb9e9d.pth}
 * @param sha256 the file's SHA-256 in hex: all 64 digits, or, where only that is published, a prefix
 *          of at least 8 (then only the prefix can be checked)
 * @param size the file's size in bytes, or null if not known
 * @param format the file format, {@value #PYTORCH_STATE_DICT}
 * @param preprocessing the input the network expects
 */
public record ModelDescriptor(String name, String description, String architecture, String url, String file,
	String sha256, Long size, String format, Preprocessing preprocessing)
{

	/** The only file format so far: a state dict saved with {@code torch.save}. */
	public static final String PYTORCH_STATE_DICT = "pytorch-state-dict";

	private static final Pattern HEX = Pattern.compile("[0-9a-f]{8,64}");
	private static final Gson GSON = new GsonBuilder()
		.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

	public ModelDescriptor {
		if (sha256 != null) sha256 = sha256.toLowerCase(Locale.ROOT);
	}

	/** The names of the descriptors on the classpath, e.g. {@code [vgg19, vgg16, ...]}. */
	public static List<String> available() {
		InputStream in = ModelDescriptor.class.getResourceAsStream("/models/index.txt");
		if (in == null) return List.of();
		List<String> names = new ArrayList<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			for (String line; (line = r.readLine()) != null;) {
				line = line.strip();
				if (!line.isEmpty() && !line.startsWith("#")) names.add(line);
			}
		}
		catch (IOException e) {
			throw new WeightsException("Cannot read the list of models (models/index.txt) from the plugin: " + e, e);
		}
		return List.copyOf(names);
	}

	/**
	 * The descriptor {@code models/<name>.json} from the classpath.
	 *
	 * @throws WeightsException if there is none (the message lists the available ones) or it is invalid
	 */
	public static ModelDescriptor load(String name) {
		InputStream in = name == null || !name.matches("[A-Za-z0-9_.-]+") ? null
			: ModelDescriptor.class.getResourceAsStream("/models/" + name + ".json");
		if (in == null) {
			throw new WeightsException("Unknown network '" + name + "'. Available: " + String.join(", ", available()) + ".");
		}
		try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
			return parse(r, "models/" + name + ".json");
		}
		catch (IOException e) {
			throw new WeightsException("Cannot read models/" + name + ".json from the plugin: " + e, e);
		}
	}

	/**
	 * Parses and checks a descriptor.
	 *
	 * @param source where the JSON comes from, for messages
	 * @throws WeightsException if it is not valid JSON or a field is missing or wrong
	 */
	public static ModelDescriptor parse(Reader json, String source) {
		ModelDescriptor d;
		try {
			d = GSON.fromJson(json, ModelDescriptor.class);
		}
		catch (RuntimeException e) {
			// Gson wraps what the records' constructors reject in plain RuntimeExceptions.
			Throwable cause = e;
			while (!(cause instanceof JsonParseException || cause instanceof IllegalArgumentException)
				&& cause.getCause() != null)
			{
				cause = cause.getCause();
			}
			throw new WeightsException("Model descriptor " + source + " is invalid: " + cause.getMessage(), e);
		}
		if (d == null) throw new WeightsException("Model descriptor " + source + " is empty.");
		List<String> problems = d.problems();
		if (!problems.isEmpty()) {
			throw new WeightsException("Model descriptor " + source + " is invalid: " + String.join("; ", problems) + ".");
		}
		return d;
	}

	/** What is wrong with this descriptor; empty if nothing. */
	public List<String> problems() {
		List<String> p = new ArrayList<>();
		if (name == null || name.isBlank()) p.add("'name' is missing");
		if (architecture == null || Arrays.stream(Architecture.values()).noneMatch(a -> a.id().equals(architecture))) {
			p.add("'architecture' must be one of " + Architecture.ids() + ", not " + architecture);
		}
		if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) p.add("'url' must be an http(s) URL, not " + url);
		if (file == null || !file.matches("[A-Za-z0-9_.-]+")) p.add("'file' must be a plain file name, not " + file);
		if (sha256 == null || !HEX.matcher(sha256).matches()) {
			p.add("'sha256' must be 8 to 64 hex digits, not " + sha256);
		}
		if (size != null && size <= 0) p.add("'size' must be positive");
		if (!PYTORCH_STATE_DICT.equals(format)) p.add("'format' must be " + PYTORCH_STATE_DICT + ", not " + format);
		if (preprocessing == null) p.add("'preprocessing' is missing");
		return p;
	}

	/** The file's size for people, "575 MB", or "size unknown". */
	public String sizeText() {
		return size == null ? "size unknown" : Numbers.megabytes(size);
	}

	/** Whether the whole SHA-256 is known, rather than a prefix. */
	public boolean hasFullSha256() {
		return sha256.length() == 64;
	}

	/** Whether a file with this SHA-256 (hex) is the one described. */
	public boolean matchesSha256(String hex) {
		return hex != null && hex.toLowerCase(Locale.ROOT).startsWith(sha256);
	}
}

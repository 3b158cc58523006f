package sc.fiji.neuralstyle.net;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the plugin knows about one set of pretrained weights: where to download the file and how to
 * check it, which network it belongs to, the input it expects, and its layer table (torchvision's
 * {@code .features}, one row per module). Read from the JSON files in the repository's {@code models/}
 * directory, which are on the classpath as {@code models/<name>.json} and listed in
 * {@code models/index.txt}; JSON field names are the snake_case forms of the record components.
 *
 * @param name the name users choose it by, e.g. {@code vgg19}
 * @param description one line for people
 * @param architecture {@code vgg19}, {@code vgg16} or {@code alexnet}
 * @param url where to download the weights
 * @param file the file name to store them under, e.g. {@code vgg19-dcbb9e9d.pth}
 * @param sha256 the file's SHA-256 in hex: all 64 digits, or, where only that is published, a prefix
 *          of at least 8 (then only the prefix can be checked)
 * @param size the file's size in bytes, or null if not known
 * @param format the file format, {@value #PYTORCH_STATE_DICT}
 * @param preprocessing the input the network expects
 * @param layers the layer table, in network order
 */
public record ModelDescriptor(String name, String description, String architecture, String url, String file,
	String sha256, Long size, String format, Preprocessing preprocessing, List<Layer> layers)
{

	/** The only file format so far: a state dict saved with {@code torch.save}. */
	public static final String PYTORCH_STATE_DICT = "pytorch-state-dict";

	private static final Set<String> ARCHITECTURES = Set.of("vgg19", "vgg16", "alexnet");
	private static final Pattern HEX = Pattern.compile("[0-9a-f]{8,64}");
	private static final Gson GSON = new GsonBuilder()
		.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

	/** Kinds of layers in a layer table. */
	public enum LayerType {
		@SerializedName("conv")
		CONV,
		@SerializedName("relu")
		RELU,
		@SerializedName("maxpool")
		MAXPOOL
	}

	/**
	 * One module of the network's feature extractor. {@code kernel}, {@code stride} and {@code padding}
	 * are 0 for ReLU layers.
	 *
	 * @param name the layer's name, e.g. {@code conv1_1}, {@code relu4_2}, {@code pool5}
	 * @param key the module's state-dict prefix, e.g. {@code features.0}
	 * @param type convolution, ReLU or max pooling
	 * @param channelsIn input channels
	 * @param channelsOut output channels
	 * @param kernel square kernel size
	 * @param stride stride
	 * @param padding zero padding on each side
	 */
	public record Layer(String name, String key, LayerType type, int channelsIn, int channelsOut, int kernel,
		int stride, int padding)
	{

		/** The state-dict key of a convolution's weight, e.g. {@code features.0.weight}. */
		public String weightKey() {
			return key + ".weight";
		}

		/** The state-dict key of a convolution's bias, e.g. {@code features.0.bias}. */
		public String biasKey() {
			return key + ".bias";
		}

		/** The weight's shape: out, in, kernel, kernel. */
		public long[] weightShape() {
			return new long[] { channelsOut, channelsIn, kernel, kernel };
		}
	}

	public ModelDescriptor {
		layers = layers == null ? List.of() : List.copyOf(layers);
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
		if (architecture == null || !ARCHITECTURES.contains(architecture)) {
			p.add("'architecture' must be one of " + ARCHITECTURES + ", not " + architecture);
		}
		if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) p.add("'url' must be an http(s) URL, not " + url);
		if (file == null || !file.matches("[A-Za-z0-9_.-]+")) p.add("'file' must be a plain file name, not " + file);
		if (sha256 == null || !HEX.matcher(sha256).matches()) {
			p.add("'sha256' must be 8 to 64 hex digits, not " + sha256);
		}
		if (size != null && size <= 0) p.add("'size' must be positive");
		if (!PYTORCH_STATE_DICT.equals(format)) p.add("'format' must be " + PYTORCH_STATE_DICT + ", not " + format);
		if (preprocessing == null) p.add("'preprocessing' is missing");
		if (layers.isEmpty()) p.add("'layers' is missing or empty");
		Set<String> names = new HashSet<>();
		for (Layer l : layers) {
			if (l.name() == null || l.key() == null || l.type() == null) {
				p.add("a layer lacks its name, key or type: " + l);
				continue;
			}
			if (!names.add(l.name())) p.add("layer " + l.name() + " appears twice");
			if (l.type() != LayerType.RELU && (l.kernel() <= 0 || l.stride() <= 0 || l.padding() < 0)) {
				p.add("layer " + l.name() + " needs a positive kernel and stride");
			}
			if (l.channelsIn() <= 0 || l.channelsOut() <= 0) p.add("layer " + l.name() + " needs channel counts");
		}
		return p;
	}

	/** Whether the whole SHA-256 is known, rather than a prefix. */
	public boolean hasFullSha256() {
		return sha256.length() == 64;
	}

	/** Whether a file with this SHA-256 (hex) is the one described. */
	public boolean matchesSha256(String hex) {
		return hex != null && hex.toLowerCase(Locale.ROOT).startsWith(sha256);
	}

	/** The convolution layers, in network order. */
	public List<Layer> convolutions() {
		return layers.stream().filter(l -> l.type() == LayerType.CONV).toList();
	}

	/** The state-dict keys of all convolution weights and biases: what {@link PthReader} must read. */
	public List<String> weightKeys() {
		List<String> keys = new ArrayList<>();
		for (Layer l : convolutions()) {
			keys.add(l.weightKey());
			keys.add(l.biasKey());
		}
		return keys;
	}

	/** The layer called {@code layerName}, or null. */
	public Layer layer(String layerName) {
		for (Layer l : layers) if (l.name().equals(layerName)) return l;
		return null;
	}
}

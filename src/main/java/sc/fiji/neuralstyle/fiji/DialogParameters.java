package sc.fiji.neuralstyle.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import ij.ImagePlus;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.LayerWeights;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.image.ContentPlanes;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * The values of the ImageJ1 "Neural Style" dialog as typed or given by a macro, before they are
 * checked: texts and numbers, one component per macro key. {@link #toRequest} checks them all and
 * turns them into a {@link StyleJob.Request}, or says what is wrong in the words of the dialog.
 *
 * @param content title of the content image (or the full path of an image file)
 * @param style title of the style image (or the full path of an image file)
 * @param weights path of a local {@code .pth}, empty for the network's download
 * @param contentLayers empty for the network's default
 * @param styleLayers empty for the network's default
 * @param learningRate 0 for the optimiser's default
 * @param channel {@value #MERGED} or a 1-based channel number
 * @param planes {@value #CURRENT} or {@value #ALL}
 * @param output empty for none
 * @param lossLog empty for none
 */
public record DialogParameters(String content, String style, String network, String weights, String contentLayers,
	String styleLayers, String optimizer, double learningRate, double iterations, double contentWeight,
	double styleWeight, double tvWeight, String init, String pooling, double size, double styleScale, double seed,
	String device, boolean preserveColors, double previewEvery, String channel, String planes, String output,
	String lossLog)
{

	/** The macro keys of the dialog, in dialog order: design.md's shared names plus channel and planes. */
	public static final List<String> KEYS = List.of("content", "style", "network", "weights", "content_layers",
		"style_layers", "optimizer", "learning_rate", "iterations", "content_weight", "style_weight", "tv_weight",
		"init", "pooling", "size", "style_scale", "seed", "device", "preserve_colors", "preview_every", "channel",
		"planes", "output", "loss_log");

	/** Channel choice for "all channels merged into RGB as displayed". */
	public static final String MERGED = "merged";
	/** Planes choice: only the slice and frame shown. */
	public static final String CURRENT = "current";
	/** Planes choice: every slice and frame. */
	public static final String ALL = "all";

	/** The values a run gets for the keys a macro leaves out; content and style empty. */
	public static final DialogParameters DEFAULTS = new DialogParameters("", "", StyleSettings.DEFAULT_NETWORK, "", "",
		"", OptimizerKind.LBFGS.id(), 0, StyleSettings.DEFAULT_ITERATIONS, StyleSettings.DEFAULT_CONTENT_WEIGHT,
		StyleSettings.DEFAULT_STYLE_WEIGHT, 0, "content", Pooling.AVG.id(), StyleSettings.DEFAULT_SIZE, 1, 0, "auto",
		false, 0, MERGED, CURRENT, "", "");

	public DialogParameters {
		content = text(content);
		style = text(style);
		network = text(network);
		weights = text(weights);
		contentLayers = text(contentLayers);
		styleLayers = text(styleLayers);
		optimizer = text(optimizer);
		init = text(init);
		pooling = text(pooling);
		device = text(device);
		channel = text(channel);
		planes = text(planes);
		output = text(output);
		lossLog = text(lossLog);
	}

	private static String text(String s) {
		return s == null ? "" : s.strip();
	}

	/** These values with other content and style titles. */
	public DialogParameters withImages(String contentTitle, String styleTitle) {
		return new DialogParameters(contentTitle, styleTitle, network, weights, contentLayers, styleLayers, optimizer,
			learningRate, iterations, contentWeight, styleWeight, tvWeight, init, pooling, size, styleScale, seed, device,
			preserveColors, previewEvery, channel, planes, output, lossLog);
	}

	/**
	 * Checks every value and builds the job's request.
	 *
	 * @param images finds an open image by title (null if there is none)
	 * @throws IllegalArgumentException naming the macro key that is wrong and what to do
	 */
	public StyleJob.Request toRequest(Function<String, ImagePlus> images) {
		ImagePlus contentImp = image("content", content, images);
		ImagePlus styleImp = image("style", style, images);
		StyleSettings settings = settings();
		int channelNumber = channelNumber(contentImp);
		boolean allPlanes = allPlanes();
		ContentPlanes contentPlanes = ContentPlanes.of(contentImp, channelNumber,
			allPlanes ? ContentPlanes.Extent.ALL : ContentPlanes.Extent.CURRENT);
		int every = whole("preview_every", previewEvery, 0, Integer.MAX_VALUE);
		Path outputPath = null;
		if (!output.isEmpty()) {
			outputPath = Path.of(output);
			try {
				ImageFiles.checkOutput(outputPath, contentPlanes.resultType().bitDepth(), contentPlanes.size());
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("output: " + e.getMessage()
					+ ". Give a .tif, .png or .jpg file in an existing folder, or leave it empty.", e);
			}
		}
		Path lossLogPath = null;
		if (!lossLog.isEmpty()) {
			lossLogPath = Path.of(lossLog);
			Path folder = lossLogPath.toAbsolutePath().getParent();
			if (folder == null || !Files.isDirectory(folder)) {
				throw new IllegalArgumentException("loss_log: the folder " + folder + " does not exist; create it,"
					+ " choose another file, or leave loss_log empty");
			}
			if (Files.isDirectory(lossLogPath)) {
				throw new IllegalArgumentException("loss_log: " + lossLog + " is a folder; give a file name such as losses.csv");
			}
		}
		return new StyleJob.Request(contentImp, styleImp, settings, channelNumber, allPlanes, every, outputPath,
			lossLogPath);
	}

	/**
	 * The engine settings these values describe.
	 *
	 * @throws IllegalArgumentException naming the macro key that is wrong
	 */
	public StyleSettings settings() {
		String net = network.toLowerCase(Locale.ROOT);
		Architecture architecture = architecture(net);
		Path weightsPath = null;
		if (!weights.isEmpty()) {
			weightsPath = Path.of(weights);
			if (!Files.isRegularFile(weightsPath)) {
				throw new IllegalArgumentException("weights: no such file: " + weights + ". Give the path of a .pth"
					+ " state dict, or leave weights empty to use the network's own (downloaded once).");
			}
		}
		checkLayers("content_layers", contentLayers, architecture);
		checkLayers("style_layers", styleLayers, architecture);
		Init start = init(init);
		StyleSettings.Builder b = StyleSettings.builder()
			.network(net)
			.weights(weightsPath)
			.contentLayers(contentLayers)
			.styleLayers(styleLayers)
			.contentWeight(number("content_weight", contentWeight))
			.styleWeight(number("style_weight", styleWeight))
			.tvWeight(number("tv_weight", tvWeight))
			.optimizer(named("optimizer", () -> OptimizerKind.parse(optimizer)))
			.iterations(whole("iterations", iterations, 1, Integer.MAX_VALUE))
			.learningRate(engineLearningRate())
			.init(start)
			.pooling(named("pooling", () -> Pooling.parse(pooling)))
			.size(whole("size", size, 1, Integer.MAX_VALUE))
			.styleScale(number("style_scale", styleScale))
			.seed(wholeLong("seed", seed))
			.device(device.toLowerCase(Locale.ROOT))
			.preserveColors(preserveColors);
		return named(null, b::build);
	}

	/** The architecture of a network name, for layer checks and the dialog's defaults line. */
	static Architecture architecture(String network) {
		List<String> available = ModelDescriptor.available();
		if (!available.contains(network)) {
			throw new IllegalArgumentException("network: unknown network '" + network + "'; choose one of "
				+ String.join(", ", available));
		}
		try {
			return Architecture.parse(ModelDescriptor.load(network).architecture());
		}
		catch (WeightsException e) {
			throw new IllegalArgumentException("network: " + e.getMessage(), e);
		}
	}

	private static void checkLayers(String key, String text, Architecture architecture) {
		if (text.isEmpty()) return;
		LayerWeights layers = named(key, () -> LayerWeights.parse(text, key));
		for (String layer : layers.names()) {
			try {
				architecture.layerIndex(layer);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(key + ": " + e.getMessage() + ". Leave " + key
					+ " empty for the network's default.", e);
			}
		}
	}

	private static Init init(String text) {
		if (text.isEmpty()) throw new IllegalArgumentException("init is empty: use content, noise, style or the path of an image file");
		Init start = Init.parse(text);
		if (start.kind() == Init.Kind.FILE && !Files.isRegularFile(start.file())) {
			throw new IllegalArgumentException("init: '" + text + "' is not content, noise or style, and no image"
				+ " file has that path");
		}
		return start;
	}

	private double engineLearningRate() {
		if (Double.isNaN(learningRate) || learningRate < 0 || Double.isInfinite(learningRate)) {
			throw new IllegalArgumentException("learning_rate must be a number > 0, or 0 for the optimiser's default;"
				+ " got " + NumberText.format(learningRate));
		}
		return learningRate == 0 ? Double.NaN : learningRate;
	}

	/** The 1-based channel, or {@link ContentPlanes#MERGED}; channel is ignored for one-channel images. */
	private int channelNumber(ImagePlus contentImp) {
		int channels = contentImp.getNChannels();
		String c = channel.toLowerCase(Locale.ROOT);
		int number;
		if (c.equals(MERGED)) number = ContentPlanes.MERGED;
		else {
			try {
				number = Integer.parseInt(c);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("channel '" + channel + "' is neither " + MERGED
					+ " nor a channel number (1.." + channels + ")");
			}
		}
		if (channels == 1) return ContentPlanes.MERGED;
		if (number < 0 || number > channels) {
			throw new IllegalArgumentException("channel " + channel + " does not exist: '" + contentImp.getTitle()
				+ "' has " + channels + " channels; choose 1.." + channels + " or " + MERGED);
		}
		return number;
	}

	private boolean allPlanes() {
		String p = planes.toLowerCase(Locale.ROOT);
		if (p.equals(ALL)) return true;
		if (p.equals(CURRENT)) return false;
		throw new IllegalArgumentException("planes '" + planes + "' is neither " + CURRENT + " (the slice and"
			+ " frame shown) nor " + ALL + " (every slice and frame)");
	}

	/**
	 * What the dialog's planes line says for these values: which planes of the content will be styled.
	 * Never throws: a problem is described instead.
	 */
	public String planesSentence(ImagePlus contentImp) {
		if (contentImp == null) return "Choose a content image.";
		try {
			int c = channelNumber(contentImp);
			boolean all = allPlanes();
			return ContentPlanes.of(contentImp, c, all ? ContentPlanes.Extent.ALL : ContentPlanes.Extent.CURRENT)
				.describe(true); // StyleJob starts each plane from the previous plane's result
		}
		catch (IllegalArgumentException e) {
			return e.getMessage();
		}
	}

	/**
	 * The open image with that title or, if there is none, the image file with that path (so that a
	 * macro or Fiji's {@code --headless --run} can name files, with no image open).
	 */
	private static ImagePlus image(String key, String title, Function<String, ImagePlus> images) {
		if (title.isEmpty()) {
			throw new IllegalArgumentException(key + " is empty: give the title of an open image or the path of an image file");
		}
		ImagePlus imp = images.apply(title);
		if (imp != null) return imp;
		Path file = Path.of(title);
		if (file.isAbsolute() && Files.isRegularFile(file)) {
			try {
				return ImageFiles.read(file);
			}
			catch (IOException e) {
				throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
			}
		}
		throw new IllegalArgumentException(key + ": no open image is titled '" + title + "', and it is not the full"
			+ " path of an image file. Open the image first (File > Open...), or give its title or its full path");
	}

	private static double number(String key, double value) {
		if (!Double.isFinite(value)) throw new IllegalArgumentException(key + " must be a number, got " + NumberText.format(value));
		return value;
	}

	private static int whole(String key, double value, int min, int max) {
		if (!Double.isFinite(value) || value != Math.rint(value)) {
			throw new IllegalArgumentException(key + " must be a whole number, got " + NumberText.format(value));
		}
		if (value < min || value > max) {
			throw new IllegalArgumentException(key + " must be " + (max == Integer.MAX_VALUE ? "at least " + min
				: "between " + min + " and " + max) + ", got " + NumberText.format(value));
		}
		return (int) value;
	}

	private static long wholeLong(String key, double value) {
		if (!Double.isFinite(value) || value != Math.rint(value) || Math.abs(value) > 1L << 53) {
			throw new IllegalArgumentException(key + " must be a whole number, got " + NumberText.format(value));
		}
		return (long) value;
	}

	/** Runs a parser, putting the key in front of its message if the message does not name it. */
	private static <T> T named(String key, java.util.function.Supplier<T> parse) {
		try {
			return parse.get();
		}
		catch (IllegalArgumentException e) {
			String m = e.getMessage() == null ? e.toString() : e.getMessage();
			if (key == null || m.toLowerCase(Locale.ROOT).contains(key)) throw e;
			throw new IllegalArgumentException(key + ": " + m, e);
		}
	}
}

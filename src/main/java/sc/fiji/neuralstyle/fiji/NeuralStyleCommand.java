package sc.fiji.neuralstyle.fiji;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.StopReason;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.WeightsException;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * Neural style transfer as a SciJava command: a dialog in Fiji, and headless use from scripts and
 * {@code CommandService}. It gathers the parameters and leaves the work to {@link StyleJob}.
 * <p>
 * Its menu entry is "Neural Style (SciJava)": the plain name "Neural Style" belongs to the ImageJ1
 * plugin, so that {@code run("Neural Style", "...")} in a macro reaches exactly one command. The
 * parameter names are the shared snake_case names (same as the macro options, the command line and
 * the loss log), hence the underscores.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Neural Style>Neural Style (SciJava)", headless = true,
	label = "Neural Style (SciJava)")
public class NeuralStyleCommand extends ContextCommand {

	private static final String RATIO_ADVICE = "the study found 1e-3 good; below 1e-5 the content is lost";

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Parameter(label = "Content image", persist = false, description = "The image to restyle.")
	private ImagePlus content;

	@Parameter(label = "Style image", persist = false, description = "The image whose style (textures, colours, strokes) to take.")
	private ImagePlus style;

	// Annotation values must be constants: a test checks these against ModelDescriptor.available().
	@Parameter(label = "Network", choices = { "vgg19", "vgg16", "alexnet", "squeezenet1_1", "googlenet", "vgg19-caffe",
		"vgg16-caffe" },
		callback = "networkChanged",
		description = "The pretrained network whose features define content and style. vgg19 is Gatys et al.'s; "
			+ "vgg16 and alexnet are smaller and faster. Weights are downloaded on first use.")
	private String network = StyleSettings.DEFAULT_NETWORK;

	@Parameter(label = "Weights file (optional)", required = false, persist = false, style = FileWidget.OPEN_STYLE,
		description = "A .pth state dict to use instead of the network's standard weights (leave empty for those).")
	private File weights;

	@Parameter(label = "Content layers (empty = network default)", required = false, persist = false,
		description = "Comma-separated layer names, e.g. relu4_2 (VGG) or relu4 (AlexNet).")
	private String content_layers = "";

	@Parameter(label = "Style layers (empty = network default)", required = false, persist = false,
		description = "Comma-separated layer names, each optionally name:weight, e.g. relu1_1,relu2_1,relu3_1,relu4_1,relu5_1.")
	private String style_layers = "";

	@Parameter(label = "Optimizer", choices = { "lbfgs", "adam", "sgd" },
		description = "L-BFGS (Gatys et al.'s choice) converges in the fewest iterations; Adam and SGD take a learning rate.")
	private String optimizer = "lbfgs";

	@Parameter(label = "Learning rate (0 = optimizer default)", min = "0",
		description = "Step size; 0 uses the optimizer's default (L-BFGS 1, Adam 0.02, SGD 0.001).")
	private double learning_rate = 0;

	@Parameter(label = "Iterations", min = "1", description = "Number of loss evaluations per plane.")
	private int iterations = StyleSettings.DEFAULT_ITERATIONS;

	@Parameter(label = "Content weight (\u03b1)", min = "0", callback = "weightsChanged",
		description = "Weight of the content loss.")
	private double content_weight = StyleSettings.DEFAULT_CONTENT_WEIGHT;

	@Parameter(label = "Style weight (\u03b2)", min = "0", callback = "weightsChanged",
		description = "Weight of the style loss.")
	private double style_weight = StyleSettings.DEFAULT_STYLE_WEIGHT;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String ratio_message = "\u03b1/\u03b2: " + RATIO_ADVICE + ".";

	@Parameter(label = "Smoothness weight (tv)", min = "0",
		description = "Weight of the total-variation loss, which removes high-frequency noise (0: off).")
	private double tv_weight = 0;

	@Parameter(label = "Start from (init)",
		description = "content, noise, style, or the path of an image file.")
	private String init = "content";

	@Parameter(label = "Pooling", choices = { "avg", "max" },
		description = "avg: average pooling, as in the paper (smoother); max: as the network was trained.")
	private String pooling = "avg";

	@Parameter(label = "Size (longest side, px)", min = "16", max = "8192",
		description = "The result's longest side; the content is resized to it.")
	private int size = StyleSettings.DEFAULT_SIZE;

	@Parameter(label = "Style scale", min = "0.01", max = "8",
		description = "The style image is resized to size \u00d7 style_scale: smaller gives finer style features.")
	private double style_scale = 1;

	@Parameter(label = "Seed", description = "Seed of the noise start image.")
	private long seed = 0;

	@Parameter(label = "Device", description = "auto (a CUDA GPU if there is one), cpu, gpu or gpu:N.")
	private String device = "auto";

	@Parameter(label = "Preserve colours", description = "Keep the content's colours; take only the luminance from the result.")
	private boolean preserve_colors = false;

	@Parameter(label = "Preview every (iterations, 0 = none)", min = "0",
		description = "Show the image being optimised every so many iterations.")
	private int preview_every = 20;

	@Parameter(label = "Channel (0 = all, merged)", min = "0",
		description = "For multi-channel images: 0 styles the merged colour view, 1, 2, ... one channel.")
	private int channel = 0;

	@Parameter(label = "Planes", choices = { "current", "all" },
		description = "For stacks: the current slice/frame only, or all of them, each starting from the previous result.")
	private String planes = "current";

	@Parameter(label = "Save result to (optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE,
		description = "Also write the result to this file (.tif, .png or .jpg).")
	private File output;

	@Parameter(label = "Loss log (CSV, optional)", required = false, persist = false, style = FileWidget.SAVE_STYLE,
		description = "Write the loss history: iteration,total,content,style,tv,elapsed_ms.")
	private File loss_log;

	@Parameter(type = ItemIO.OUTPUT, label = "Result")
	private ImagePlus result;

	@Override
	public void run() {
		try {
			StyleJob.Request request = new StyleJob.Request(content, style, settings(), channel, allPlanes(),
				preview_every, path(output), path(loss_log));
			boolean windows = ui != null && !ui.isHeadless();
			StyleJob.Outcome outcome = StyleJob.run(request, windows, this::isCanceled);
			result = outcome.result();
			if (outcome.reason() == StopReason.DIVERGED) log.warn("Neural Style: " + outcome.message());
			else log.info("Neural Style: " + outcome.message());
		}
		catch (IllegalArgumentException | WeightsException | UncheckedIOException e) {
			cancel(e.getMessage());
		}
		catch (IllegalStateException e) {
			// The engine did not start or failed: keep the trace for a bug report.
			log.error(e);
			cancel(e.getMessage());
		}
	}

	/**
	 * The engine settings from the parameters.
	 *
	 * @throws IllegalArgumentException naming the parameter to change
	 */
	StyleSettings settings() {
		if (learning_rate < 0 || !Double.isFinite(learning_rate)) {
			throw new IllegalArgumentException("learning_rate must be > 0, or 0 for the optimizer's default; got " + learning_rate);
		}
		return StyleSettings.builder()
			.network(network == null ? "" : network.trim().toLowerCase(Locale.ROOT))
			.weights(path(weights))
			.contentLayers(content_layers)
			.styleLayers(style_layers)
			.contentWeight(content_weight)
			.styleWeight(style_weight)
			.tvWeight(tv_weight)
			.optimizer(OptimizerKind.parse(optimizer))
			.iterations(iterations)
			.learningRate(learning_rate == 0 ? Double.NaN : learning_rate)
			.init(Init.parse(init))
			.pooling(Pooling.parse(pooling))
			.size(size)
			.styleScale(style_scale)
			.seed(seed)
			.device(device == null ? "" : device.trim().toLowerCase(Locale.ROOT))
			.preserveColors(preserve_colors)
			.build();
	}

	private boolean allPlanes() {
		String p = planes == null ? "" : planes.trim().toLowerCase(Locale.ROOT);
		if (!p.equals("all") && !p.equals("current")) {
			throw new IllegalArgumentException("planes must be current or all, got '" + planes + "'");
		}
		return p.equals("all");
	}

	private static Path path(File file) {
		return file == null || file.getPath().isBlank() ? null : file.toPath();
	}

	/** Fills the layer fields with the new network's defaults, so the dialog shows what will be used. */
	protected void networkChanged() {
		try {
			Architecture a = Architecture.parse(ModelDescriptor.load(network).architecture());
			content_layers = String.join(",", a.defaultContentLayers());
			style_layers = String.join(",", a.defaultStyleLayers());
		}
		catch (RuntimeException e) {
			// An unknown network is reported when the command runs.
		}
	}

	/** Shows α/β for the weights entered. */
	protected void weightsChanged() {
		ratio_message = ratioMessage(content_weight, style_weight);
	}

	/** "α/β = 1e-3: the study found 1e-3 good; …", flagging ratios that lose the content. */
	static String ratioMessage(double contentWeight, double styleWeight) {
		if (!(styleWeight > 0)) return "\u03b1/\u03b2 = \u221e (no style weight): the result stays the content.";
		double ratio = contentWeight / styleWeight;
		String warning = ratio < 1e-5 ? " Now below 1e-5: expect the content to be lost." : "";
		return "\u03b1/\u03b2 = " + JobProgress.loss(ratio) + ": " + RATIO_ADVICE + "." + warning;
	}

	/** The result (after {@link #run()}); null if cancelled before anything was styled. */
	public ImagePlus result() {
		return result;
	}
}

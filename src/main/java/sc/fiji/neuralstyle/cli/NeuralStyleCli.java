package sc.fiji.neuralstyle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sc.fiji.neuralstyle.engine.FloatImage;
import sc.fiji.neuralstyle.engine.Init;
import sc.fiji.neuralstyle.engine.LossLog;
import sc.fiji.neuralstyle.engine.StyleResult;
import sc.fiji.neuralstyle.engine.StyleSettings;
import sc.fiji.neuralstyle.engine.StyleTransfer;
import sc.fiji.neuralstyle.image.FloatImages;
import sc.fiji.neuralstyle.image.ImageFiles;
import sc.fiji.neuralstyle.image.ResultImages;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.optim.OptimizerKind;

/**
 * The headless command line: one style transfer from image files to an image file, with the
 * parameter names of design.md as {@code --name value}. Exit codes: 0 done, 2 bad arguments,
 * 1 failure.
 */
@Command(name = "neural-style", mixinStandardHelpOptions = true, sortOptions = false,
	version = "Neural Style for Fiji 0.1.0",
	description = "Renders the content image in the style of the style image (Gatys et al.) and writes the result.",
	footer = { "", "Exit codes: 0 done, 2 bad arguments, 1 failure.",
		"Example: neural-style --content samples/coffee.png --style samples/starry_night.jpg --output out.png" })
public final class NeuralStyleCli implements Callable<Integer> {

	static final int EXIT_OK = 0;
	static final int EXIT_FAILURE = 1;
	static final int EXIT_USAGE = 2;

	@Option(names = "--content", required = true, paramLabel = "FILE", description = "Content image file (PNG, JPEG, TIFF, …).")
	Path content;

	@Option(names = "--style", required = true, paramLabel = "FILE", description = "Style image file.")
	Path style;

	@Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the result (.png, .tif, .jpg).")
	Path output;

	@Option(names = "--network", defaultValue = StyleSettings.DEFAULT_NETWORK, description = "vgg19, vgg16, alexnet, squeezenet1_1, googlenet, vgg19-caffe or vgg16-caffe (default: ${DEFAULT-VALUE}).")
	String network;

	@Option(names = "--weights", paramLabel = "FILE", description = "A local .pth state dict to use instead of the network's default file.")
	Path weights;

	@Option(names = "--content_layers", paramLabel = "LAYERS", description = "Comma-separated layer names (default: the network's, relu4_2 for VGG).")
	String contentLayers;

	@Option(names = "--style_layers", paramLabel = "LAYERS", description = "Comma-separated layer names, each optionally name:weight (default: relu1_1,relu2_1,relu3_1,relu4_1,relu5_1 for VGG).")
	String styleLayers;

	@Option(names = "--content_weight", defaultValue = "1", description = "α, weight of the content loss (default: ${DEFAULT-VALUE}).")
	double contentWeight;

	@Option(names = "--style_weight", defaultValue = "1000", description = "β, weight of the style loss (default: ${DEFAULT-VALUE}; α/β = 1e-3).")
	double styleWeight;

	@Option(names = "--tv_weight", defaultValue = "0", description = "Weight of the total-variation smoothing loss (default: ${DEFAULT-VALUE}).")
	double tvWeight;

	@Option(names = "--optimizer", defaultValue = "lbfgs", description = "lbfgs, adam or sgd (default: ${DEFAULT-VALUE}).")
	String optimizer;

	@Option(names = "--iterations", defaultValue = "" + StyleSettings.DEFAULT_ITERATIONS, description = "Number of loss evaluations (default: ${DEFAULT-VALUE}).")
	int iterations;

	@Option(names = "--learning_rate", paramLabel = "RATE", description = "Step size (default: the optimiser's own).")
	Double learningRate;

	@Option(names = "--init", defaultValue = "content", description = "content, noise, style or an image file (default: ${DEFAULT-VALUE}).")
	String init;

	@Option(names = "--pooling", defaultValue = "avg", description = "avg (the paper's choice) or max (default: ${DEFAULT-VALUE}).")
	String pooling;

	@Option(names = "--size", defaultValue = "" + StyleSettings.DEFAULT_SIZE, description = "Longest side of the output in pixels (default: ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--style_scale", defaultValue = "1", description = "Style image size relative to the output (default: ${DEFAULT-VALUE}).")
	double styleScale;

	@Option(names = "--seed", defaultValue = "0", description = "Seed of the noise init (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
	String device;

	@Option(names = "--preserve_colors", arity = "0..1", defaultValue = "false", fallbackValue = "true", description = "Keep the content's colours (default: ${DEFAULT-VALUE}).")
	boolean preserveColors;

	@Option(names = "--loss_log", paramLabel = "FILE", description = "Write the loss history as CSV (iteration,total,content,style,tv,elapsed_ms).")
	Path lossLog;

	@Option(names = "--preview_every", defaultValue = "0", paramLabel = "N", description = "Also write the image every N iterations next to the output (0: never).")
	int previewEvery;

	@Option(names = "--history_size", defaultValue = "" + StyleSettings.DEFAULT_HISTORY_SIZE, description = "L-BFGS history size (default: ${DEFAULT-VALUE}).")
	int historySize;

	@Option(names = "--line_search", arity = "0..1", defaultValue = "false", fallbackValue = "true", description = "L-BFGS strong-Wolfe line search (default: ${DEFAULT-VALUE}).")
	boolean lineSearch;

	@Option(names = "--quiet", description = "No progress bar.")
	boolean quiet;

	@Spec
	CommandSpec spec;

	/** Runs the command line and exits the JVM with its exit code. */
	public static void main(String... args) {
		System.exit(run(args));
	}

	/** Runs the command line and returns its exit code (for tests and embedding). */
	public static int run(String... args) {
		return commandLine().execute(args);
	}

	/** The picocli command, with exit codes and error handling set up. */
	static CommandLine commandLine() {
		CommandLine cl = new CommandLine(new NeuralStyleCli());
		cl.setCaseInsensitiveEnumValuesAllowed(true);
		cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			commandLine.getErr().println("neural-style: " + e.getMessage());
			return EXIT_FAILURE;
		});
		return cl;
	}

	@Override
	public Integer call() throws Exception {
		PrintWriter err = spec.commandLine().getErr();
		StyleSettings settings;
		ImagePlus contentImp, styleImp;
		FloatImage start = null;
		try {
			settings = settings();
			contentImp = ImageFiles.read(content);
			styleImp = ImageFiles.read(style);
			if (settings.init().kind() == Init.Kind.FILE) start = FloatImages.of(ImageFiles.read(settings.init().file()));
			ImageFiles.checkOutput(output, contentImp.getBitDepth(), 1).ifPresent(err::println);
			if (lossLog != null) ImageFiles.checkWritable(lossLog, "--loss_log");
		}
		catch (IllegalArgumentException | IOException e) {
			return usageError(err, e);
		}
		String title = ResultImages.title(contentImp.getTitle(), styleImp.getTitle());
		StyleResult result;
		String info;
		try (CliProgress progress = new CliProgress(err, quiet, previewEvery,
			(iteration, image) -> ImageFiles.write(ResultImages.create(image, contentImp, title), previewPath(output, iteration)));
			StyleTransfer transfer = StyleTransfer.open(settings, progress))
		{
			result = transfer.run(FloatImages.of(contentImp), FloatImages.of(styleImp), start, progress);
			info = info(settings, transfer, result);
		}
		catch (IllegalArgumentException e) {
			return usageError(err, e);
		}
		ImagePlus resultImp = ResultImages.create(result.image(), contentImp, title);
		ResultImages.setInfo(resultImp, info);
		ImageFiles.write(resultImp, output);
		if (lossLog != null) LossLog.write(result.losses(), lossLog);
		err.println(result.message());
		err.println("Wrote " + output + (lossLog != null ? " and " + lossLog : ""));
		return EXIT_OK;
	}

	private static int usageError(PrintWriter err, Exception e) {
		String message = e instanceof NoSuchFileException missing
			? "no such file: " + missing.getFile()
			: e.getMessage();
		err.println("neural-style: " + message);
		err.println("Try 'neural-style --help' for the parameters.");
		return EXIT_USAGE;
	}

	/** The parameters of the run, as name=value lines, for the result's Info. */
	private String info(StyleSettings settings, StyleTransfer transfer, StyleResult result) {
		StringBuilder sb = new StringBuilder("Neural Style\n");
		sb.append("content=").append(content).append('\n').append("style=").append(style).append('\n');
		settings.describe(transfer.contentLayers().toString(), transfer.styleLayers().toString())
			.forEach((name, value) -> sb.append(name).append('=').append(value).append('\n'));
		sb.append("result=").append(result.message()).append('\n');
		return sb.toString();
	}

	/** The engine settings from the options; IllegalArgumentException names the bad one. */
	StyleSettings settings() {
		if (weights != null && !Files.isRegularFile(weights)) {
			throw new IllegalArgumentException("--weights " + weights + ": no such file; give the path of a .pth state dict");
		}
		return StyleSettings.builder()
			.network(network.trim().toLowerCase(Locale.ROOT))
			.weights(weights)
			.contentLayers(contentLayers)
			.styleLayers(styleLayers)
			.contentWeight(contentWeight)
			.styleWeight(styleWeight)
			.tvWeight(tvWeight)
			.optimizer(OptimizerKind.parse(optimizer))
			.iterations(iterations)
			.learningRate(learningRate == null ? Double.NaN : learningRate)
			.init(Init.parse(init))
			.pooling(Pooling.parse(pooling))
			.size(size)
			.styleScale(styleScale)
			.seed(seed)
			.device(device)
			.preserveColors(preserveColors)
			.historySize(historySize)
			.lineSearch(lineSearch)
			.build();
	}

	/** out.png → out_iter0050.png, beside the output. */
	static Path previewPath(Path output, int iteration) {
		String name = output.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String stem = dot > 0 ? name.substring(0, dot) : name;
		String ext = dot > 0 ? name.substring(dot) : ".png";
		return output.resolveSibling(String.format(Locale.ROOT, "%s_iter%04d%s", stem, iteration, ext));
	}
}

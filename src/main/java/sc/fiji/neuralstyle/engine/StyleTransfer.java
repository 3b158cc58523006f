package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.DownloadListener;
import sc.fiji.neuralstyle.net.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.WeightStore;
import sc.fiji.neuralstyle.optim.ImageOptimizer;
import sc.fiji.neuralstyle.optim.NonFiniteLossException;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.optim.Optimizers;

/**
 * The style-transfer engine: a feature network loaded once on a device, and {@link #run} to render
 * one content image in the style of another. Several runs may share one instance (the slices of a
 * stack); {@link #close()} frees the native memory.
 * <p>
 * All work happens on the instance's own thread, because DJL's autograd mode belongs to a thread;
 * {@code run} blocks its caller until the run ends. Interrupting the caller cancels the run.
 */
public final class StyleTransfer implements AutoCloseable {

	private final StyleSettings settings;
	private final ExecutorService worker;
	private final Engine engine;
	private final Device device;
	private final ModelDescriptor model;
	private final LayerWeights contentLayers;
	private final LayerWeights styleLayers;
	private final NDManager manager;
	private final FeatureNetwork network;

	private StyleTransfer(StyleSettings settings, WeightsLoader loader, ProgressListener listener,
		ExecutorService worker)
	{
		this.settings = settings;
		this.worker = worker;
		this.engine = DjlSetup.pytorch();
		this.model = ModelDescriptor.load(settings.network());
		Architecture architecture = Architecture.parse(model.architecture());
		// The layers were checked against the network with the other parameters (params.Preflight).
		this.contentLayers = settings.contentLayers() != null ? settings.contentLayers()
			: LayerWeights.parse(String.join(",", architecture.defaultContentLayers()), "content_layers");
		this.styleLayers = settings.styleLayers() != null ? settings.styleLayers()
			: LayerWeights.parse(String.join(",", architecture.defaultStyleLayers()), "style_layers");
		this.device = Devices.resolve(settings.device(), engine);
		listener.status("Loading " + model.name() + " weights");
		WeightsLoader.Weights weights = loader.load(model, settings.weights(), Set.copyOf(architecture.weightKeys()),
			new DownloadListener() {
				@Override public void progress(long done, long total) { listener.download(done, total); }
				@Override public void message(String text) { listener.status(text); }
			});
		NDManager base = NDManager.newBaseManager(device, engine.getEngineName());
		try {
			this.network = FeatureNetwork.create(architecture, settings.pooling(), weights.tensors(), weights.source(), base);
		}
		catch (RuntimeException e) {
			base.close();
			throw e;
		}
		this.manager = base;
		listener.status("Computing on " + describe(device) + " with PyTorch " + engine.getVersion());
	}

	/**
	 * Loads the network the settings ask for, reading (or downloading) its weights with the default
	 * {@link WeightStore}.
	 *
	 * @throws IllegalArgumentException for settings that do not fit the network (unknown layer, …)
	 * @throws sc.fiji.neuralstyle.net.WeightsException when the weights cannot be had
	 */
	public static StyleTransfer open(StyleSettings settings, ProgressListener listener) {
		return open(settings, WeightsLoader.fromFiles(WeightStore.fromEnvironment()), listener);
	}

	/** Loads the network with weights from the given loader (tests, other stores). */
	public static StyleTransfer open(StyleSettings settings, WeightsLoader loader, ProgressListener listener) {
		ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "neural-style-engine");
			t.setDaemon(true);
			return t;
		});
		try {
			return await(worker.submit(() -> new StyleTransfer(settings, loader, listener, worker)), null);
		}
		catch (RuntimeException | Error e) {
			worker.shutdownNow();
			throw e;
		}
	}

	private static String describe(Device device) {
		return device.isGpu() ? "GPU " + device.getDeviceId() + " (CUDA)" : "the CPU";
	}

	/** The settings this engine was opened with. */
	public StyleSettings settings() {
		return settings;
	}

	/** The device computing the runs. */
	public Device device() {
		return device;
	}

	/** The content layers in use, defaults resolved. */
	public LayerWeights contentLayers() {
		return contentLayers;
	}

	/** The style layers in use, defaults resolved. */
	public LayerWeights styleLayers() {
		return styleLayers;
	}

	/**
	 * Renders {@code content} in the style of {@code style}.
	 *
	 * @param content the content image in [0, 1], gray or RGB, any size (resized to {@code size})
	 * @param style the style image in [0, 1], gray or RGB (resized to size × style_scale)
	 * @param start the start image when init is a file or when continuing from a previous result
	 *          (resized to the content's size), else null
	 * @param listener hears the progress and may cancel
	 * @return the best image seen and the loss history
	 */
	public StyleResult run(FloatImage content, FloatImage style, FloatImage start, ProgressListener listener) {
		return run(content, List.of(style), List.of(), start, listener);
	}

	/**
	 * Renders {@code content} in the style of several style images: blended (weights from the
	 * settings' {@code styleBlendWeights}), or, with masks, each where its mask says; outside every
	 * mask the result keeps the content (see {@link MaskBlend}).
	 *
	 * @param styles the style images in [0, 1], gray or RGB, each resized to size × style_scale
	 * @param masks empty, or one per style: gray images in [0, 1] of the content's aspect (1: this
	 *          style, 0: not), resized to the content's size
	 */
	public StyleResult run(FloatImage content, List<FloatImage> styles, List<FloatImage> masks, FloatImage start,
		ProgressListener listener)
	{
		AtomicBoolean interrupted = new AtomicBoolean();
		ProgressListener cancellable = new ProgressListener() {
			@Override public void status(String message) { listener.status(message); }
			@Override public void download(long done, long total) { listener.download(done, total); }
			@Override public void iteration(LossRecord r, int n, java.util.function.Supplier<FloatImage> p) { listener.iteration(r, n, p); }
			@Override public boolean isCancelled() { return interrupted.get() || listener.isCancelled(); }
		};
		return await(worker.submit(() -> runHere(content, styles, masks, start, cancellable)), interrupted);
	}

	/** Waits for the engine thread; an interrupt of the waiting thread becomes a cancel request. */
	private static <T> T await(Future<T> future, AtomicBoolean cancel) {
		boolean wasInterrupted = false;
		try {
			while (true) {
				try {
					return future.get();
				}
				catch (InterruptedException e) {
					wasInterrupted = true;
					if (cancel != null) cancel.set(true);
				}
			}
		}
		catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof RuntimeException re) throw re;
			if (cause instanceof Error err) throw err;
			throw new IllegalStateException(cause);
		}
		finally {
			if (wasInterrupted) Thread.currentThread().interrupt();
		}
	}

	private StyleResult runHere(FloatImage content, List<FloatImage> styles, List<FloatImage> masks, FloatImage start,
		ProgressListener listener)
	{
		int[] size = Resampler.fitLongestSide(content.width(), content.height(), settings.size());
		FloatImage contentImage = Resampler.resize(content, size[0], size[1]);
		List<FloatImage> styleImages = new ArrayList<>();
		for (FloatImage style : styles) styleImages.add(styleImage(style, contentImage));
		List<FloatImage> maskImages = new ArrayList<>();
		for (FloatImage mask : masks) {
			maskImages.add(Resampler.resize(ColorTransfer.luminance(mask), contentImage.width(), contentImage.height()));
		}
		FloatImage initImage = initialImage(contentImage, styleImages.get(0), start);

		try (NDManager run = manager.newSubManager();
			StyleObjective objective = new StyleObjective(engine, network, model.preprocessing(), settings,
				contentLayers, styleLayers, tensor(contentImage, run),
				styleImages.stream().map(image -> tensor(image, run)).toList(), maskImages, run);
			ImageOptimizer optimizer = createOptimizer(run))
		{
			NDArray x = tensor(initImage, run);
			RunProgress progress = new RunProgress(objective, listener, settings.iterations(), contentImage.channels(),
				contentImage.width(), contentImage.height(), run);
			StopReason reason = StopReason.COMPLETED;
			String message = null;
			try {
				while (progress.remaining() > 0) {
					if (listener.isCancelled()) throw new RunProgress.Cancelled();
					optimizer.step(x, progress, progress.remaining());
					if (optimizer.stopReason().isPresent()) {
						reason = StopReason.CONVERGED;
						message = "Converged after " + progress.evaluations() + " iterations: "
							+ optimizer.stopReason().get() + "; best loss " + progress.bestLoss() + ".";
						break;
					}
				}
			}
			catch (RunProgress.Cancelled e) {
				reason = StopReason.CANCELLED;
				message = "Cancelled after " + progress.evaluations() + " iterations; kept the best image (iteration "
					+ progress.bestIteration() + ").";
			}
			catch (NonFiniteLossException e) {
				reason = StopReason.DIVERGED;
				message = "The loss became " + e.loss() + " at iteration " + e.evaluation() + "; kept the best image "
					+ "before that. " + divergenceAdvice();
			}
			FloatImage result;
			if (progress.best() != null) {
				result = progress.bestImage();
			}
			else if (reason == StopReason.CANCELLED) {
				// Cancelled before the first evaluation: the best image seen is the start image.
				result = initImage;
				message = "Cancelled before the first iteration; returned the start image.";
			}
			else {
				// Nothing to keep: the values going in are not numbers. Said as a bad argument (fronts exit 2).
				throw new IllegalArgumentException("content, style or weights: the loss is not a number at the start "
					+ "image, before any step, so an input holds values that are not finite numbers (a weights file "
					+ "with NaN or infinite values, or a 32-bit image with NaN pixels); check " + (settings.weights() != null
						? "the weights file " + settings.weights() + " and " : "") + "the images");
			}
			if (settings.preserveColors() == ColorMode.LUMINANCE && result.channels() == 3) {
				result = ColorTransfer.preserveColors(result, contentImage);
			}
			if (!maskImages.isEmpty()) result = MaskBlend.keepContentOutside(result, contentImage, maskImages);
			if (message == null) {
				message = "Done: " + progress.evaluations() + " iterations, best loss " + progress.bestLoss()
					+ " at iteration " + progress.bestIteration() + ".";
			}
			return new StyleResult(result, progress.records(), reason, message, progress.bestIteration());
		}
	}

	/** What to change after the loss became infinite or NaN, for the optimiser in use. */
	private String divergenceAdvice() {
		double rate = settings.effectiveLearningRate();
		return settings.optimizer() == OptimizerKind.LBFGS
			? "L-BFGS stepped too far: lower learning_rate (now " + rate + ", e.g. " + rate / 2 + ")"
				+ (settings.lineSearch() ? "." : " or turn on line_search.")
			// Adam's and (normalised) SGD's steps do not follow the loss scale: lower weights would not help.
			: "Lower learning_rate (now " + rate + ", e.g. " + rate / 10 + "), or use optimizer=lbfgs, which scales its "
				+ "own steps.";
	}

	/** A style image at size × style_scale (its own aspect), RGB, recoloured for {@link ColorMode#HISTOGRAM}. */
	private FloatImage styleImage(FloatImage style, FloatImage contentImage) {
		int styleLongest = Math.max(1, (int) Math.round(settings.size() * settings.styleScale()));
		int[] styleSize = Resampler.fitLongestSide(style.width(), style.height(), styleLongest);
		FloatImage image = ColorTransfer.rgb(Resampler.resize(style, styleSize[0], styleSize[1]));
		if (settings.preserveColors() == ColorMode.HISTOGRAM && contentImage.channels() == 3) {
			// The style's textures in the content's palette (Gatys et al. 2017, section 4).
			image = ColorTransfer.matchColors(image, contentImage);
		}
		return image;
	}

	private ImageOptimizer createOptimizer(NDManager run) {
		double lr = settings.effectiveLearningRate();
		return settings.optimizer() == OptimizerKind.LBFGS
			? Optimizers.lbfgs(lr, settings.historySize(), settings.lineSearch(), run)
			: Optimizers.create(settings.optimizer(), lr, run);
	}

	private FloatImage initialImage(FloatImage content, FloatImage style, FloatImage start) {
		int w = content.width(), h = content.height(), c = content.channels();
		return switch (settings.init().kind()) {
			case CONTENT -> start != null ? matchChannels(Resampler.resize(start, w, h), c) : content;
			case STYLE -> start != null ? matchChannels(Resampler.resize(start, w, h), c)
				: matchChannels(Resampler.resize(style, w, h), c);
			case NOISE -> start != null ? matchChannels(Resampler.resize(start, w, h), c) : noise(w, h, c, settings.seed());
			case FILE -> {
				if (start == null) {
					throw new IllegalArgumentException("init is the file " + settings.init().file()
						+ " but no start image was given to the engine");
				}
				yield matchChannels(Resampler.resize(start, w, h), c);
			}
		};
	}

	/** Seeded uniform noise in [0, 1], made in Java so it is the same on every device. */
	static FloatImage noise(int width, int height, int channels, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] data = new float[width * height * channels];
		for (int i = 0; i < data.length; i++) data[i] = (float) random.nextDouble();
		return new FloatImage(width, height, channels, data);
	}

	static FloatImage matchChannels(FloatImage image, int channels) {
		if (image.channels() == channels) return image;
		return channels == 3 ? ColorTransfer.rgb(image) : ColorTransfer.luminance(image);
	}

	private static NDArray tensor(FloatImage image, NDManager manager) {
		return manager.create(image.data(), new Shape(1, image.channels(), image.height(), image.width()));
	}

	/** Frees the network's native memory and stops the engine thread. */
	@Override
	public void close() {
		try {
			await(worker.submit((Callable<Void>) () -> {
				network.close();
				manager.close();
				return null;
			}), null);
		}
		finally {
			worker.shutdown();
		}
	}
}

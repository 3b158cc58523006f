package sc.fiji.neuralstyle.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
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
import sc.fiji.neuralstyle.text.Counts;

/**
 * The style-transfer engine: a feature network loaded once on a device, and {@link #run} to render
 * one content image in the style of another. Several runs may share one instance (the slices of a
 * stack); {@link #close()} frees the native memory. {@link NetworkCache} keeps networks across runs.
 * <p>
 * All work happens on the instance's own thread, because DJL's autograd mode belongs to a thread;
 * {@code run} blocks its caller until the run ends. Interrupting the caller cancels the run, or the
 * load in {@link #open} (within a second: a download stops and leaves nothing).
 */
public final class StyleTransfer implements AutoCloseable {

	private final StyleSettings settings;
	private final ExecutorService worker;
	private final Engine engine;
	private final Device device;
	private final NetworkKey key;
	private final ModelDescriptor model;
	private final LayerWeights contentLayers;
	private final LayerWeights styleLayers;
	private final NDManager manager;
	private final FeatureNetwork network;
	private final MemoryProbe memory;
	/** Style targets of recent runs on this network, shared by its views. */
	private final StyleTargets targets;
	/** Null for the network itself; for a {@link #view}, what closing it does (nothing, or a lease released). */
	private final Runnable onClose;
	private final AtomicBoolean closed = new AtomicBoolean();

	/** Loads the network; runs on {@code worker}, the engine thread ({@link NetworkLoad}). */
	StyleTransfer(StyleSettings settings, WeightsLoader loader, MemoryProbe memory, ProgressListener listener,
		ExecutorService worker)
	{
		this.settings = settings;
		this.worker = worker;
		this.memory = memory;
		this.engine = DjlSetup.pytorch();
		this.model = ModelDescriptor.load(settings.network());
		Architecture architecture = Architecture.parse(model.architecture());
		// The layers were checked against the network with the other parameters (params.Preflight).
		this.contentLayers = LayerWeights.content(settings, architecture);
		this.styleLayers = LayerWeights.style(settings, architecture);
		this.device = Devices.resolve(settings.device(), engine);
		this.key = NetworkKey.of(settings, device);
		listener.status("Loading " + model.name() + " weights");
		WeightsLoader.Weights weights = loader.load(model, settings.weights(), Set.copyOf(architecture.weightKeys()),
			new DownloadListener() {
				@Override public void progress(long done, long total) { listener.download(done, total); }
				@Override public void message(String text) { listener.status(text); }
			});
		NDManager base = NDManager.newBaseManager(device, engine.getEngineName());
		try {
			this.network = FeatureNetwork.create(architecture, settings.pooling(), weights.tensors(), weights.source(), base);
			this.targets = new StyleTargets(base.newSubManager());
		}
		catch (RuntimeException e) {
			base.close();
			throw e;
		}
		this.manager = base;
		this.onClose = null;
		listener.status("Computing on " + describe(device) + " with PyTorch " + engine.getVersion());
	}

	/** A view of {@code base}'s network with other settings for the runs. */
	private StyleTransfer(StyleTransfer base, StyleSettings settings, Runnable onClose) {
		this.settings = settings;
		this.worker = base.worker;
		this.engine = base.engine;
		this.device = base.device;
		this.key = base.key;
		this.model = base.model;
		Architecture architecture = base.network.architecture();
		this.contentLayers = LayerWeights.content(settings, architecture);
		this.styleLayers = LayerWeights.style(settings, architecture);
		this.manager = base.manager;
		this.network = base.network;
		this.memory = base.memory;
		this.targets = base.targets;
		this.onClose = onClose;
	}

	/**
	 * This engine's network, already loaded, with other settings for the runs: layers, loss weights,
	 * size, optimiser, start image, … (a batch whose jobs differ in these loads the network once).
	 * The view's runs take turns with this engine's on its one thread; closing the view does nothing,
	 * closing this engine ends both.
	 *
	 * @throws IllegalArgumentException if the settings need another network ({@link NetworkKey}:
	 *           network, weights, pooling or device differ from this engine's)
	 */
	public StyleTransfer withSettings(StyleSettings other) {
		return view(other, () -> {});
	}

	/** A view as {@link #withSettings}, whose {@link #close()} runs {@code onClose} (once). */
	StyleTransfer view(StyleSettings other, Runnable onClose) {
		NetworkKey needed = NetworkKey.of(other, Devices.resolve(other.device(), engine));
		if (!needed.equals(key)) {
			throw new IllegalArgumentException("these settings need another network (" + needed + ") than this engine's ("
				+ key + "): open one for them");
		}
		return new StyleTransfer(this, other, onClose);
	}

	/** The style targets kept with this engine's network (tests). */
	StyleTargets styleTargets() {
		return targets;
	}

	/** What defines this engine's network. */
	public NetworkKey key() {
		return key;
	}

	/**
	 * Loads the network the settings ask for, reading (or downloading) its weights with the default
	 * {@link WeightStore}.
	 *
	 * @throws IllegalArgumentException for settings that do not fit the network (unknown layer, …)
	 * @throws sc.fiji.neuralstyle.net.WeightsException when the weights cannot be had
	 * @throws LoadCancelledException if the listener cancels, or the caller is interrupted, during the load
	 */
	public static StyleTransfer open(StyleSettings settings, ProgressListener listener) {
		return open(settings, NetworkCache.storeLoader(), listener);
	}

	/** Loads the network with weights from the given loader (tests, other stores). */
	public static StyleTransfer open(StyleSettings settings, WeightsLoader loader, ProgressListener listener) {
		return open(settings, loader, MemoryProbe.system(), listener);
	}

	/**
	 * Loads the network with weights from the given loader; runs on the CPU plan their memory with
	 * {@code memory}. The caller waits for the load, and cancels it as a run: the listener's
	 * {@link ProgressListener#isCancelled()} or an interrupt of the waiting thread (which it keeps).
	 *
	 * @throws LoadCancelledException if cancelled during the load; nothing of it is left
	 */
	public static StyleTransfer open(StyleSettings settings, WeightsLoader loader, MemoryProbe memory,
		ProgressListener listener)
	{
		return NetworkLoad.start(settings, loader, memory, listener).await(listener::isCancelled);
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
	 * The settings as the runs use them: default layers and the optimiser's default learning rate
	 * written out, so that a result's record repeats the run even if the defaults change.
	 */
	public StyleSettings settingsUsed() {
		return settings.toBuilder().contentLayers(contentLayers.toString()).styleLayers(styleLayers.toString())
			.learningRate(settings.effectiveLearningRate()).build();
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
			@Override public void iteration(LossRecord r, int n, double work, java.util.function.Supplier<FloatImage> p) {
				listener.iteration(r, n, work, p);
			}
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
		// Everything is planned before the first evaluation (the parameters were checked by params.Preflight).
		List<Stages.Stage> stages = Stages.plan(content.width(), content.height(), settings.size(), settings.scales(),
			settings.iterations());
		Stages.Stage last = stages.get(stages.size() - 1);
		int channels = content.channels();
		List<StyleObjective.Tiling> tilings = planTiles(stages, channels, largest(styles), listener, true);
		double[] costs = new double[stages.size()];
		for (int k = 0; k < stages.size(); k++) costs[k] = evaluationCost(stages.get(k), tilings.get(k));

		RunProgress progress = new RunProgress(listener, stages, costs);
		FloatImage current = null; // the latest stage's best image (or start image)
		int currentIteration = -1;
		StopReason reason = StopReason.COMPLETED;
		String message = null;
		try (NDManager run = manager.newSubManager()) {
			for (Stages.Stage stage : stages) {
				FloatImage stageContent = Resampler.resize(content, stage.width(), stage.height());
				List<FloatImage> stageStyles = new ArrayList<>();
				for (FloatImage style : styles) stageStyles.add(styleImage(style, stage, stageContent));
				List<FloatImage> stageMasks = new ArrayList<>();
				for (FloatImage mask : masks) {
					stageMasks.add(Resampler.resize(ColorTransfer.luminance(mask), stage.width(), stage.height()));
				}
				FloatImage stageStart = current == null ? initialImage(stageContent, stageStyles.get(0), start)
					: Resampler.resize(current, stage.width(), stage.height());
				if (stages.size() > 1) {
					listener.status("Scale " + (stage.index() + 1) + " of " + stages.size() + ": " + stage.width() + "×"
						+ stage.height() + " px, " + Counts.of(stage.iterations(), "iteration") + tilesNote(stage, tilings.get(stage.index())));
				}
				try (NDManager scope = run.newSubManager();
					StyleObjective objective = objective(stageContent, stageStyles, stageMasks, tilings.get(stage.index()),
						scope);
					ImageOptimizer optimizer = createOptimizer(scope))
				{
					NDArray x = tensor(stageStart, scope);
					progress.startStage(stage, objective, channels, scope);
					try {
						while (progress.remaining() > 0) {
							if (listener.isCancelled()) throw new RunProgress.Cancelled();
							optimizer.step(x, progress, progress.remaining());
							if (optimizer.stopReason().isPresent()) {
								if (stage == last) {
									reason = StopReason.CONVERGED;
									message = "Converged after " + Counts.of(progress.evaluations(), "iteration") + ": "
										+ optimizer.stopReason().get() + "; best loss " + progress.bestLoss() + ".";
								}
								else {
									listener.status("Scale " + (stage.index() + 1) + " converged after "
										+ Counts.of(progress.stageEvaluations(), "iteration") + "; going on at the next scale.");
								}
								break;
							}
						}
					}
					catch (RunProgress.Cancelled e) {
						reason = StopReason.CANCELLED;
					}
					catch (NonFiniteLossException e) {
						reason = StopReason.DIVERGED;
						message = "The loss became " + e.loss() + " at iteration " + e.evaluation() + "; kept the best image "
							+ "before that. " + divergenceAdvice();
					}
					if (progress.best() != null) {
						current = progress.bestImage();
						currentIteration = progress.bestIteration();
					}
					else if (current == null || reason == StopReason.CANCELLED) {
						// No evaluation at this stage: what it started from is the best there is.
						current = stageStart;
					}
				}
				if (reason == StopReason.CANCELLED || reason == StopReason.DIVERGED) break;
			}
		}
		if (currentIteration < 0 && reason == StopReason.DIVERGED) {
			// Nothing to keep: the values going in are not numbers. Said as a bad argument (fronts exit 2).
			throw new IllegalArgumentException("content, style or weights: the loss is not a number at the start "
				+ "image, before any step, so an input holds values that are not finite numbers (a weights file "
				+ "with NaN or infinite values, or a 32-bit image with NaN pixels); check " + (settings.weights() != null
					? "the weights file " + settings.weights() + " and " : "") + "the images");
		}
		FloatImage result = Resampler.resize(current, last.width(), last.height());
		boolean enlarged = result != current;
		if (reason == StopReason.CANCELLED) {
			message = progress.evaluations() == 0 ? "Cancelled before the first iteration; returned the start image."
				: "Cancelled after " + Counts.of(progress.evaluations(), "iteration") + "; kept the best image (iteration "
					+ currentIteration + ")" + (enlarged ? ", enlarged from scale " + current.width() + "×"
						+ current.height() + " px" : "") + ".";
		}
		else if (enlarged && reason == StopReason.DIVERGED) {
			message += " It was enlarged from scale " + current.width() + "×" + current.height() + " px.";
		}
		FloatImage lastContent = Resampler.resize(content, last.width(), last.height());
		if (settings.preserveColors() == ColorMode.LUMINANCE && result.channels() == 3) {
			result = ColorTransfer.preserveColors(result, lastContent);
		}
		if (!masks.isEmpty()) {
			List<FloatImage> lastMasks = new ArrayList<>();
			for (FloatImage mask : masks) {
				lastMasks.add(Resampler.resize(ColorTransfer.luminance(mask), last.width(), last.height()));
			}
			result = MaskBlend.keepContentOutside(result, lastContent, lastMasks);
		}
		if (message == null) {
			message = "Done: " + Counts.of(progress.evaluations(), "iteration") + ", best loss " + progress.bestLoss()
				+ " at iteration " + progress.bestIteration() + ".";
		}
		return new StyleResult(result, progress.records(), reason, message, currentIteration);
	}

	/** The style image with the most pixels, whose passes need the most memory. */
	private static FloatImage largest(List<FloatImage> styles) {
		FloatImage largest = styles.get(0);
		for (FloatImage s : styles) {
			if ((long) s.width() * s.height() > (long) largest.width() * largest.height()) largest = s;
		}
		return largest;
	}

	/** What to change after the loss became infinite or NaN, for the optimiser in use. */
	private String divergenceAdvice() {
		return divergenceAdvice(settings);
	}

	static String divergenceAdvice(StyleSettings settings) {
		double rate = settings.effectiveLearningRate();
		return settings.optimizer() == OptimizerKind.LBFGS
			? "L-BFGS stepped too far: lower learning_rate (now " + rate + ", e.g. " + rate / 2 + ")"
				+ (settings.lineSearch() ? "." : " or turn on line_search.")
			// Adam's and (normalised) SGD's steps do not follow the loss scale: lower weights would not help.
			: "Lower learning_rate (now " + rate + ", e.g. " + rate / 10 + "), or use optimizer=lbfgs, which scales its "
				+ "own steps.";
	}

	/** The objective of a stage; the target images are freed once their features are taken. */
	private StyleObjective objective(FloatImage content, List<FloatImage> styles, List<FloatImage> masks,
		StyleObjective.Tiling tiling, NDManager owner)
	{
		try (NDManager images = owner.newSubManager()) {
			return new StyleObjective(engine, network, model.preprocessing(), settings, contentLayers, styleLayers,
				tensor(content, images), styles.stream().map(s -> tensor(s, images)).toList(), masks, owner, tiling, targets);
		}
	}

	/**
	 * The style image of a stage: its longest side is the stage's times style_scale; RGB; recoloured
	 * to the content's palette for {@link ColorMode#HISTOGRAM}.
	 */
	private FloatImage styleImage(FloatImage style, Stages.Stage stage, FloatImage stageContent) {
		int longest = Math.max(1, (int) Math.round(stage.side() * settings.styleScale()));
		int[] size = Resampler.fitLongestSide(style.width(), style.height(), longest);
		FloatImage image = ColorTransfer.rgb(Resampler.resize(style, size[0], size[1]));
		if (settings.preserveColors() == ColorMode.HISTOGRAM && stageContent.channels() == 3) {
			// The style's textures in the content's palette (Gatys et al. 2017, section 4).
			image = ColorTransfer.matchColors(image, stageContent);
		}
		return image;
	}

	/**
	 * The tiles of each stage (null: whole images), from the memory free now; the same rule as
	 * {@link MemoryPlanner#check}, whose message stops the run here if it does not fit.
	 */
	private List<StyleObjective.Tiling> planTiles(List<Stages.Stage> stages, int channels, FloatImage style,
		ProgressListener listener, boolean mayRelease)
	{
		MemoryPlanner planner = MemoryPlanner.of(network.architecture(), settings.contentWeight() > 0
			? contentLayers.names() : List.of(), settings.styleWeight() > 0 ? styleLayers.names() : List.of());
		long available = MemoryPlanner.available(device, memory).bytes();
		boolean javaSide = !device.isGpu();
		List<StyleObjective.Tiling> tilings = new ArrayList<>();
		List<MemoryPlanner.StagePlan> plans = new ArrayList<>();
		for (Stages.Stage stage : stages) {
			MemoryPlanner.StagePlan plan = planner.plan(settings, stage, channels, style.width(), style.height(), available,
				javaSide);
			if (plan.problem() != null) {
				// Memory held for later runs (networks cached but idle) may make room: free it and plan again.
				if (mayRelease && memory.release()) return planTiles(stages, channels, style, listener, false);
				throw plan.problem().exception();
			}
			plans.add(plan);
			tilings.add(plan.tile() == 0 ? null : StyleObjective.Tiling.of(planner.geometry(), plan.tile()));
		}
		if (settings.tileSize().isAuto()) {
			MemoryPlanner.StagePlan plan = plans.get(plans.size() - 1);
			listener.status("tile_size=auto: " + (plan.choice().tile() == 0 ? "the whole image in one pass"
				: "tiles of " + plan.choice().tile() + " px with " + planner.margin() + " px of context")
				+ ", about " + MemoryPlanner.gib(plan.choice().bytes()) + " of the " + MemoryPlanner.gib(available)
				+ " available.");
		}
		return tilings;
	}

	private static String tilesNote(Stages.Stage stage, StyleObjective.Tiling tiling) {
		if (tiling == null || !tiling.splits(stage.width(), stage.height())) return "";
		int n = TileGrid.tiles(stage.width(), stage.height(), tiling.tile(), tiling.margin(), tiling.geometry().alignment(),
			0, 0).size();
		return ", in " + Counts.of(n, "tile") + " of " + tiling.tile() + " px";
	}

	/**
	 * The relative cost of one evaluation at a stage: the pixels that go through the network, and a
	 * third more when tiled (pass 1 is a forward pass, about a third of a forward and backward one).
	 */
	private static double evaluationCost(Stages.Stage stage, StyleObjective.Tiling tiling) {
		if (tiling == null || !tiling.splits(stage.width(), stage.height())) return stage.pixels();
		long pixels = 0;
		for (TileGrid.Tile t : TileGrid.tiles(stage.width(), stage.height(), tiling.tile(), tiling.margin(),
			tiling.geometry().alignment(), 0, 0))
		{
			pixels += t.cropPixels();
		}
		return pixels * 4.0 / 3;
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

	/**
	 * Frees the network's native memory and stops the engine thread; a {@link #withSettings} view
	 * frees nothing (a view from {@link NetworkCache} gives its lease back).
	 */
	@Override
	public void close() {
		if (!closed.compareAndSet(false, true)) return;
		if (onClose != null) {
			onClose.run();
			return;
		}
		try {
			await(worker.submit((Callable<Void>) () -> {
				freeNetwork();
				return null;
			}), null);
		}
		finally {
			worker.shutdown();
		}
	}

	/** {@link #close()} on the engine thread itself (a load cancelled after it finished). */
	void free() {
		closed.set(true);
		freeNetwork();
		worker.shutdown();
	}

	private void freeNetwork() {
		targets.close();
		network.close();
		manager.close();
	}
}

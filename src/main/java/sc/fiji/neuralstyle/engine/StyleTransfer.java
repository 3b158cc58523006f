package sc.fiji.neuralstyle.engine;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.DownloadListener;
import sc.fiji.neuralstyle.net.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.WeightStore;
import sc.fiji.neuralstyle.optim.OptimizerKind;

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
		this.contentLayers = settings.contentLayersOn(architecture);
		this.styleLayers = settings.styleLayersOn(architecture);
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
		this.contentLayers = settings.contentLayersOn(architecture);
		this.styleLayers = settings.styleLayersOn(architecture);
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
		return open(settings, WeightsLoader.fromEnvironment(), listener);
	}

	/** Loads the network with weights from the given loader (tests, other stores). */
	public static StyleTransfer open(StyleSettings settings, WeightsLoader loader, ProgressListener listener) {
		return open(settings, loader, SystemMemory.probe(), listener);
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
		return run(content, styles, masks, start, null, listener);
	}

	/**
	 * Renders one plane of a sequence, held to the earlier planes' results by the temporal term
	 * (weight {@code temporal_weight}); at the finest scale it starts from the closest of them, warped,
	 * where the flow is trusted (see {@link TemporalStep}).
	 *
	 * @param temporal the earlier results moved onto this plane; {@link TemporalTargets#NONE} for the
	 *          first plane of a sequence; null: a run of its own (no temporal column in its records)
	 */
	public StyleResult run(FloatImage content, List<FloatImage> styles, List<FloatImage> masks, FloatImage start,
		TemporalTargets temporal, ProgressListener listener)
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
		return await(worker.submit(() -> new StyleRun(this, cancellable).run(content, styles, masks, start, temporal)), interrupted);
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

	/** What a run needs of this engine (package-private, for {@link StyleRun}). */
	Engine engine() {
		return engine;
	}

	FeatureNetwork network() {
		return network;
	}

	sc.fiji.neuralstyle.net.Preprocessing preprocessing() {
		return model.preprocessing();
	}

	NDManager manager() {
		return manager;
	}

	MemoryProbe memory() {
		return memory;
	}

	/** What to change after the loss became infinite or NaN, for the optimiser in use. */
	static String divergenceAdvice(StyleSettings settings) {
		double rate = settings.effectiveLearningRate();
		return settings.optimizer() == OptimizerKind.LBFGS
			? "L-BFGS stepped too far: lower learning_rate (now " + rate + ", e.g. " + rate / 2 + ")"
				+ (settings.lineSearch() ? "." : " or turn on line_search.")
			// Adam's and (normalised) SGD's steps do not follow the loss scale: lower weights would not help.
			: "Lower learning_rate (now " + rate + ", e.g. " + rate / 10 + "), or use optimizer=lbfgs, which scales its "
				+ "own steps.";
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

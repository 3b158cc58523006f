package sc.fiji.neuralstyle.engine.run;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.Device;
import sc.fiji.neuralstyle.engine.djl.Devices;
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.network.LoadedNetwork;
import sc.fiji.neuralstyle.engine.network.NetworkKey;
import sc.fiji.neuralstyle.engine.network.NetworkLoad;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.MaskBlend;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.plan.SystemMemory;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.settings.LayerWeights;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.TemporalTargets;
import sc.fiji.neuralstyle.net.weights.WeightStore;
import sc.fiji.neuralstyle.net.Architecture;

/**
 * The style-transfer engine as a run sees it: a {@link LoadedNetwork} with one run's settings, and
 * {@link #run} to render one content image in the style of another. Several runs may share one
 * instance (the slices of a stack); views of one network with other settings share its network
 * ({@link #withSettings}); {@link #close()} frees the network if this instance {@link #open}ed it,
 * gives a cached network back ({@code NetworkCache}), or does nothing for a view.
 * <p>
 * All work happens on the network's own thread, because DJL's autograd mode belongs to a thread;
 * {@code run} blocks its caller until the run ends. Interrupting the caller cancels the run, or the
 * load in {@link #open} (within a second: a download stops and leaves nothing).
 */
public final class StyleTransfer implements AutoCloseable {

	private final LoadedNetwork network;
	private final StyleSettings settings;
	private final LayerWeights contentLayers;
	private final LayerWeights styleLayers;
	/** What closing it does: frees the network it opened, gives a lease back, or nothing. */
	private final Runnable onClose;
	private final AtomicBoolean closed = new AtomicBoolean();

	private StyleTransfer(LoadedNetwork network, StyleSettings settings, Runnable onClose) {
		this.network = network;
		this.settings = settings;
		// The layers were checked against the network with the other parameters (params.Preflight).
		this.contentLayers = settings.contentLayersUsed();
		this.styleLayers = settings.styleLayersUsed();
		this.onClose = onClose;
	}

	/**
	 * The runs of a loaded network with these settings; closing it runs {@code onClose} (once).
	 *
	 * @throws IllegalArgumentException if the settings need another network ({@link NetworkKey}:
	 *           network, weights, pooling or device differ from this one's)
	 */
	public static StyleTransfer on(LoadedNetwork network, StyleSettings settings, Runnable onClose) {
		NetworkKey needed = NetworkKey.of(settings, Devices.resolve(settings.device(), network.engine()));
		if (!needed.equals(network.key())) {
			throw new IllegalArgumentException("these settings need another network (" + needed + ") than this engine's ("
				+ network.key() + "): open one for them");
		}
		return new StyleTransfer(network, settings, onClose);
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
		return on(network, other, () -> {});
	}

	/** What defines this engine's network. */
	public NetworkKey key() {
		return network.key();
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
		return open(settings, loader, SystemMemory.ofThisMachine(), listener);
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
		LoadedNetwork network = NetworkLoad.start(settings, loader, memory, listener).await(listener::isCancelled);
		return new StyleTransfer(network, settings, network::close);
	}

	/** The settings of its runs. */
	public StyleSettings settings() {
		return settings;
	}

	/** The device computing the runs. */
	public Device device() {
		return network.device();
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
	 * where the flow is trusted (see {@code TemporalStep}).
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
		return network.call(() -> new StyleRun(network, settings, contentLayers, styleLayers, cancellable).run(content, styles,
			masks, start, temporal), interrupted);
	}

	/**
	 * Frees the network if this instance {@link #open}ed it (and stops its thread); a
	 * {@link #withSettings} view frees nothing, and a view from {@code NetworkCache} gives its lease back.
	 */
	@Override
	public void close() {
		if (closed.compareAndSet(false, true)) onClose.run();
	}
}

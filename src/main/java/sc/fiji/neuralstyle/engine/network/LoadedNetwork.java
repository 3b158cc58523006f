package sc.fiji.neuralstyle.engine.network;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.djl.Devices;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.terms.StyleTargets;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.DownloadListener;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.Preprocessing;

/**
 * A feature network loaded once on a device, with the one thread all its work runs on, because
 * DJL's autograd mode belongs to a thread. Loaded on that thread by {@link NetworkLoad}; runs use it
 * through a {@code StyleTransfer} (one run's settings); {@code NetworkCache} keeps it across runs.
 * {@link #close()} frees the native memory and ends the thread.
 */
public final class LoadedNetwork implements AutoCloseable {

	private final ExecutorService worker;
	private final Engine engine;
	private final Device device;
	private final NetworkKey key;
	private final ModelDescriptor model;
	private final NDManager manager;
	private final FeatureNetwork network;
	private final MemoryProbe memory;
	/** Style targets of recent runs on this network. */
	private final StyleTargets targets;
	private final AtomicBoolean closed = new AtomicBoolean();

	/** Loads the network {@code settings} name; runs on {@code worker}, the network's thread ({@link NetworkLoad}). */
	LoadedNetwork(StyleSettings settings, WeightsLoader loader, MemoryProbe memory, ProgressListener listener,
		ExecutorService worker)
	{
		this.worker = worker;
		this.memory = memory;
		this.engine = DjlSetup.pytorch();
		this.model = settings.network().descriptor();
		Architecture architecture = settings.architecture();
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
		listener.status("Computing on " + describe(device) + " with PyTorch " + engine.getVersion());
	}

	private static String describe(Device device) {
		return device.isGpu() ? "GPU " + device.getDeviceId() + " (CUDA)" : "the CPU";
	}

	/** What defines this network. */
	public NetworkKey key() {
		return key;
	}

	/** The device computing on it. */
	public Device device() {
		return device;
	}

	/** The engine, for the runs' gradient collectors. */
	public Engine engine() {
		return engine;
	}

	/** The network. */
	public FeatureNetwork network() {
		return network;
	}

	/** How images are prepared for it. */
	public Preprocessing preprocessing() {
		return model.preprocessing();
	}

	/** Owns what lives as long as the network; the runs make their sub-managers here. */
	public NDManager manager() {
		return manager;
	}

	/** The memory runs on the CPU plan with. */
	public MemoryProbe memory() {
		return memory;
	}

	/** The style targets kept with this network, for its runs. */
	public StyleTargets styleTargets() {
		return targets;
	}

	/**
	 * Does {@code work} on the network's thread and waits for it; an interrupt of the waiting thread
	 * sets {@code cancel} (which the work looks at) and is kept.
	 */
	public <T> T call(Callable<T> work, AtomicBoolean cancel) {
		return await(worker.submit(work), cancel);
	}

	/** Waits for the network's thread; an interrupt of the waiting thread becomes a cancel request. */
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

	/** Frees the network's native memory and stops its thread (waiting for a run on it to end). */
	@Override
	public void close() {
		if (!closed.compareAndSet(false, true)) return;
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

	/** {@link #close()} on the network's thread itself (a load cancelled after it finished). */
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

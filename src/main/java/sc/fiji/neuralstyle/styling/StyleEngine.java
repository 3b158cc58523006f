package sc.fiji.neuralstyle.styling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import sc.fiji.neuralstyle.engine.djl.Devices;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.network.LoadCancelledException;
import sc.fiji.neuralstyle.engine.plan.MemoryProbe;
import sc.fiji.neuralstyle.engine.NetworkCache;
import sc.fiji.neuralstyle.engine.sequence.PlaneSequence;
import sc.fiji.neuralstyle.engine.sequence.PlaneSteps;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.network.WeightsLoader;
import sc.fiji.neuralstyle.fast.training.FastStyleTrainer;
import sc.fiji.neuralstyle.fast.training.Sampling;
import sc.fiji.neuralstyle.fast.training.TrainingImages;
import sc.fiji.neuralstyle.fast.training.TrainingListener;
import sc.fiji.neuralstyle.fast.training.TrainingResult;
import sc.fiji.neuralstyle.fast.training.TrainingSettings;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.weights.DownloadListener;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.ModelDescriptor;

/**
 * The one entry every front styles through (and trains fast-style models through, {@link #train}). It
 * chooses the method: with a fast-style model, one pass of
 * it per plane ({@link FastStep}); otherwise the optimisation, on the network the settings need, from
 * the networks it keeps loaded ({@link NetworkCache}), each plane chained to the previous or held to the
 * earlier ones by temporal coherence ({@link PlaneSteps#of}). It styles the source's planes in
 * order and hands each result to the sink. The command line and Spark (through {@code headless.FileRuns}) and Fiji ({@code fiji.FijiRuns})
 * only map their inputs to a {@link Request} and a {@link PlaneSequence.Source}, and the events and
 * results to their own output.
 * <p>
 * Who holds one: Fiji's {@code StyleEngineService}, a SciJava service of the Context; the command line, one
 * per process run; a Spark executor, one per JVM (its tasks share the network); tests, their own.
 */
public final class StyleEngine implements AutoCloseable {

	/**
	 * What to style the planes with: the run as the checks described it and the images it reads.
	 *
	 * @param run the run, checked and resolved (with a model: its size, colour mode and device count)
	 * @param styles the style images, in order (none with a model)
	 * @param masks one content mask per style, or none
	 * @param init the start image that init names (a file), or null: what the settings' init says
	 */
	public record Request(RunDescription run, List<FloatImage> styles, List<FloatImage> masks, FloatImage init) {
		public Request {
			Objects.requireNonNull(run, "run");
			styles = List.copyOf(styles);
			masks = List.copyOf(masks);
		}

		/** The run's settings. */
		public StyleSettings settings() {
			return run.settings();
		}
	}

	/**
	 * What a run did.
	 *
	 * @param outcome the planes styled
	 * @param used the settings as the network used them (its layers and learning rate where the
	 *          settings left them to the network or the optimiser)
	 * @param loaded whether this run loaded the network or model (its time includes the load)
	 */
	public record Done(PlaneSequence.Outcome outcome, StyleSettings used, boolean loaded) {}

	/**
	 * What to train a fast-style model with.
	 *
	 * @param settings the style rows, network, layers, weights, size (the samples' side), seed, learning
	 *          rate (0: Adam's 0.001), device, temporal weight (0: none) and blend weights, checked
	 * @param model the model file to write
	 * @param checkpoint the checkpoint file, continued from where it holds a run of these settings
	 * @param steps training steps in all
	 * @param batchSize images (or pairs of frames) per step
	 * @param checkpointEvery steps between checkpoints
	 */
	public record Training(StyleSettings settings, Path model, Path checkpoint, int steps, int batchSize,
		int checkpointEvery)
	{}

	/** Adam's learning rate for a fast-style network when the settings leave it (pytorch/examples'). */
	static final double TRAINING_LEARNING_RATE = 1e-3;

	private final NetworkCache networks;
	private final boolean ownsNetworks;

	/** An engine with networks of its own, loaded when a run needs them, freed when it closes. */
	public StyleEngine() {
		this(new NetworkCache(), true);
	}

	/** An engine on these networks, which stay open when it closes (tests give their own loader). */
	public StyleEngine(NetworkCache networks) {
		this(networks, false);
	}

	private StyleEngine(NetworkCache networks, boolean ownsNetworks) {
		this.networks = networks;
		this.ownsNetworks = ownsNetworks;
	}

	/**
	 * Styles the source's planes in order.
	 *
	 * @param listener hears the network's load and the run, and may cancel either
	 * @throws IOException if a plane cannot be read or a result not kept; the planes done before stay
	 *           with the sink
	 * @throws LoadCancelledException if cancelled while the network loads
	 * @throws IllegalArgumentException, sc.fiji.neuralstyle.net.WeightsException as
	 *           {@link NetworkCache#acquire}; a model that cannot be read as {@code fast.StyleModelFile#load}
	 */
	public Done run(Request request, PlaneSequence.Source source, PlaneSequence.Sink sink, PlaneSequence.Listener listener)
		throws IOException
	{
		if (request.run().model() != null) {
			try (FastStep step = FastStep.open(request, networks.memory())) {
				return new Done(PlaneSequence.run(source, step, sink, listener), request.settings(), true);
			}
		}
		try (NetworkCache.Lease lease = networks.acquire(request.settings(), listener)) {
			StyleTransfer transfer = lease.transfer();
			PlaneSequence.Step step = PlaneSteps.of(transfer, request.run().temporal(), request.styles(), request.masks(),
				request.init());
			PlaneSequence.Outcome outcome = PlaneSequence.run(source, step, sink, listener);
			return new Done(outcome, transfer.settingsUsed(), lease.loaded());
		}
	}

	/**
	 * Trains a fast-style model on {@code images} in the style of {@code styles}, on the caller's thread
	 * (autograd is per thread), with a feature network of its own: the networks kept idle are freed
	 * first.
	 *
	 * @param loading hears the network's load
	 * @param listener hears the steps and may stop the run (the model is then written from the last
	 *          checkpoint)
	 * @throws IOException if a checkpoint or the model cannot be written
	 * @throws IllegalArgumentException (a {@code fast.ModelFileException} for the files) for images,
	 *           settings or a checkpoint the run cannot use, before the first step
	 */
	public TrainingResult train(Training training, TrainingImages images, List<FloatImage> styles,
		ProgressListener loading, TrainingListener listener) throws IOException
	{
		networks.releaseIdle();
		StyleSettings s = training.settings();
		ModelDescriptor model = s.network().descriptor();
		Architecture architecture = s.architecture();
		Engine engine = DjlSetup.pytorch();
		loading.status("Loading " + model.name() + " weights");
		WeightsLoader.Weights weights = networks.loader().load(model, s.weights(), Set.copyOf(architecture.weightKeys()),
			new DownloadListener() {
				@Override public void progress(long done, long total) { loading.download(done, total); }
				@Override public void message(String text) { loading.status(text); }
			});
		try (NDManager manager = NDManager.newBaseManager(Devices.resolve(s.device(), engine), engine.getEngineName());
			FeatureNetwork network = FeatureNetwork.create(architecture, s.pooling(), weights.tensors(), weights.source(),
				manager))
		{
			TrainingSettings settings = new TrainingSettings(training.steps(), training.batchSize(), s.learningRate() > 0
				? s.learningRate() : TRAINING_LEARNING_RATE, s.seed(), s.size(), Sampling.CROP, s.network().name() + " from "
					+ weights.source(), s.contentLayersUsed(), s.styleLayersUsed(),
				s.contentWeight(), s.styleWeight(), s.tvWeight(), s.temporalWeight(), s.blendWeights(styles.size()),
				training.checkpointEvery(), 0);
			FastStyleTrainer.Inputs inputs = new FastStyleTrainer.Inputs(images, styles, network, model.preprocessing(), null);
			return FastStyleTrainer.train(settings, inputs, training.model(), training.checkpoint(), listener, manager);
		}
	}

	/** The memory a run on the CPU may use, and the release of networks kept idle (for the checks). */
	public MemoryProbe memory() {
		return networks.memory();
	}

	/** The networks it holds. */
	public NetworkCache networks() {
		return networks;
	}

	/** Frees the networks, if they are its own. */
	@Override
	public void close() {
		if (ownsNetworks) networks.close();
	}
}

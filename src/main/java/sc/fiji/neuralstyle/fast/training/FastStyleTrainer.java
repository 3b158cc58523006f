package sc.fiji.neuralstyle.fast.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.files.AtomicFile;
import sc.fiji.neuralstyle.flow.OpticalFlow;
import sc.fiji.neuralstyle.net.weights.FeatureNetwork;
import sc.fiji.neuralstyle.net.Preprocessing;
import sc.fiji.neuralstyle.text.Counts;
import sc.fiji.neuralstyle.fast.FastStylizer;
import sc.fiji.neuralstyle.fast.ModelFileException;
import sc.fiji.neuralstyle.fast.StyleModelFile;
import sc.fiji.neuralstyle.fast.TransformerNet;

/**
 * Trains a fast-style network on a front's images (Johnson et al.'s training, as pytorch/examples'
 * {@code neural_style.py train}, with this project's losses): {@link TrainingSettings#steps()} steps
 * of Adam on batches the {@link BatchPlan} draws from the seed, checkpoints written atomically every
 * {@link TrainingSettings#checkpointEvery()} steps and at the last, the model written from the last
 * checkpoint.
 * <ul>
 * <li><b>Continuing.</b> A run whose checkpoint file exists continues from it when the checkpoint was
 * made with the same settings, images and styles ({@link TrainingSettings#identity()}; the number of
 * steps may differ: a longer run goes on from a shorter one), and takes the very steps an
 * uninterrupted run would (batches, crops and Adam's state come back). With other settings, or
 * damaged, the checkpoint is refused before any work ({@link #check}).</li>
 * <li><b>Cancel.</b> Between steps (the listener's {@code isCancelled}): the last checkpoint stays and
 * the model is written from it, so the model and the checkpoint agree and a new run continues.</li>
 * <li><b>Temporal training.</b> With temporal_weight above 0, each batch slot is a pair of consecutive
 * frames cropped alike, and the {@link TemporalLoss} holds the later output to the earlier one warped
 * by the content's flow ({@link FlowCache}: computed once a pair, kept).</li>
 * </ul>
 * Runs on the caller's thread (autograd is per thread); the feature network and the manager must be on
 * one device.
 */
public final class FastStyleTrainer {

	/** How many bytes of flows the temporal training keeps (3 floats a pixel: 170 pairs of 512² frames). */
	static final long FLOW_CACHE_BYTES = 512L << 20;

	/**
	 * What a run trains on.
	 *
	 * @param images the training images
	 * @param styles the style images, RGB or gray in [0, 1] (one blend weight each in the settings)
	 * @param network the feature network of the losses
	 * @param preprocessing its input's preprocessing
	 * @param heldOut an image to preview the network on every {@code previewEvery} steps, or null
	 */
	public record Inputs(TrainingImages images, List<FloatImage> styles, FeatureNetwork network, Preprocessing preprocessing,
		FloatImage heldOut)
	{

		public Inputs {
			styles = List.copyOf(styles);
		}
	}

	private FastStyleTrainer() {}

	/** The checkpoint of a model file when the front names none: {@code <name>.checkpoint.pth} beside it. */
	public static Path defaultCheckpoint(Path model) {
		String name = model.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".checkpoint.pth");
	}

	/**
	 * The rules between the settings, the images and the files, checked once before any work: images
	 * to train on, a batch they can fill, pairs of frames for the temporal loss, style images, a model
	 * and a checkpoint that can be written, and a checkpoint there that this run can continue from.
	 *
	 * @throws IllegalArgumentException (a {@link ModelFileException} for the files) in the project's
	 *           {@code name: what was wrong; what to do} form
	 */
	public static void check(TrainingSettings settings, Inputs inputs, Path model, Path checkpoint) {
		TrainingImages images = inputs.images();
		if (images.size() == 0) {
			throw new IllegalArgumentException("content: there are no images to train on; give a folder, stack or AVI of "
				+ "training images");
		}
		if (inputs.styles().isEmpty() || inputs.styles().size() != settings.styleBlend().length) {
			throw new IllegalArgumentException("style: " + Counts.of(inputs.styles().size(), "style image") + " for "
				+ Counts.of(settings.styleBlend().length, "blend weight") + "; give one weight per style image");
		}
		List<String> layers = new ArrayList<>(settings.contentLayers().names());
		layers.addAll(settings.styleLayers().names());
		int needed = inputs.network().architecture().minInputSide(layers);
		if (settings.size() < needed) {
			throw new IllegalArgumentException("size: " + settings.size() + " px is too small for the layers of "
				+ inputs.network().architecture().id() + "; give at least " + needed);
		}
		int[] candidates = candidates(settings, images);
		if (settings.temporalWeight() > 0 && candidates.length == 0) {
			throw new IllegalArgumentException("temporal_weight: the training images have no consecutive frames to hold "
				+ "together; train on a stack or AVI of a sequence, or set temporal_weight=0");
		}
		if (settings.batchSize() > candidates.length) {
			String what = settings.temporalWeight() > 0 ? Counts.of(candidates.length, "pair") + " of consecutive frames"
				: Counts.of(candidates.length, "training image");
			throw new IllegalArgumentException("batch_size: " + settings.batchSize() + " is more than the " + what
				+ "; give at most " + candidates.length + ", or more images");
		}
		writable(StyleModelFile.PARAMETER, model);
		writable(Checkpoint.PARAMETER, checkpoint);
		if (Checkpoint.exists(checkpoint)) continuable(Checkpoint.read(checkpoint), identity(settings, inputs), checkpoint);
	}

	private static void writable(String parameter, Path file) {
		try {
			AtomicFile.checkWritable(file);
		}
		catch (IOException e) {
			// AtomicFile's reasons say what was wrong, then what to do: "…; create it or choose another folder".
			String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e
				.getMessage());
			int advice = reason.indexOf("; ");
			throw new ModelFileException(parameter, file + " cannot be written: " + (advice < 0 ? reason : reason.substring(0,
				advice)), advice < 0 ? "choose a file in a folder that can be written" : reason.substring(advice + 2), e);
		}
	}

	/** Refuses a checkpoint made of other settings, naming what differs. */
	private static void continuable(Checkpoint c, Map<String, String> now, Path file) {
		if (c.identity().equals(now)) return;
		List<String> differ = new ArrayList<>();
		for (String name : now.keySet()) {
			String then = c.identity().get(name);
			if (!now.get(name).equals(then)) differ.add(name + " " + (then == null ? "unset" : then) + " (now " + now.get(name) + ")");
		}
		for (String name : c.identity().keySet()) if (!now.containsKey(name)) differ.add(name);
		throw new ModelFileException(Checkpoint.PARAMETER, file + " was written by a training run of other settings: "
			+ String.join(", ", differ.subList(0, Math.min(4, differ.size()))) + (differ.size() > 4 ? ", …" : ""),
			"run with the settings it was made with to continue it, or delete it to train from the start");
	}

	/**
	 * Trains, continuing from the checkpoint where there is one.
	 *
	 * @param manager the manager whose device trains (the feature network's); sub-managers hold the run
	 * @throws IOException when a checkpoint or the model cannot be written
	 */
	public static TrainingResult train(TrainingSettings settings, Inputs inputs, Path model, Path checkpoint,
		TrainingListener listener, NDManager manager) throws IOException
	{
		check(settings, inputs, model, checkpoint);
		Map<String, String> identity = identity(settings, inputs);
		Checkpoint start = Checkpoint.exists(checkpoint) ? Checkpoint.read(checkpoint) : null;
		try (NDManager run = manager.newSubManager();
			TransformerNet net = start != null ? TransformerNet.of(start.model(), run) : TransformerNet.initial(settings.seed(), run);
			ParameterAdam adam = new ParameterAdam(settings.learningRate(), run);
			GramTargets targets = GramTargets.of(inputs.network(), inputs.preprocessing(), settings.styleLayers(),
				inputs.styles(), settings.styleBlend(), run))
		{
			List<StepRecord> history = new ArrayList<>(start != null ? start.history() : List.of());
			int first = start != null ? start.step() : 0;
			if (start != null) adam.restore(start.adam(), start.adamSteps(), net.parameters());
			Checkpoint last = start;
			PerceptualLoss loss = new PerceptualLoss(inputs.network(), inputs.preprocessing(), settings.contentLayers(),
				settings.styleLayers(), targets, settings.contentWeight(), settings.styleWeight(), settings.tvWeight());
			boolean temporal = settings.temporalWeight() > 0;
			TrainingStep step = new TrainingStep(loss, temporal ? new TemporalLoss(settings.temporalWeight()) : null);
			Batches batches = new Batches(settings, inputs.images(), candidates(settings, inputs.images()),
				temporal ? new FlowCache(new OpticalFlow(), new OpticalFlow(), FLOW_CACHE_BYTES) : null);
			FastStylizer preview = new FastStylizer(net);

			listener.started(first, settings.steps(), List.copyOf(history));
			long elapsedBefore = history.isEmpty() ? 0 : history.get(history.size() - 1).elapsedMs();
			long started = System.nanoTime();
			boolean cancelled = false;
			for (int s = first; s < settings.steps(); s++) {
				if (listener.isCancelled()) {
					cancelled = true;
					break;
				}
				TrainingStep.Values v;
				try (NDManager scope = run.newSubManager()) {
					Batches.Batch batch = batches.batch(s, scope);
					v = step.take(net, adam, batch.images(), batch.pairs());
				}
				StepRecord record = new StepRecord(s + 1, v.total(), v.content(), v.style(), v.tv(), v.temporal(),
					elapsedBefore + (System.nanoTime() - started) / 1_000_000);
				history.add(record);
				listener.step(record, settings.steps());
				if ((s + 1) % settings.checkpointEvery() == 0 || s + 1 == settings.steps()) {
					last = new Checkpoint(s + 1, identity, net.stateDict(), adam.state(), adam.steps(), history);
					last.write(checkpoint);
					listener.checkpoint(checkpoint, s + 1);
				}
				if (inputs.heldOut() != null && settings.previewEvery() > 0 && (s + 1) % settings.previewEvery() == 0) {
					listener.preview(s + 1, preview.stylize(inputs.heldOut(), 0, run));
				}
			}
			if (last == null) {
				return new TrainingResult(settings.steps(), 0, cancelled, false, history);
			}
			StyleModelFile.write(model, last.model());
			return new TrainingResult(settings.steps(), last.step(), cancelled, true, last.history());
		}
	}

	/** What a checkpoint records of a run: its settings, its images' identity and its styles' pixels. */
	static Map<String, String> identity(TrainingSettings settings, Inputs inputs) {
		Map<String, String> identity = new TreeMap<>(settings.identity());
		identity.put("images", inputs.images().identity());
		identity.put("styles", styleDigest(inputs.styles()));
		return identity;
	}

	private static String styleDigest(List<FloatImage> styles) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (FloatImage s : styles) {
				ByteBuffer b = ByteBuffer.allocate(12 + 4 * s.data().length);
				b.putInt(s.width()).putInt(s.height()).putInt(s.channels());
				b.asFloatBuffer().put(s.data());
				sha.update(b.array());
			}
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The images a batch draws from: every image, or for the temporal loss every frame that follows another. */
	static int[] candidates(TrainingSettings settings, TrainingImages images) {
		if (settings.temporalWeight() <= 0) {
			int[] all = new int[images.size()];
			for (int i = 0; i < all.length; i++) all[i] = i;
			return all;
		}
		List<Integer> later = new ArrayList<>();
		for (int i = 1; i < images.size(); i++) if (images.follows(i)) later.add(i);
		return later.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Each step's batch as arrays: the samples' crops in 0–255 and, for pairs, their warps. */
	static final class Batches {

		record Batch(NDArray images, TemporalLoss.Pairs pairs) {
		}

		private final TrainingSettings settings;
		private final TrainingImages images;
		private final BatchPlan plan;
		private final FlowCache flows;

		Batches(TrainingSettings settings, TrainingImages images, int[] candidates, FlowCache flows) {
			this.settings = settings;
			this.images = images;
			this.plan = new BatchPlan(settings.seed(), candidates, settings.batchSize());
			this.flows = flows;
		}

		Batch batch(int step, NDManager scope) {
			int size = settings.size();
			List<BatchPlan.Sample> samples = plan.batch(step);
			int b = samples.size();
			boolean pairs = flows != null;
			int count = pairs ? 2 * b : b;
			float[] data = new float[count * 3 * size * size];
			List<TemporalLoss.Warp> warps = new ArrayList<>();
			for (int k = 0; k < b; k++) {
				BatchPlan.Sample sample = samples.get(k);
				FloatImage later = settings.sampling().working(images.read(sample.image()), size);
				int[] at = Sampling.cropAt(later.width(), later.height(), size, sample.cropSeed());
				if (pairs) {
					FloatImage earlier = settings.sampling().working(images.read(sample.image() - 1), size);
					FlowCache.Link link = flows.link(sample.image(), earlier, later);
					warps.add(TemporalLoss.Warp.of(link.backward(), link.weights(), at[0], at[1], size, size));
					put(data, k, Sampling.crop255(earlier, at[0], at[1], size));
					put(data, b + k, Sampling.crop255(later, at[0], at[1], size));
				}
				else {
					put(data, k, Sampling.crop255(later, at[0], at[1], size));
				}
			}
			NDArray array = scope.create(data, new Shape(count, 3, size, size));
			return new Batch(array, pairs ? TemporalLoss.Pairs.of(warps, scope) : null);
		}

		private static void put(float[] data, int index, float[] sample) {
			System.arraycopy(sample, 0, data, index * sample.length, sample.length);
		}
	}
}

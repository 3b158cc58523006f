package sc.fiji.neuralstyle.fast;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import sc.fiji.neuralstyle.fast.TransformerLayout.Add;
import sc.fiji.neuralstyle.fast.TransformerLayout.Conv;
import sc.fiji.neuralstyle.fast.TransformerLayout.Norm;
import sc.fiji.neuralstyle.fast.TransformerLayout.Op;
import sc.fiji.neuralstyle.fast.TransformerLayout.Relu;
import sc.fiji.neuralstyle.fast.TransformerLayout.Save;
import sc.fiji.neuralstyle.fast.TransformerLayout.Upsample;
import sc.fiji.neuralstyle.net.pth.TensorData;

/**
 * pytorch/examples' feed-forward style network (Johnson, Alahi &amp; Fei-Fei 2016, with Ulyanov et al.'s
 * instance normalisation), as {@link TransformerLayout} lists it: RGB images in 0–255 in, RGB in 0–255
 * out (not clamped).
 * <p>
 * The parameters live in the network's own sub-manager of the manager it was made with, on that
 * manager's device, and are freed by {@link #close()}. The forward pass is made of differentiable
 * operations and, like {@code net.FeatureNetwork}, frees each intermediate result as soon as the next
 * operation has read it (autograd keeps what backward needs), so a pass without gradient holds little
 * more than its two largest feature maps. Outputs belong to the input's manager.
 */
public final class TransformerNet implements AutoCloseable {

	/** DJL's code for nearest-neighbour interpolation ({@code torch::kNearest}). */
	private static final int NEAREST = 0;

	/** PyTorch's {@code InstanceNorm2d} epsilon. */
	static final double EPSILON = 1e-5;

	/**
	 * Convolutions with fewer output channels than this are run with zero channels added for a
	 * {@link #trainable} copy. The reason: PyTorch 2.7.1's CPU convolution (oneDNN) computes the
	 * gradient with respect to the input wrongly for a convolution with 3 output channels, as the last
	 * one here has (measured on an AVX-512 CPU against PyTorch 1.13 and a direct sum: a third of the
	 * values off by up to 30 %, with 8 output channels too; with 16 and more, right), a known kind of
	 * oneDNN bug (pytorch/pytorch#25101, #68868). Sixteen channels, the last 13 of zero weight and cut
	 * off again, give the same output and the right gradient, at about a fifth more work per step.
	 */
	static final int NARROWEST_DIFFERENTIATED_CONVOLUTION = 16;

	/** Owns the parameters; null for a {@link #trainable} copy, whose parameters belong to a scope. */
	private final NDManager manager;
	private final Map<String, NDArray> parameters;
	/** Whether gradients will be taken (then narrow convolutions are widened, see above). */
	private final boolean differentiated;

	private TransformerNet(NDManager manager, Map<String, NDArray> parameters, boolean differentiated) {
		this.manager = manager;
		this.parameters = Collections.unmodifiableMap(parameters);
		this.differentiated = differentiated;
	}

	/**
	 * The network with the parameters of a state dict, which must have every key of the layout with
	 * its shape (other keys are ignored: {@link StyleModelFile} checks files with messages for people).
	 *
	 * @param parent the manager whose device the parameters go to; the network uses a sub-manager of it
	 * @throws IllegalArgumentException for a missing key or another shape
	 */
	public static TransformerNet of(Map<String, TensorData> stateDict, NDManager parent) {
		NDManager manager = parent.newSubManager();
		try {
			Map<String, NDArray> parameters = new LinkedHashMap<>();
			for (Map.Entry<String, long[]> e : TransformerLayout.SHAPES.entrySet()) {
				TensorData t = stateDict.get(e.getKey());
				if (t == null || !Arrays.equals(t.shape(), e.getValue())) {
					throw new IllegalArgumentException("A TransformerNet needs " + e.getKey() + " of shape "
						+ Arrays.toString(e.getValue()) + ", not " + (t == null ? "none" : t.shapeString()));
				}
				parameters.put(e.getKey(), manager.create(t.values(), new Shape(t.shape())));
			}
			return new TransformerNet(manager, parameters, false);
		}
		catch (RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	/**
	 * A new network, initialised as PyTorch initialises {@code TransformerNet()}: each convolution's
	 * weight and bias uniform in ±1/√fan_in ({@code kaiming_uniform_(a=√5)} and its bias rule), the
	 * normalisations' weights 1 and biases 0; the numbers come from {@code seed}.
	 */
	public static TransformerNet initial(long seed, NDManager parent) {
		SplittableRandom random = new SplittableRandom(seed);
		Map<String, TensorData> stateDict = new LinkedHashMap<>();
		for (Op op : TransformerLayout.OPS) {
			if (op instanceof Conv c) {
				double bound = 1 / Math.sqrt((double) c.in() * c.kernel() * c.kernel());
				put(stateDict, c.weightKey(), uniform(random, count(c.weightKey()), bound));
				put(stateDict, c.biasKey(), uniform(random, c.out(), bound));
			}
			else if (op instanceof Norm n) {
				float[] ones = new float[n.channels()];
				Arrays.fill(ones, 1);
				put(stateDict, n.weightKey(), ones);
				put(stateDict, n.biasKey(), new float[n.channels()]);
			}
		}
		return of(stateDict, parent);
	}

	private static int count(String key) {
		long n = 1;
		for (long d : TransformerLayout.SHAPES.get(key)) n *= d;
		return Math.toIntExact(n);
	}

	private static float[] uniform(SplittableRandom random, int n, double bound) {
		float[] values = new float[n];
		for (int i = 0; i < n; i++) values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
		return values;
	}

	private static void put(Map<String, TensorData> stateDict, String key, float[] values) {
		stateDict.put(key, new TensorData(key, TransformerLayout.SHAPES.get(key), values));
	}

	/**
	 * Styles a batch of images.
	 *
	 * @param images (N, 3, H, W) float32 RGB in 0–255, H and W at least {@link #minSide()}, on
	 *          {@link #device()}
	 * @return (N, 3, H, W), in the input's manager: the network's output cropped to the input's size
	 *         (PyTorch's gives 4 ⌈H / 4⌉ × 4 ⌈W / 4⌉ pixels, the extra rows and columns past the
	 *         image's bottom and right, where the stride-2 grid puts them)
	 */
	public NDArray forward(NDArray images) {
		checkInput(images);
		NDArray out = run(images, TransformerNet::ownStatistics, -1);
		return cropTo(out, images.getShape());
	}

	/** The keys of a state dict of this network, in {@code state_dict()} order. */
	public static Set<String> stateDictKeys() {
		return TransformerLayout.SHAPES.keySet();
	}

	/** The smallest side of an image the network takes (5 px). */
	public static int minSide() {
		return TileGeometry.minSide();
	}

	/**
	 * The network's output, uncropped, with the normalisations' statistics from {@code statistics};
	 * or, with {@code stopAt} ≥ 0, the input of normalisation {@code stopAt} (its features before
	 * normalisation). For {@link TiledForward}.
	 */
	NDArray run(NDArray x, Statistics statistics, int stopAt) {
		NDArray y = x;
		Deque<NDArray> kept = new ArrayDeque<>();
		for (Op op : TransformerLayout.OPS) {
			if (op instanceof Norm n && n.index() == stopAt) return y;
			NDArray next;
			if (op instanceof Conv c) {
				NDArray padded = reflect(y, c.padding());
				next = convolve(padded, c);
				padded.close();
			}
			else if (op instanceof Norm n) {
				next = statistics.normalize(n, y, parameters.get(n.weightKey()), parameters.get(n.biasKey()));
			}
			else if (op instanceof Relu) {
				next = Activation.relu(y);
			}
			else if (op instanceof Upsample) {
				// PyTorch's nearest interpolation by 2 repeats each pixel, as theirs: one op, where two
				// repeats copied the map twice (measured: bench/fast_forward.sh).
				Shape s = y.getShape();
				next = y.getNDArrayInternal().interpolation(new long[] { 2 * s.get(2), 2 * s.get(3) }, NEAREST, false);
			}
			else if (op instanceof Save) {
				kept.push(y);
				continue;
			}
			else if (op instanceof Add) {
				NDArray residual = kept.pop();
				next = y.add(residual);
				if (residual != x) residual.close();
			}
			else {
				throw new IllegalStateException("unknown operation " + op);
			}
			if (y != x && !kept.contains(y)) y.close();
			y = next;
		}
		return y;
	}

	private NDArray convolve(NDArray padded, Conv c) {
		NDArray weight = parameters.get(c.weightKey()), bias = parameters.get(c.biasKey());
		Shape stride = new Shape(c.stride(), c.stride()), none = new Shape(0, 0), one = new Shape(1, 1);
		if (!differentiated || c.out() >= NARROWEST_DIFFERENTIATED_CONVOLUTION) {
			return Conv2d.conv2d(padded, weight, bias, stride, none, one, 1).singletonOrThrow();
		}
		long extra = NARROWEST_DIFFERENTIATED_CONVOLUTION - c.out();
		NDManager scope = padded.getManager();
		NDArray wideWeight = NDArrays.concat(new NDList(weight, scope.zeros(new Shape(extra, c.in(), c.kernel(), c.kernel()))));
		NDArray wideBias = NDArrays.concat(new NDList(bias, scope.zeros(new Shape(extra))));
		try (NDArray wide = Conv2d.conv2d(padded, wideWeight, wideBias, stride, none, one, 1).singletonOrThrow()) {
			return wide.get(new NDIndex(":, :{}", c.out()));
		}
	}

	/** How a normalisation gets its per-channel statistics. */
	@FunctionalInterface
	interface Statistics {

		/** Normalises {@code x} (N, C, H, W) and applies the affine weight and bias (C). */
		NDArray normalize(Norm norm, NDArray x, NDArray weight, NDArray bias);
	}

	/**
	 * Instance normalisation proper: each image's and channel's own mean and (biased) variance, as
	 * PyTorch's {@code instance_norm} computes it, by one batch normalisation of the images' channels
	 * side by side (N·C channels of a batch of one) with batch statistics: one fused op (and one in
	 * backward) where the mean, the deviations, their squares, the variance and the division were eight
	 * (measured: bench/fast_forward.sh). The running statistics it updates are thrown away.
	 */
	static NDArray ownStatistics(Norm norm, NDArray x, NDArray weight, NDArray bias) {
		Shape s = x.getShape();
		long n = s.get(0), channels = s.get(1);
		NDManager scope = x.getManager();
		try (NDArray side = x.reshape(1, n * channels, s.get(2), s.get(3));
			// One weight and bias per image's channel; a copy even for one image, as the block closes it.
			NDArray weights = weight.tile(n);
			NDArray biases = bias.tile(n);
			NDArray runningMean = scope.zeros(new Shape(n * channels));
			NDArray runningVar = scope.ones(new Shape(n * channels));
			NDArray normalized = side.getNDArrayInternal().batchNorm(side, runningMean, runningVar, weights, biases, 1, 0.1f,
				(float) EPSILON, true).singletonOrThrow())
		{
			return normalized.reshape(s);
		}
	}

	/**
	 * {@code x} padded by {@code p} on every side by reflection about its edge pixels (PyTorch's
	 * {@code ReflectionPad2d}: the edge itself is not repeated).
	 */
	static NDArray reflect(NDArray x, int p) {
		try (NDArray wide = reflect(x, 3, p)) {
			return reflect(wide, 2, p);
		}
	}

	private static NDArray reflect(NDArray x, int axis, int p) {
		long n = x.getShape().get(axis);
		try (NDArray head = slice(x, axis, 1, p + 1); NDArray headMirror = head.flip(axis);
			NDArray tail = slice(x, axis, n - p - 1, n - 1); NDArray tailMirror = tail.flip(axis))
		{
			return NDArrays.concat(new NDList(headMirror, x, tailMirror), axis);
		}
	}

	private static NDArray slice(NDArray x, int axis, long from, long to) {
		return axis == 3 ? x.get(new NDIndex(":, :, :, {}:{}", from, to)) : x.get(new NDIndex(":, :, {}:{}", from, to));
	}

	/** The top left {@code like}-sized part of {@code out}; {@code out} itself when it is that size. */
	static NDArray cropTo(NDArray out, Shape like) {
		long h = like.get(2), w = like.get(3);
		Shape s = out.getShape();
		if (s.get(2) == h && s.get(3) == w) return out;
		try (out) {
			return out.get(new NDIndex(":, :, :{}, :{}", h, w));
		}
	}

	private void checkInput(NDArray images) {
		Shape s = images.getShape();
		if (s.dimension() != 4 || s.get(1) != TransformerLayout.IMAGE_CHANNELS) {
			throw new IllegalArgumentException("The style network needs images of shape (N, 3, H, W), not " + s);
		}
		if (images.getDataType() != DataType.FLOAT32) {
			throw new IllegalArgumentException("The style network needs float32 images, not " + images.getDataType());
		}
		if (!images.getDevice().equals(device())) {
			throw new IllegalArgumentException("The image is on " + images.getDevice() + " but the style network on "
				+ device());
		}
		if (Math.min(s.get(2), s.get(3)) < minSide()) {
			throw new IllegalArgumentException("The image (" + s.get(3) + "×" + s.get(2) + " px) is too small for a "
				+ "fast-style network; its shorter side must be at least " + minSide() + " px");
		}
	}

	/**
	 * A copy of this network whose parameters are fresh gradient leaves in {@code scope} (which frees
	 * them): run it under a gradient collector, then read {@link #gradients()}. The parameters here are
	 * not touched, so gradients never accumulate across steps.
	 */
	public TransformerNet trainable(NDManager scope) {
		Map<String, NDArray> leaves = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
			NDArray leaf = e.getValue().duplicate();
			leaf.attach(scope);
			leaf.setRequiresGradient(true);
			leaves.put(e.getKey(), leaf);
		}
		return new TransformerNet(null, leaves, true);
	}

	/** The gradients of a {@link #trainable} copy after backward, by key; they belong to the leaves. */
	public Map<String, NDArray> gradients() {
		Map<String, NDArray> gradients = new LinkedHashMap<>();
		parameters.forEach((key, leaf) -> gradients.put(key, leaf.getGradient()));
		return gradients;
	}

	/** The parameters by state-dict key, in {@code state_dict()} order. */
	public Map<String, NDArray> parameters() {
		return parameters;
	}

	/** The parameters as a state dict, in {@code state_dict()} order (copied to the Java heap). */
	public Map<String, TensorData> stateDict() {
		Map<String, TensorData> stateDict = new LinkedHashMap<>();
		parameters.forEach((key, p) -> stateDict.put(key, new TensorData(key, p.getShape().getShape(), p.toFloatArray())));
		return stateDict;
	}

	/** The device the parameters are on; inputs must be on it too. */
	public Device device() {
		return parameters.values().iterator().next().getDevice();
	}

	/** Frees the parameters (a {@link #trainable} copy's belong to its scope). */
	@Override
	public void close() {
		if (manager != null) manager.close();
	}
}

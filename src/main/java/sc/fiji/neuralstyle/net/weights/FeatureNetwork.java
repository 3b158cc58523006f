package sc.fiji.neuralstyle.net.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import sc.fiji.neuralstyle.text.Counts;
import sc.fiji.neuralstyle.net.Architecture;
import sc.fiji.neuralstyle.net.Layer;
import sc.fiji.neuralstyle.net.LayerSpec;
import sc.fiji.neuralstyle.net.Padding;
import sc.fiji.neuralstyle.net.Pooling;
import sc.fiji.neuralstyle.net.pth.TensorData;

/**
 * The convolutional part of a pretrained network, run on NDArrays to give named layer outputs.
 * <p>
 * The weights live in the network's own sub-manager of the manager it was created with, on that
 * manager's device, and are freed by {@link #close()}. Layer outputs belong to the input's manager, so
 * a per-iteration sub-manager frees them. The forward pass is made of differentiable operations only,
 * so it can run inside a gradient collector to get the gradient with respect to the input.
 * </p>
 */
public final class FeatureNetwork implements AutoCloseable {

	/** How many present keys to show when keys are missing: enough to recognise another layout. */
	private static final int KEYS_SHOWN = 8;

	private final Architecture architecture;
	private final Pooling pooling;
	private final NDManager manager;
	/** Weight and bias of each convolution, by position in {@link Architecture#layers()}. */
	private final Map<Integer, NDArray[]> convWeights;

	/** Number of layers the last {@link #forward} actually ran; lets tests see that it stops early. */
	volatile int layersRunInLastForward;

	private FeatureNetwork(Architecture architecture, Pooling pooling, NDManager manager,
		Map<Integer, NDArray[]> convWeights)
	{
		this.architecture = architecture;
		this.pooling = pooling;
		this.manager = manager;
		this.convWeights = convWeights;
	}

	/**
	 * Builds a feature network from a state dict.
	 * <p>
	 * Every tensor of {@link Architecture#weightKeys()} must be present with the expected shape, even
	 * those of layers deeper than any that will be asked for: an incomplete or mismatched weights file is
	 * reported here, once, rather than when some later run reaches the missing layer. Other keys (such
	 * as {@code classifier.*}) are ignored. A batch normalisation after a convolution is folded into the
	 * convolution's weight and bias here (computed in double precision), so it costs nothing per run.
	 * </p>
	 *
	 * @param architecture the layer layout the state dict follows
	 * @param pooling max or average pooling
	 * @param stateDict tensors by state-dict key ({@code features.0.weight}, ...)
	 * @param sourceName where the state dict came from (e.g. a file name), used in error messages
	 * @param parent the manager whose device the weights go to; the network uses a sub-manager of it
	 * @throws IllegalArgumentException naming the source and key if a tensor is missing or has the wrong
	 *           shape
	 */
	public static FeatureNetwork create(Architecture architecture, Pooling pooling,
		Map<String, TensorData> stateDict, String sourceName, NDManager parent)
	{
		validate(architecture, stateDict, sourceName);
		NDManager manager = parent.newSubManager();
		try {
			Map<Integer, NDArray[]> weights = new HashMap<>();
			List<Layer> layers = architecture.layers();
			for (int i = 0; i < layers.size(); i++) {
				if (layers.get(i).spec() instanceof LayerSpec.Conv conv) {
					float[][] wb = ConvWeights.of(conv, stateDict, sourceName);
					weights.put(i, new NDArray[] { manager.create(wb[0], new Shape(conv.weightShape())), manager
						.create(wb[1], new Shape(conv.biasShape())) });
				}
			}
			return new FeatureNetwork(architecture, pooling, manager, weights);
		}
		catch (RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	private static void validate(Architecture architecture, Map<String, TensorData> stateDict,
		String sourceName)
	{
		List<String> missing = new ArrayList<>();
		for (Map.Entry<String, long[]> wanted : architecture.weightShapes().entrySet()) {
			String key = wanted.getKey();
			TensorData tensor = stateDict.get(key);
			if (tensor == null) {
				missing.add(key);
			}
			else if (!Arrays.equals(tensor.shape(), wanted.getValue())) {
				throw new IllegalArgumentException("weights: " + sourceName + " has '" + key + "' of shape "
					+ tensor.shapeString() + " but " + architecture.id() + " needs " + Arrays.toString(wanted.getValue())
					+ ", so it is for another network; give weights for " + architecture.id()
					+ ", or choose the network they are for");
			}
		}
		if (missing.isEmpty()) return;
		List<String> present = new ArrayList<>(new TreeSet<>(stateDict.keySet()));
		String shown = present.isEmpty() ? "none" : String.join(", ", present.subList(0, Math.min(
			KEYS_SHOWN, present.size()))) + (present.size() > KEYS_SHOWN ? ", ... (" + present.size() +
				" keys)" : "");
		throw new IllegalArgumentException("weights: " + sourceName + " lacks " + missing.size() + " of the "
			+ Counts.of(architecture.weightKeys().size(), "tensor") + " " + architecture.id() + " needs, starting with '"
			+ missing.get(0) + "' (keys present: " + shown + "), so it is for another network or layout; give weights "
			+ "for " + architecture.id() + " in torchvision's layout, or choose the network they are for");
	}

	/**
	 * Runs the network on a batch of preprocessed images, computing only the layers the requested
	 * ones depend on.
	 *
	 * @param input float32 images of shape (N, 3, H, W), already preprocessed for this network and on
	 *          {@link #device()}
	 * @param layerNames names of the layers wanted, e.g. {@code relu4_2}
	 * @return the requested layers' outputs by name, in network order; they belong to the input's
	 *         manager
	 * @throws IllegalArgumentException for an unknown layer name, a wrongly shaped input, or an input
	 *           too small to reach a requested layer
	 */
	public Map<String, NDArray> forward(NDArray input, Collection<String> layerNames) {
		return forward(input, layerNames, Padding.ZEROS);
	}

	/**
	 * {@link #forward(NDArray, Collection)} with the convolutions that read the image padding it as
	 * {@code firstPadding} says (deeper convolutions pad with zeros).
	 */
	public Map<String, NDArray> forward(NDArray input, Collection<String> layerNames, Padding firstPadding) {
		List<Layer> layers = architecture.layers();
		boolean[] wanted = new boolean[layers.size()];
		for (String name : layerNames)
			wanted[architecture.layerIndex(name)] = true;
		checkInput(input, layerNames);

		// Which layers the wanted ones depend on, and how many of those read each layer's output.
		boolean[] needed = wanted.clone();
		int[] readers = new int[layers.size()];
		for (int i = layers.size() - 1; i >= 0; i--) {
			if (!needed[i]) continue;
			for (int from : layers.get(i).inputs()) {
				if (from == Layer.NETWORK_INPUT) continue;
				needed[from] = true;
				readers[from]++;
			}
		}

		NDArray[] outputs = new NDArray[layers.size()];
		int run = 0;
		for (int i = 0; i < layers.size(); i++) {
			if (!needed[i]) continue;
			Layer layer = layers.get(i);
			List<NDArray> in = new ArrayList<>();
			for (int from : layer.inputs())
				in.add(from == Layer.NETWORK_INPUT ? input : outputs[from]);
			boolean readsImage = layer.inputs().contains(Layer.NETWORK_INPUT);
			outputs[i] = apply(i, layer.spec(), in, readsImage ? firstPadding : Padding.ZEROS);
			run++;
			// Free intermediate results nobody asked for as soon as their last reader has run: at large
			// image sizes they are most of the memory. Autograd keeps its own references to what backward
			// needs; the caller's input is never closed.
			for (int from : layer.inputs()) {
				if (from != Layer.NETWORK_INPUT && --readers[from] == 0 && !wanted[from]) {
					outputs[from].close();
					outputs[from] = null;
				}
			}
		}
		layersRunInLastForward = run;
		Map<String, NDArray> result = new LinkedHashMap<>();
		for (int i = 0; i < layers.size(); i++)
			if (wanted[i]) result.put(layers.get(i).name(), outputs[i]);
		return result;
	}

	private NDArray apply(int position, LayerSpec spec, List<NDArray> in, Padding paddingMode) {
		NDArray x = in.get(0);
		if (spec instanceof LayerSpec.Conv conv) {
			NDArray[] wb = convWeights.get(position);
			Shape stride = new Shape(conv.stride(), conv.stride());
			int pad = conv.padding();
			if (paddingMode == Padding.REPLICATE && pad > 0) {
				x = Padding.replicate(x, pad);
				pad = 0;
			}
			Shape padding = new Shape(pad, pad);
			return Conv2d.conv2d(x, wb[0], wb[1], stride, padding, new Shape(1, 1), 1).singletonOrThrow();
		}
		if (spec instanceof LayerSpec.Relu) {
			return Activation.relu(x);
		}
		if (spec instanceof LayerSpec.Concat) {
			return NDArrays.concat(new NDList(in), 1);
		}
		LayerSpec.Pool pool = (LayerSpec.Pool) spec;
		Shape kernel = new Shape(pool.kernel(), pool.kernel());
		Shape stride = new Shape(pool.stride(), pool.stride());
		Shape padding = new Shape(pool.padding(), pool.padding());
		if (pooling == Pooling.AVG && pool.switchable()) {
			// Padding, where there is some, is left out of the averages (as max pooling ignores it).
			return Pool.avgPool2d(x, kernel, stride, padding, pool.ceilMode(), false);
		}
		return Pool.maxPool2d(x, kernel, stride, padding, pool.ceilMode());
	}

	private void checkInput(NDArray input, Collection<String> layerNames) {
		Shape shape = input.getShape();
		if (shape.dimension() != 4 || shape.get(1) != 3) {
			throw new IllegalArgumentException("The network needs images of shape (N, 3, H, W), not " +
				shape);
		}
		if (input.getDataType() != DataType.FLOAT32) {
			throw new IllegalArgumentException("The network needs float32 images, not " + input
				.getDataType());
		}
		if (!input.getDevice().equals(device())) {
			throw new IllegalArgumentException("The image is on " + input.getDevice() +
				" but the network on " + device() + "; create it with a manager on " + device());
		}
		long side = Math.min(shape.get(2), shape.get(3));
		for (String name : layerNames) {
			int needed = architecture.minInputSide(name);
			if (side < needed) {
				throw new IllegalArgumentException("The image (" + shape.get(3) + "×" + shape.get(2) +
					" px) is too small for layer " + name + " of " + architecture.id() +
					"; its shorter side must be at least " + needed + " px");
			}
		}
	}

	/** The layer layout. */
	public Architecture architecture() {
		return architecture;
	}

	/** Max or average pooling. */
	public Pooling pooling() {
		return pooling;
	}

	/** The device the weights are on; inputs must be on it too. */
	public Device device() {
		return manager.getDevice();
	}

	/** Frees the weights. */
	@Override
	public void close() {
		manager.close();
	}
}

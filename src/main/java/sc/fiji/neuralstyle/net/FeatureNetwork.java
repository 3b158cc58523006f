package sc.fiji.neuralstyle.net;

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
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

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
	 * Every weight and bias of {@link Architecture#weightKeys()} must be present with the expected
	 * shape, even those of layers deeper than any that will be asked for: an incomplete or mismatched
	 * weights file is reported here, once, rather than when some later run reaches the missing layer.
	 * Other keys (such as {@code classifier.*}) are ignored.
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
			List<LayerSpec> layers = architecture.layers();
			for (int i = 0; i < layers.size(); i++) {
				if (layers.get(i) instanceof LayerSpec.Conv conv) {
					weights.put(i, new NDArray[] { toArray(manager, stateDict.get(conv.weightKey())), toArray(
						manager, stateDict.get(conv.biasKey())) });
				}
			}
			return new FeatureNetwork(architecture, pooling, manager, weights);
		}
		catch (RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	private static NDArray toArray(NDManager manager, TensorData tensor) {
		return manager.create(tensor.values(), new Shape(tensor.shape()));
	}

	private static void validate(Architecture architecture, Map<String, TensorData> stateDict,
		String sourceName)
	{
		List<String> missing = new ArrayList<>();
		for (LayerSpec.Conv conv : architecture.convolutions()) {
			checkShape(stateDict, conv.weightKey(), conv.weightShape(), architecture, sourceName, missing);
			checkShape(stateDict, conv.biasKey(), conv.biasShape(), architecture, sourceName, missing);
		}
		if (missing.isEmpty()) return;
		List<String> present = new ArrayList<>(new TreeSet<>(stateDict.keySet()));
		String shown = present.isEmpty() ? "none" : String.join(", ", present.subList(0, Math.min(
			KEYS_SHOWN, present.size()))) + (present.size() > KEYS_SHOWN ? ", ... (" + present.size() +
				" keys)" : "");
		throw new IllegalArgumentException("weights: " + sourceName + " lacks " + missing.size() + " of the "
			+ architecture.weightKeys().size() + " tensors " + architecture.id() + " needs, starting with '"
			+ missing.get(0) + "' (keys present: " + shown + "), so it is for another network or layout; give weights "
			+ "for " + architecture.id() + " in torchvision's layout, or choose the network they are for");
	}

	private static void checkShape(Map<String, TensorData> stateDict, String key, long[] expected,
		Architecture architecture, String sourceName, List<String> missing)
	{
		TensorData tensor = stateDict.get(key);
		if (tensor == null) {
			missing.add(key);
			return;
		}
		if (!Arrays.equals(tensor.shape(), expected)) {
			throw new IllegalArgumentException("weights: " + sourceName + " has '" + key + "' of shape "
				+ tensor.shapeString() + " but " + architecture.id() + " needs " + Arrays.toString(expected)
				+ ", so it is for another network; give weights for " + architecture.id()
				+ ", or choose the network they are for");
		}
	}

	/**
	 * Runs the network on a batch of preprocessed images as far as the deepest requested layer.
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
		int deepest = -1;
		for (String name : layerNames)
			deepest = Math.max(deepest, architecture.layerIndex(name));
		checkInput(input, layerNames);

		Map<String, NDArray> outputs = new LinkedHashMap<>();
		List<LayerSpec> layers = architecture.layers();
		NDArray x = input;
		boolean keepX = true; // the caller's input is never closed
		int run = 0;
		for (int i = 0; i <= deepest; i++) {
			LayerSpec layer = layers.get(i);
			NDArray y = apply(i, layer, x);
			run++;
			// Free intermediate results nobody asked for right away: at large image sizes they are most
			// of the memory. Autograd keeps its own references to what backward needs.
			if (!keepX) x.close();
			keepX = layerNames.contains(layer.name());
			if (keepX) outputs.put(layer.name(), y);
			x = y;
		}
		layersRunInLastForward = run;
		return outputs;
	}

	private NDArray apply(int index, LayerSpec layer, NDArray x) {
		if (layer instanceof LayerSpec.Conv conv) {
			NDArray[] wb = convWeights.get(index);
			Shape stride = new Shape(conv.stride(), conv.stride());
			Shape padding = new Shape(conv.padding(), conv.padding());
			return Conv2d.conv2d(x, wb[0], wb[1], stride, padding, new Shape(1, 1), 1).singletonOrThrow();
		}
		if (layer instanceof LayerSpec.Relu) {
			return Activation.relu(x);
		}
		LayerSpec.Pool pool = (LayerSpec.Pool) layer;
		Shape kernel = new Shape(pool.kernel(), pool.kernel());
		Shape stride = new Shape(pool.stride(), pool.stride());
		Shape noPadding = new Shape(0, 0);
		return switch (pooling) {
			case MAX -> Pool.maxPool2d(x, kernel, stride, noPadding, false);
			case AVG -> Pool.avgPool2d(x, kernel, stride, noPadding, false, true);
		};
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

package sc.fiji.neuralstyle.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.Objects;

/**
 * The input a pretrained network expects, and the conversion to it from RGB in [0, 1]:
 * {@code x' = (order(x) * inputRange - mean) / std}, per channel. {@code mean} and {@code std} are given
 * in the network's channel order and input range, as the models' authors publish them:
 * <ul>
 * <li>torchvision: RGB in [0, 1], mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225]
 * ({@link #TORCHVISION});</li>
 * <li>Caffe conversions: BGR in [0, 255] minus the BGR mean [103.939, 116.779, 123.68], std 1
 * ({@link #CAFFE});</li>
 * <li>torchvision's GoogLeNet: RGB in [0, 1], mean and std 0.5 on every channel, which is what its
 * {@code transform_input} makes of the ImageNet normalisation it is given.</li>
 * </ul>
 *
 * @param channelOrder the channel order the network expects
 * @param inputRange the value full intensity maps to: 1 or 255
 * @param mean per-channel mean to subtract, 3 values in the network's channel order
 * @param std per-channel standard deviation to divide by, 3 values in the network's channel order
 */
public record Preprocessing(ChannelOrder channelOrder, float inputRange, float[] mean, float[] std) {

	/** Channel order of the network input. */
	public enum ChannelOrder {
		RGB, BGR
	}

	/** torchvision's ImageNet models. */
	public static final Preprocessing TORCHVISION = new Preprocessing(ChannelOrder.RGB, 1,
		new float[] { 0.485f, 0.456f, 0.406f }, new float[] { 0.229f, 0.224f, 0.225f });

	/** Models converted from Caffe (VGG's original release). */
	public static final Preprocessing CAFFE = new Preprocessing(ChannelOrder.BGR, 255,
		new float[] { 103.939f, 116.779f, 123.68f }, new float[] { 1, 1, 1 });

	public Preprocessing {
		Objects.requireNonNull(channelOrder, "channel order");
		if (mean == null || mean.length != 3 || std == null || std.length != 3) {
			throw new IllegalArgumentException("Preprocessing needs 3 mean and 3 std values, got mean "
				+ Arrays.toString(mean) + " and std " + Arrays.toString(std));
		}
		if (!(inputRange > 0)) throw new IllegalArgumentException("Input range must be positive (1 or 255), got " + inputRange);
		for (float s : std) {
			if (!(s > 0)) throw new IllegalArgumentException("std values must be positive, got " + Arrays.toString(std));
		}
		mean = mean.clone();
		std = std.clone();
	}

	@Override
	public float[] mean() {
		return mean.clone();
	}

	@Override
	public float[] std() {
		return std.clone();
	}

	/**
	 * Converts images to network input. Differentiable: built from {@code flip}, {@code mul} and
	 * {@code sub} only, so it can sit inside the autograd graph between the optimised image and the
	 * network. The two per-channel constants it creates, like its results, belong to the input's
	 * manager.
	 *
	 * @param rgb01 float32 images, shape N,3,H,W, RGB in [0, 1]
	 * @return the network input, same shape
	 */
	public NDArray apply(NDArray rgb01) {
		Shape shape = rgb01.getShape();
		if (shape.dimension() != 4 || shape.get(1) != 3) {
			throw new IllegalArgumentException("Preprocessing expects N,3,H,W RGB images, got shape " + shape);
		}
		if (rgb01.getDataType() != DataType.FLOAT32) {
			throw new IllegalArgumentException("Preprocessing expects float32 images, got " + rgb01.getDataType());
		}
		// (x * range - mean) / std == x * (range / std) - mean / std: two ops instead of three.
		float[] scale = new float[3];
		float[] shift = new float[3];
		for (int c = 0; c < 3; c++) {
			scale[c] = inputRange / std[c];
			shift[c] = mean[c] / std[c];
		}
		NDManager manager = rgb01.getManager();
		Shape perChannel = new Shape(1, 3, 1, 1);
		NDArray scales = manager.create(scale, perChannel).toDevice(rgb01.getDevice(), false);
		NDArray shifts = manager.create(shift, perChannel).toDevice(rgb01.getDevice(), false);
		NDArray ordered = channelOrder == ChannelOrder.BGR ? rgb01.flip(1) : rgb01;
		return ordered.mul(scales).sub(shifts);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Preprocessing p && channelOrder == p.channelOrder && inputRange == p.inputRange
			&& Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
	}

	@Override
	public int hashCode() {
		return Objects.hash(channelOrder, inputRange, Arrays.hashCode(mean), Arrays.hashCode(std));
	}

	@Override
	public String toString() {
		String range = inputRange == Math.rint(inputRange) ? String.valueOf((int) inputRange) : String.valueOf(inputRange);
		return channelOrder + " in [0, " + range + "], mean "
			+ Arrays.toString(mean) + ", std " + Arrays.toString(std);
	}
}

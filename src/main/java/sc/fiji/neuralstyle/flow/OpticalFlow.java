package sc.fiji.neuralstyle.flow;

import java.util.Objects;

import boofcv.abst.flow.DenseOpticalFlow;
import boofcv.struct.flow.ImageFlow;
import boofcv.struct.image.GrayF32;

/**
 * Dense optical flow between two gray frames of one size, computed by BoofCV on the CPU. An instance
 * keeps the algorithm's buffers between calls; calls are serialised.
 */
public final class OpticalFlow {

	/** The method used unless another is asked for (chosen by measurement: docs/benchmarks.md, "Optical flow"). */
	public static final FlowMethod DEFAULT = FlowMethod.HORN_SCHUNCK_PYRAMID;

	/**
	 * BoofCV's flow settings (block matching's error bound, KLT's) are tuned for 8-bit intensities:
	 * frames in [0, 1] are scaled by this before they are handed over.
	 */
	private static final float INTENSITY_SCALE = 255;

	private final FlowMethod method;
	private final DenseOpticalFlow<GrayF32> algorithm;

	/** Flow by the default method. */
	public OpticalFlow() {
		this(DEFAULT);
	}

	/** Flow by the given method. */
	public OpticalFlow(FlowMethod method) {
		this(method, method.create());
	}

	/**
	 * Flow by a BoofCV algorithm configured otherwise than {@code method} has it (the benchmark tries
	 * settings this way).
	 *
	 * @param method the method the algorithm is an instance of
	 */
	public OpticalFlow(FlowMethod method, DenseOpticalFlow<GrayF32> algorithm) {
		this.method = Objects.requireNonNull(method, "method");
		this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
	}

	/** The method this instance uses. */
	public FlowMethod method() {
		return method;
	}

	/**
	 * The flow from {@code from} to {@code to}: for each pixel of {@code from}, where it is in {@code to}.
	 * For the temporal loss of frame t and an earlier frame t − j, {@code between(t, t − j)} is the
	 * backward flow (the one warping uses) and {@code between(t − j, t)} the forward flow the
	 * consistency check needs.
	 */
	public synchronized FlowField between(GrayFrame from, GrayFrame to) {
		Grid.same(from.width(), from.height(), to.width(), to.height(), "The frames");
		int w = from.width();
		int h = from.height();
		ImageFlow flow = new ImageFlow(w, h);
		algorithm.process(gray(from), gray(to), flow);
		float[] u = new float[w * h];
		float[] v = new float[w * h];
		for (int i = 0; i < u.length; i++) {
			ImageFlow.D d = flow.data[i];
			boolean known = d.isValid();
			u[i] = known ? d.x : Float.NaN;
			v[i] = known ? d.y : Float.NaN;
		}
		return new FlowField(w, h, u, v);
	}

	private static GrayF32 gray(GrayFrame frame) {
		GrayF32 image = new GrayF32(frame.width(), frame.height());
		float[] data = frame.data();
		for (int i = 0; i < data.length; i++) image.data[i] = data[i] * INTENSITY_SCALE;
		return image;
	}
}

package sc.fiji.neuralstyle.flow;

import java.util.function.Supplier;

import boofcv.abst.flow.DenseOpticalFlow;
import boofcv.alg.flow.ConfigBroxWarping;
import boofcv.factory.flow.ConfigHornSchunck;
import boofcv.factory.flow.ConfigHornSchunckPyramid;
import boofcv.factory.flow.ConfigOpticalFlowBlockPyramid;
import boofcv.factory.flow.FactoryDenseOpticalFlow;
import boofcv.struct.image.GrayF32;

/**
 * BoofCV's dense optical flow methods ({@code FactoryDenseOpticalFlow}), each with the settings this
 * project uses. docs/benchmarks.md ("Optical flow") has each one's end-point error and time.
 */
public enum FlowMethod {
	/**
	 * Horn–Schunck on an image pyramid with warping, smoother than BoofCV's defaults (α = 0.1, not 0.05)
	 * and with 3 warps of at most 50 iterations per level (not 10 of 150): on the benchmark's sequences
	 * that halved the error under noise, cost little at motion boundaries, and took a quarter of the time.
	 */
	HORN_SCHUNCK_PYRAMID(() -> FactoryDenseOpticalFlow.hornSchunckPyramid(hornSchunckPyramid(0.1f, 3, 50), GrayF32.class)),
	/** Brox et al.'s warping method (gradient constancy, robust penalties): BoofCV's defaults. */
	BROX_WARPING(() -> FactoryDenseOpticalFlow.broxWarping(new ConfigBroxWarping(), GrayF32.class)),
	/** Pyramidal KLT at every pixel, a 7 × 7 template (radius 3), BoofCV's other defaults. */
	KLT(() -> FactoryDenseOpticalFlow.flowKlt(null, 3, GrayF32.class, null)),
	/** Block matching on a pyramid: BoofCV's defaults (search radius 4, region radius 5). */
	REGION(() -> FactoryDenseOpticalFlow.region(new ConfigOpticalFlowBlockPyramid(), GrayF32.class)),
	/** The original Horn–Schunck, no pyramid (small motions only): BoofCV's defaults. */
	HORN_SCHUNCK(() -> FactoryDenseOpticalFlow.hornSchunck(new ConfigHornSchunck(), GrayF32.class));

	private final Supplier<DenseOpticalFlow<GrayF32>> factory;

	/**
	 * BoofCV's Horn–Schunck pyramid settings with another smoothness weight α, number of warps per
	 * level and most iterations per warp.
	 */
	public static ConfigHornSchunckPyramid hornSchunckPyramid(float alpha, int warps, int iterations) {
		ConfigHornSchunckPyramid config = new ConfigHornSchunckPyramid();
		config.alpha = alpha;
		config.numWarps = warps;
		config.maxInnerIterations = iterations;
		return config;
	}

	FlowMethod(Supplier<DenseOpticalFlow<GrayF32>> factory) {
		this.factory = factory;
	}

	/** A new instance of the BoofCV algorithm (they keep buffers: one per thread). */
	DenseOpticalFlow<GrayF32> create() {
		return factory.get();
	}
}

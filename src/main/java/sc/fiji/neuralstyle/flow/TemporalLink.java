package sc.fiji.neuralstyle.flow;

import java.util.concurrent.CompletableFuture;

/**
 * What the temporal term of frame t needs from one earlier frame t − j: the flow from t to t − j (the
 * backward flow, which warps), the flow back, and the consistency weights of t's pixels.
 *
 * @param backward flow from the current frame to the earlier one
 * @param forward flow from the earlier frame to the current one
 * @param weights {@link ConsistencyWeights} of the current frame's pixels (for several earlier frames,
 *        combine them with {@link LongTermWeights#closestFirst})
 */
public record TemporalLink(FlowField backward, FlowField forward, WeightMap weights) {

	/**
	 * Computes the link between the content frames t and t − j, both at the working size.
	 *
	 * @param current frame t's content, gray
	 * @param earlier frame t − j's content, gray
	 */
	public static TemporalLink between(OpticalFlow flow, GrayFrame current, GrayFrame earlier) {
		FlowField backward = flow.between(current, earlier);
		FlowField forward = flow.between(earlier, current);
		return new TemporalLink(backward, forward, ConsistencyWeights.of(backward, forward));
	}

	/**
	 * {@link #between(OpticalFlow, GrayFrame, GrayFrame)} with the two flows computed at once, the
	 * forward one by {@code forwardFlow} on another thread (BoofCV's solvers are single-threaded and
	 * an instance serves one call at a time): half the time on two cores, which are otherwise idle
	 * while the flow is computed.
	 *
	 * @param backwardFlow computes the flow from the current frame to the earlier one, on this thread
	 * @param forwardFlow another instance, for the flow back
	 */
	public static TemporalLink between(OpticalFlow backwardFlow, OpticalFlow forwardFlow, GrayFrame current,
		GrayFrame earlier)
	{
		if (backwardFlow == forwardFlow) return between(backwardFlow, current, earlier);
		CompletableFuture<FlowField> forward = CompletableFuture.supplyAsync(() -> forwardFlow.between(earlier, current));
		FlowField backward = backwardFlow.between(current, earlier);
		FlowField back = forward.join();
		return new TemporalLink(backward, back, ConsistencyWeights.of(backward, back));
	}

	/**
	 * The earlier frame's styled result moved onto the current frame (Ruder et al.'s ω(x_{t−j})) by
	 * whole pixels ({@link Warp#carry}: never blurred), and the weights of this link with 0 where the
	 * move repeated a pixel (the frame grew there: style it afresh).
	 *
	 * @param earlierStyled planar samples of the earlier result at the working size
	 * @param channels its number of planes
	 * @param offsets where the earlier result's texture sits
	 */
	public Moved move(float[] earlierStyled, int channels, PixelOffsets offsets) {
		Warp.Carried carried = Warp.carry(earlierStyled, channels, offsets, backward);
		float[] c = weights.data().clone();
		for (int i = 0; i < c.length; i++) {
			if (carried.repeated()[i]) c[i] = 0;
		}
		return new Moved(carried.image(), new WeightMap(weights.width(), weights.height(), c), carried.offsets());
	}

	/**
	 * An earlier result moved onto the current frame.
	 *
	 * @param image the moved result
	 * @param weights the link's weights, 0 where a pixel was repeated
	 * @param offsets where the moved texture sits ({@link PixelOffsets#keptWhere} makes the result's)
	 */
	public record Moved(WarpedImage image, WeightMap weights, PixelOffsets offsets) {}
}

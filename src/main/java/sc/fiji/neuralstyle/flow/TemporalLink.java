package sc.fiji.neuralstyle.flow;

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
	 * The earlier frame's styled result moved onto the current frame (Ruder et al.'s ω(x_{t−j})).
	 *
	 * @param earlierStyled planar samples of the earlier result at the working size
	 * @param channels its number of planes
	 */
	public WarpedImage warp(float[] earlierStyled, int channels) {
		return Warp.backward(earlierStyled, channels, backward);
	}
}

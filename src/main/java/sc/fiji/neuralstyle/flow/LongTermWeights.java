package sc.fiji.neuralstyle.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * Long-term weights, Ruder et al.'s "closest first" ({@code processFlowWeights(..., 'closestFirst')} of
 * artistic_video.lua): with the earlier frames t − j ordered closest first (j = 1, 2, 4, …), frame j
 * keeps only what the closer ones do not already cover, c_j ← max(0, c_j − Σ_{k closer} c_k), the c_k
 * already reduced. A pixel that the previous frame shows reliably is held to it alone; one disoccluded
 * there is held to the closest frame that still shows it.
 */
public final class LongTermWeights {

	private LongTermWeights() {
		// static utility
	}

	/**
	 * @param closestFirst each earlier frame's {@link ConsistencyWeights}, the closest first
	 * @return new maps in the same order; the first is a copy of the first given
	 */
	public static List<WeightMap> closestFirst(List<WeightMap> closestFirst) {
		List<WeightMap> result = new ArrayList<>(closestFirst.size());
		for (WeightMap map : closestFirst) {
			if (!result.isEmpty()) {
				Grid.same(result.get(0).width(), result.get(0).height(), map.width(), map.height(), "The weight maps");
			}
			float[] reduced = map.data().clone();
			for (WeightMap closer : result) {
				for (int i = 0; i < reduced.length; i++) reduced[i] -= closer.data()[i];
			}
			for (int i = 0; i < reduced.length; i++) reduced[i] = Math.max(0, reduced[i]);
			result.add(new WeightMap(map.width(), map.height(), reduced));
		}
		return result;
	}
}

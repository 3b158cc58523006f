package sc.fiji.neuralstyle.flow;

import java.util.Objects;

/**
 * Per-pixel weights in [0, 1], row by row: the c of the temporal loss, 0 where the flow cannot be
 * trusted.
 *
 * @param width number of columns, &gt; 0
 * @param height number of rows, &gt; 0
 * @param data {@code width * height} weights
 */
public record WeightMap(int width, int height, float[] data) {

	public WeightMap {
		Objects.requireNonNull(data, "data");
		Grid.check(width, height, data.length, "weight map");
	}

	/** The weight of column x, row y. */
	public float get(int x, int y) {
		return data[y * width + x];
	}

	/** The mean weight, the share of the frame the temporal loss holds to. */
	public double mean() {
		double sum = 0;
		for (float w : data) sum += w;
		return sum / data.length;
	}
}

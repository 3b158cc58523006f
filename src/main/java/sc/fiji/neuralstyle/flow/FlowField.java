package sc.fiji.neuralstyle.flow;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense optical flow: for each pixel (x, y) of the frame it belongs to, the point (x + u, y + v) of the
 * other frame that shows the same thing. A pixel whose flow is unknown (some methods give up on
 * featureless regions) has u = v = NaN.
 *
 * @param width number of columns, &gt; 0
 * @param height number of rows, &gt; 0
 * @param u horizontal displacements in pixels, row by row
 * @param v vertical displacements in pixels, row by row
 */
public record FlowField(int width, int height, float[] u, float[] v) {

	public FlowField {
		Objects.requireNonNull(u, "u");
		Objects.requireNonNull(v, "v");
		Grid.check(width, height, u.length, "flow field's u");
		Grid.check(width, height, v.length, "flow field's v");
	}

	/** The same displacement everywhere. */
	public static FlowField uniform(int width, int height, float u, float v) {
		float[] us = new float[width * height];
		float[] vs = new float[width * height];
		Arrays.fill(us, u);
		Arrays.fill(vs, v);
		return new FlowField(width, height, us, vs);
	}

	/** Whether pixel i (row by row) has a flow. */
	public boolean known(int i) {
		return !Float.isNaN(u[i]) && !Float.isNaN(v[i]);
	}

	/**
	 * The mean end-point error against a true flow, |w − w_true| averaged over the pixels that
	 * {@code where} selects (pixels visible in both frames, say) and this field knows.
	 *
	 * @param where one flag per pixel, or null for every pixel
	 * @return the mean error in pixels; NaN when no pixel counts
	 */
	public double endPointError(FlowField truth, boolean[] where) {
		Grid.same(width, height, truth.width, truth.height, "The flow fields");
		double sum = 0;
		int count = 0;
		for (int i = 0; i < u.length; i++) {
			if ((where != null && !where[i]) || !known(i)) continue;
			double du = u[i] - truth.u[i];
			double dv = v[i] - truth.v[i];
			sum += Math.sqrt(du * du + dv * dv);
			count++;
		}
		return count == 0 ? Double.NaN : sum / count;
	}

	/** The share of the pixels that {@code where} selects (all when null) whose flow is known. */
	public double knownFraction(boolean[] where) {
		int selected = 0;
		int known = 0;
		for (int i = 0; i < u.length; i++) {
			if (where != null && !where[i]) continue;
			selected++;
			if (known(i)) known++;
		}
		return selected == 0 ? Double.NaN : (double) known / selected;
	}
}

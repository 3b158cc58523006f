package sc.fiji.neuralstyle.flow;

import java.util.Objects;

/**
 * Where the texture of each pixel of a styled frame truly sits, as an offset from the pixel: a frame
 * moved by {@link Warp#carry} takes each pixel from the earlier pixel nearest to where the flow leads,
 * so its texture is off by up to half a pixel; the offset remembers by how much, so that the next move
 * starts from where the texture is and the errors never add up. A frame styled from its content has
 * offsets 0.
 *
 * @param width number of columns, &gt; 0
 * @param height number of rows, &gt; 0
 * @param dx horizontal offsets in pixels, row by row
 * @param dy vertical offsets in pixels, row by row
 */
public record PixelOffsets(int width, int height, float[] dx, float[] dy) {

	public PixelOffsets {
		Objects.requireNonNull(dx, "dx");
		Objects.requireNonNull(dy, "dy");
		Grid.check(width, height, dx.length, "offset field's dx");
		Grid.check(width, height, dy.length, "offset field's dy");
	}

	/** Offsets 0: a frame whose texture sits on its pixels (styled from its content). */
	public static PixelOffsets none(int width, int height) {
		return new PixelOffsets(width, height, new float[width * height], new float[width * height]);
	}

	/**
	 * These offsets where {@code kept} is at least ½, 0 elsewhere: a styled frame's offsets after its
	 * optimisation, which kept the moved pixels where the temporal loss held them and styled the others
	 * afresh.
	 *
	 * @param kept one weight per pixel (the temporal loss's c)
	 */
	public PixelOffsets keptWhere(WeightMap kept) {
		Grid.same(width, height, kept.width(), kept.height(), "The offsets and the weights");
		float[] x = dx.clone(), y = dy.clone();
		for (int i = 0; i < x.length; i++) {
			if (kept.data()[i] < 0.5f) {
				x[i] = 0;
				y[i] = 0;
			}
		}
		return new PixelOffsets(width, height, x, y);
	}
}

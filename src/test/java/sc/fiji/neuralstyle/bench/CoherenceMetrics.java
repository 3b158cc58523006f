package sc.fiji.neuralstyle.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.flow.PixelOffsets;
import sc.fiji.neuralstyle.flow.SyntheticSequence;
import sc.fiji.neuralstyle.flow.Warp;
import sc.fiji.neuralstyle.flow.WarpedImage;

/**
 * What a styled sequence is measured by against the same frames styled alone (issue 22), frame by
 * frame, from the sequence's known layers and motion:
 * <ul>
 * <li><b>trail</b>: the texture (mean |Laplacian|) in a band of {@link #BAND} px about each moving
 * object's edge, over the same for the frame styled alone; a smeared trail behind the object, or
 * its edges smoothed away, lowers it;</li>
 * <li><b>fading</b>: the same in the background, farther than the band from any object and
 * {@link #BORDER} px from the frame's edges;</li>
 * <li><b>colour drift</b>: the largest difference of a channel's mean over the frame, in grey levels
 * of 255;</li>
 * <li><b>temporal error</b> between frames t and t − 1, the mean squared difference between styled
 * frame t and styled frame t − 1 moved by the <em>true</em> motion, over the pixels visible in both;
 * also split into those in the band and those outside it. Two ways to move: carried by whole pixels
 * ({@link #carriedErrors}), which credits a texture that moves rigidly, and by bilinear
 * interpolation ({@link #bilinearErrors}, issue 17's figure), which credits a texture blurred as it
 * moves: by it a rigidly moved texture scores as badly as a new one, and a sequence that fades, best.</li>
 * </ul>
 * The band is 12 px at 160 px and scales with the frame.
 */
public final class CoherenceMetrics {

	/** The band about the objects' edges, in pixels at 160 px. */
	static final double BAND = 12;
	/** Pixels this close to the frame's edges are not background (the flow leaves the frame there). */
	static final int BORDER = 4;

	private final SyntheticSequence sequence;
	private final double band;

	public CoherenceMetrics(SyntheticSequence sequence) {
		this.sequence = sequence;
		this.band = BAND * sequence.size() / 160.0;
	}

	/** Which of frame t's pixels are within the band of an object's edge. */
	public boolean[] band(int t) {
		int size = sequence.size();
		boolean[] in = new boolean[size * size];
		for (int y = 0, i = 0; y < size; y++) {
			for (int x = 0; x < size; x++, i++) in[i] = sequence.edgeDistance(x, y, t) <= band;
		}
		return in;
	}

	/** Which of frame t's pixels are background: off the objects and their band, off the frame's edges. */
	public boolean[] background(int t) {
		int size = sequence.size();
		boolean[] in = new boolean[size * size];
		for (int y = 0, i = 0; y < size; y++) {
			for (int x = 0; x < size; x++, i++) {
				boolean inner = x >= BORDER && y >= BORDER && x < size - BORDER && y < size - BORDER;
				in[i] = inner && !sequence.onObject(x, y, t) && sequence.edgeDistance(x, y, t) > band;
			}
		}
		return in;
	}

	/**
	 * The mean |Laplacian| (4 neighbours) over the pixels selected and the channels, in grey levels;
	 * NaN if none is selected. Edge pixels (no 4 neighbours) are left out.
	 */
	public static double texture(FloatImage image, boolean[] where) {
		int w = image.width(), h = image.height(), n = w * h;
		float[] d = image.data();
		double sum = 0;
		long count = 0;
		for (int y = 1; y < h - 1; y++) {
			for (int x = 1; x < w - 1; x++) {
				int i = y * w + x;
				if (!where[i]) continue;
				for (int c = 0; c < image.channels(); c++) {
					int p = c * n + i;
					sum += Math.abs(d[p - 1] + d[p + 1] + d[p - w] + d[p + w] - 4 * d[p]);
					count++;
				}
			}
		}
		return count == 0 ? Double.NaN : 255 * sum / count;
	}

	/** The largest difference of a channel's mean between two images of one size, in grey levels. */
	public static double colourDrift(FloatImage image, FloatImage reference) {
		int n = image.width() * image.height();
		double largest = 0;
		for (int c = 0; c < image.channels(); c++) {
			double difference = 0;
			for (int i = 0; i < n; i++) difference += image.data()[c * n + i] - reference.data()[c * n + i];
			largest = Math.max(largest, Math.abs(255 * difference / n));
		}
		return largest;
	}

	/**
	 * The temporal error of one frame against the one before, as mean squares: over all the pixels
	 * visible in both, those in the band, those outside it (NaN for a sequence's first frame).
	 */
	public record Errors(double all, double inBand, double outsideBand) {

		static final Errors NONE = new Errors(Double.NaN, Double.NaN, Double.NaN);
	}

	/**
	 * One frame's figures against the frame styled alone, and its temporal errors with the earlier frame
	 * moved by the true motion by bilinear interpolation and carried by whole pixels.
	 */
	public record Frame(double trail, double fading, double drift, Errors bilinear, Errors carried) {}

	/**
	 * Each frame's figures: {@code results} the sequence styled one way, {@code alone} each frame styled
	 * alone.
	 */
	public List<Frame> frames(List<FloatImage> results, List<FloatImage> alone) {
		List<Errors> bilinear = bilinearErrors(results), carried = carriedErrors(results);
		List<Frame> frames = new ArrayList<>();
		for (int t = 0; t < results.size(); t++) {
			FloatImage image = results.get(t), still = alone.get(t);
			boolean[] band = band(t), background = background(t);
			frames.add(new Frame(texture(image, band) / texture(still, band), texture(image, background) / texture(still,
				background), colourDrift(image, still), bilinear.get(t), carried.get(t)));
		}
		return frames;
	}

	/**
	 * Per frame, the difference from the frame before moved by the true motion by bilinear interpolation
	 * ({@link Warp#backward}). A texture at the scale of a pixel, moved by a fraction of a pixel, differs
	 * from its interpolation almost as much as from a new texture: this error credits blur.
	 */
	public List<Errors> bilinearErrors(List<FloatImage> results) {
		List<Errors> errors = new ArrayList<>(List.of(Errors.NONE));
		for (int t = 1; t < results.size(); t++) {
			FloatImage before = results.get(t - 1);
			errors.add(errors(t, results.get(t), Warp.backward(before.data(), before.channels(), sequence.trueFlow(t, t
				- 1))));
		}
		return errors;
	}

	/**
	 * Per frame, the difference from the frame before carried along the true motion by whole pixels
	 * ({@link Warp#carry}, the offsets followed from the first frame): 0 for a texture that moves
	 * rigidly with what it depicts, never blurred; as large as ever for a texture made anew.
	 */
	public List<Errors> carriedErrors(List<FloatImage> results) {
		List<Errors> errors = new ArrayList<>(List.of(Errors.NONE));
		FloatImage first = results.get(0);
		PixelOffsets offsets = PixelOffsets.none(first.width(), first.height());
		for (int t = 1; t < results.size(); t++) {
			FloatImage before = results.get(t - 1);
			Warp.Carried carried = Warp.carry(before.data(), before.channels(), offsets, sequence.trueFlow(t, t - 1));
			offsets = carried.offsets();
			errors.add(errors(t, results.get(t), carried.image()));
		}
		return errors;
	}

	/** The mean squared difference between frame t and the frame before moved, over the pixels visible in both. */
	private Errors errors(int t, FloatImage now, WarpedImage moved) {
		boolean[] visible = sequence.visibleInBoth(t, t - 1), band = band(t);
		int n = now.width() * now.height();
		double[] squares = new double[2];
		long[] counts = new long[2];
		for (int i = 0; i < n; i++) {
			if (!visible[i] || !moved.valid()[i]) continue;
			int k = band[i] ? 0 : 1;
			for (int c = 0; c < now.channels(); c++) {
				double d = now.data()[c * n + i] - moved.data()[c * n + i];
				squares[k] += d * d;
				counts[k]++;
			}
		}
		return new Errors((squares[0] + squares[1]) / (counts[0] + counts[1]), squares[0] / counts[0], squares[1]
			/ counts[1]);
	}

	/** The mean over frames t ≥ 1 of one of their errors. */
	public static double mean(List<Errors> errors, ToDoubleFunction<Errors> which) {
		return errors.stream().skip(1).mapToDouble(which).average().orElse(Double.NaN);
	}
}

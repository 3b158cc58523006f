package sc.fiji.neuralstyle.engine.terms;

import java.util.List;

import sc.fiji.neuralstyle.engine.pixels.ColorTransfer;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;

/**
 * What the temporal term of one plane holds it to (Ruder, Dosovitskiy &amp; Brox): for each earlier
 * plane t−j it looks at, that plane's result moved onto this plane by the optical flow between the
 * contents, ω_j(x_{t−j}), and per-pixel weights c_j (0 where the flow cannot be trusted:
 * disocclusions, motion boundaries, outside the frame; closest first across the planes). All at the
 * result's size. {@link #NONE} for a plane that starts a sequence: the term is 0 there.
 *
 * @param links closest first
 */
public record TemporalTargets(List<Link> links) {

	/**
	 * One earlier plane.
	 *
	 * @param back how many planes back, j ≥ 1
	 * @param warped its result moved onto this plane, the result's channels
	 * @param weights c_j, one channel, in [0, 1]
	 */
	public record Link(int back, FloatImage warped, FloatImage weights) {
		public Link {
			if (weights.channels() != 1 || weights.width() != warped.width() || weights.height() != warped.height()) {
				throw new IllegalArgumentException("the weights are one channel of the warped image's size");
			}
		}
	}

	/** No earlier plane: the first of a sequence. */
	public static final TemporalTargets NONE = new TemporalTargets(List.of());

	public TemporalTargets {
		links = List.copyOf(links);
		if (links.stream().map(l -> List.of(l.warped().width(), l.warped().height(), l.warped().channels())).distinct()
			.count() > 1)
		{
			throw new IllegalArgumentException("the warped planes differ in size");
		}
	}

	/** Whether there is an earlier plane. */
	public boolean isEmpty() {
		return links.isEmpty();
	}

	/**
	 * The image the plane's optimisation starts from: the closest earlier result, warped, where its
	 * weights trust it, and {@code start} (what init gives a single image, the content by default)
	 * where they do not, c·ω(x) + (1 − c)·start.
	 *
	 * @param start at the result's size
	 */
	public FloatImage start(FloatImage start) {
		if (isEmpty()) return start;
		Link link = links.get(0);
		FloatImage warped = link.warped();
		FloatImage from = ColorTransfer.matchChannels(Resampler.resize(start, warped.width(), warped.height()),
			warped.channels());
		int n = warped.width() * warped.height();
		float[] c = link.weights().data(), w = warped.data(), s = from.data();
		float[] blended = new float[w.length];
		for (int k = 0; k < warped.channels(); k++) {
			for (int i = 0; i < n; i++) blended[k * n + i] = c[i] * w[k * n + i] + (1 - c[i]) * s[k * n + i];
		}
		return new FloatImage(warped.width(), warped.height(), warped.channels(), blended);
	}
}

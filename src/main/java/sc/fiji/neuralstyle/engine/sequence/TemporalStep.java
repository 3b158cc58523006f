package sc.fiji.neuralstyle.engine.sequence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.pixels.Resampler;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.settings.TemporalFrames;
import sc.fiji.neuralstyle.engine.terms.TemporalTargets;
import sc.fiji.neuralstyle.engine.terms.TemporalTerm;
import sc.fiji.neuralstyle.flow.GrayFrame;
import sc.fiji.neuralstyle.flow.LongTermWeights;
import sc.fiji.neuralstyle.flow.OpticalFlow;
import sc.fiji.neuralstyle.flow.PixelOffsets;
import sc.fiji.neuralstyle.flow.TemporalLink;
import sc.fiji.neuralstyle.flow.WarpedImage;
import sc.fiji.neuralstyle.flow.WeightMap;

/**
 * Temporal coherence for the planes of a sequence (Ruder, Dosovitskiy &amp; Brox, "Artistic style
 * transfer for videos"): for each earlier plane t−j of {@code temporal_frames} the optical flow between
 * the contents (at the result's size, both ways), the earlier result warped onto this plane, and the
 * consistency weights, closest first; the plane then starts from the closest warped result where the
 * flow is trusted and is held to all of them by the temporal term ({@link TemporalTerm}). The first
 * plane of a sequence is styled as a single image (its temporal term 0).
 */
public final class TemporalStep implements PlaneSequence.Step {

	private final StyleTransfer transfer;
	private final List<FloatImage> styles;
	private final List<FloatImage> masks;
	private final FloatImage init;
	private final TemporalFrames frames;
	/** The flows both ways, each with its own solver, computed at once ({@link TemporalLink#between}). */
	private final OpticalFlow backwardFlow = new OpticalFlow(), forwardFlow = new OpticalFlow();
	/**
	 * Where the texture of each earlier result of the sequence sits ({@link PixelOffsets}), nearest
	 * first, as many as {@link PlaneSequence.Earlier} holds results.
	 */
	private final Deque<PixelOffsets> offsets = new ArrayDeque<>();

	/**
	 * @param transfer the engine, whose settings give temporal_weight and temporal_frames
	 * @param init the start image init names (a file), or null: what init says
	 */
	public TemporalStep(StyleTransfer transfer, List<FloatImage> styles, List<FloatImage> masks, FloatImage init) {
		this.transfer = transfer;
		this.styles = List.copyOf(styles);
		this.masks = List.copyOf(masks);
		this.init = init;
		this.frames = transfer.settings().temporalFrames();
	}

	@Override
	public int lookBack() {
		return frames.farthest();
	}

	@Override
	public StyleResult style(int index, FloatImage content, PlaneSequence.Earlier earlier, ProgressListener listener) {
		Moves moves = moves(content, earlier, listener);
		StyleResult result = transfer.run(content, styles, masks, init, moves.targets(), listener);
		FloatImage image = result.image();
		offsets.addFirst(moves.offsets(image.width(), image.height()));
		while (offsets.size() > lookBack()) offsets.removeLast();
		return result;
	}

	@Override
	public String describe() {
		return "each starting from the previous result moved by the optical flow, held to "
			+ (frames.back().size() == 1 && frames.farthest() == 1 ? "it" : "the results of " + planesBack(frames.back()))
			+ " by the temporal term";
	}

	/** The earlier results moved onto {@code content}, closest first; NONE for a sequence's first plane. */
	TemporalTargets targets(FloatImage content, PlaneSequence.Earlier earlier, ProgressListener listener) {
		return moves(content, earlier, listener).targets();
	}

	/**
	 * The earlier results moved onto {@code content} (closest first) and where their texture then sits;
	 * none for a sequence's first plane.
	 */
	private Moves moves(FloatImage content, PlaneSequence.Earlier earlier, ProgressListener listener) {
		// A sequence starts afresh; the offsets kept are those of the earlier results the loop holds.
		if (earlier.size() == 0) offsets.clear();
		List<Integer> back = frames.back().stream().filter(j -> j <= earlier.size()).toList();
		if (back.isEmpty()) return new Moves(TemporalTargets.NONE, List.of());
		FloatImage previous = earlier.result(1);
		int w = previous.width(), h = previous.height();
		listener.status("Optical flow from " + (back.size() == 1 ? "the previous plane" : planesBack(back)) + " ("
			+ w + "×" + h + " px)");
		GrayFrame current = gray(content, w, h);
		List<TemporalLink.Moved> moved = new ArrayList<>();
		for (int j : back) {
			TemporalLink link = TemporalLink.between(backwardFlow, forwardFlow, current, gray(earlier.content(j), w, h));
			FloatImage result = earlier.result(j);
			moved.add(link.move(result.data(), result.channels(), offsetsOf(j, w, h)));
		}
		List<WeightMap> closestFirst = LongTermWeights.closestFirst(moved.stream().map(TemporalLink.Moved::weights)
			.toList());
		List<TemporalTargets.Link> links = new ArrayList<>();
		for (int k = 0; k < back.size(); k++) {
			WarpedImage image = moved.get(k).image();
			links.add(new TemporalTargets.Link(back.get(k), new FloatImage(w, h, image.channels(), image.data()),
				new FloatImage(w, h, 1, closestFirst.get(k).data())));
		}
		List<PixelOffsets> kept = new ArrayList<>();
		for (int k = 0; k < back.size(); k++) kept.add(moved.get(k).offsets().keptWhere(closestFirst.get(k)));
		return new Moves(new TemporalTargets(links), kept);
	}

	/** The offsets of plane t−j's result (none if it was not kept, or is of another size). */
	private PixelOffsets offsetsOf(int j, int w, int h) {
		if (j > offsets.size()) return PixelOffsets.none(w, h);
		PixelOffsets o = offsets.stream().skip(j - 1).findFirst().orElseThrow();
		return o.width() == w && o.height() == h ? o : PixelOffsets.none(w, h);
	}

	/**
	 * A plane's moved earlier results.
	 *
	 * @param targets what the temporal term holds the plane to
	 * @param offsets per link, where its texture sits where the link's weights hold the plane to it
	 */
	private record Moves(TemporalTargets targets, List<PixelOffsets> offsets) {

		/**
		 * Where the texture of the plane's result sits: where a link held it (closest first, each where
		 * the closer ones did not), that link's offsets; elsewhere, styled from the content, 0.
		 */
		PixelOffsets offsets(int w, int h) {
			if (offsets.isEmpty()) return PixelOffsets.none(w, h);
			float[] dx = new float[w * h], dy = new float[w * h];
			for (int k = offsets.size() - 1; k >= 0; k--) {
				PixelOffsets o = offsets.get(k);
				for (int i = 0; i < dx.length; i++) {
					if (o.dx()[i] == 0 && o.dy()[i] == 0) continue;
					dx[i] = o.dx()[i];
					dy[i] = o.dy()[i];
				}
			}
			return new PixelOffsets(w, h, dx, dy);
		}
	}

	/** "planes t−1, t−2" for distances 1, 2. */
	private static String planesBack(List<Integer> back) {
		return "planes t−" + String.join(", t−", back.stream().map(String::valueOf).toList());
	}

	private static GrayFrame gray(FloatImage image, int width, int height) {
		FloatImage resized = Resampler.resize(image, width, height);
		return GrayFrame.of(width, height, resized.channels(), resized.data());
	}
}

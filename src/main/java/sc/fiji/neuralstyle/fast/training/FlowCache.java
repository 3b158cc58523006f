package sc.fiji.neuralstyle.fast.training;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.flow.FlowField;
import sc.fiji.neuralstyle.flow.GrayFrame;
import sc.fiji.neuralstyle.flow.OpticalFlow;
import sc.fiji.neuralstyle.flow.TemporalLink;
import sc.fiji.neuralstyle.flow.WeightMap;

/**
 * The optical flow of each pair of consecutive training frames, computed once on the content frames
 * at their working size (the project's BoofCV flow and Ruder et al.'s consistency weights,
 * {@link TemporalLink}) and kept for the next time the pair is drawn: training draws each pair once
 * an epoch, and the flow costs more than a training step. What is kept is the backward flow and the
 * weights (3 floats a pixel); beyond {@code budgetBytes} the pairs used longest ago are dropped and
 * computed again when drawn.
 */
final class FlowCache {

	/** A pair's backward flow (later → earlier) and the later frame's consistency weights. */
	record Link(FlowField backward, WeightMap weights) {

		long bytes() {
			return 12L * weights.width() * weights.height();
		}
	}

	private final OpticalFlow backward;
	private final OpticalFlow forward;
	private final long budgetBytes;
	private final Map<Integer, Link> links = new LinkedHashMap<>(16, 0.75f, true);
	private long bytes;
	private int computed;

	/**
	 * @param backward computes the flow from the later frame to the earlier one
	 * @param forward another instance, for the flow back (computed at the same time on another thread)
	 */
	FlowCache(OpticalFlow backward, OpticalFlow forward, long budgetBytes) {
		this.backward = backward;
		this.forward = forward;
		this.budgetBytes = budgetBytes;
	}

	/** The link of the pair ending at frame {@code later}, both frames RGB at their working size. */
	Link link(int later, FloatImage earlierFrame, FloatImage laterFrame) {
		Link link = links.get(later);
		if (link != null && link.weights().width() == laterFrame.width() && link.weights().height() == laterFrame.height()) {
			return link;
		}
		TemporalLink t = TemporalLink.between(backward, forward, gray(laterFrame), gray(earlierFrame));
		link = new Link(t.backward(), t.weights());
		computed++;
		Link old = links.put(later, link);
		if (old != null) bytes -= old.bytes();
		bytes += link.bytes();
		for (Iterator<Link> i = links.values().iterator(); bytes > budgetBytes && links.size() > 1 && i.hasNext();) {
			Link dropped = i.next();
			if (dropped == link) continue;
			i.remove();
			bytes -= dropped.bytes();
		}
		return link;
	}

	/** How many links were computed (not found kept). */
	int computed() {
		return computed;
	}

	private static GrayFrame gray(FloatImage image) {
		return GrayFrame.of(image.width(), image.height(), image.channels(), image.data());
	}
}

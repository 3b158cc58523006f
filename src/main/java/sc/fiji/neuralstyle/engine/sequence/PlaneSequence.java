package sc.fiji.neuralstyle.engine.sequence;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.text.Counts;

/**
 * The planes of a stack styled one after another through one engine: the one loop every front
 * shares (Fiji, the command line, Spark), for a single image too (a sequence of one).
 * <p>
 * Planes are streamed: the {@link Source} is read one plane at a time and each result goes to the
 * {@link Sink} as soon as it is done; the loop itself keeps only the few earlier planes its
 * {@link Step} looks back at ({@link Step#lookBack()}), so a 2,000-frame movie never has 2,000 frames
 * in memory. Each plane starts from the previous plane's result ({@code PlaneSteps.fromPrevious}), except where
 * the source starts a new sequence (the first frame of each slice of a hyperstack).
 * <p>
 * Progress: the {@link Listener} hears when each plane starts, and every evaluation with the share
 * of the whole stack's work done as {@code workDone} (the record is the plane's own, its iterations
 * counting from 0 in each plane), so a front shows one time estimate for the stack. Cancelling keeps
 * the planes finished and the best image of the current one (if it had an evaluation).
 * <p>
 * Temporal coherence (Ruder et al.) is a {@link Step}, {@code TemporalStep}: it gets the plane's
 * content and the earlier planes' contents and results ({@link Earlier}), and decides the start image
 * and the temporal term's targets; {@code PlaneSteps.of} picks it where temporal_weight asks for it.
 */
public final class PlaneSequence {

	private PlaneSequence() {}

	/** The planes to style, read one at a time. */
	public interface Source {

		/** The number of planes, at least 1. */
		int size();

		/**
		 * Plane {@code index} (0-based, in styling order) as the engine takes it. Each call reads the
		 * plane again (from disk for a file), so an earlier plane can be had again.
		 *
		 * @throws IOException if the plane cannot be read
		 */
		FloatImage read(int index) throws IOException;

		/**
		 * Whether plane {@code index} starts a sequence of its own: it does not start from the
		 * previous plane's result and sees no earlier planes. Plane 0 always does; so does the first
		 * frame of each slice of a hyperstack with slices and frames (one sequence per slice, along
		 * time).
		 */
		default boolean startsSequence(int index) {
			return index == 0;
		}
	}

	/** Takes each plane's result as soon as it is done. */
	@FunctionalInterface
	public interface Sink {

		/**
		 * Plane {@code index}'s result (for a cancelled plane: its best image so far).
		 *
		 * @throws IOException if it cannot be kept (the run stops)
		 */
		void accept(int index, StyleResult result) throws IOException;
	}

	/**
	 * How one plane is styled, given the planes before it in its sequence. The default
	 * ({@code PlaneSteps.fromPrevious}) starts from the previous plane's result; temporal coherence plugs in
	 * here: it warps the earlier results by the flow between the contents for the start image and
	 * its temporal term.
	 */
	public interface Step {

		/**
		 * Styles plane {@code index}.
		 *
		 * @param content the plane's content, as read from the source
		 * @param earlier the earlier planes of its sequence, nearest first, at most {@link #lookBack()}
		 * @param listener hears the run and may cancel it; pass it to the engine
		 */
		StyleResult style(int index, FloatImage content, Earlier earlier, ProgressListener listener);

		/**
		 * How many earlier planes (contents and results) {@link #style} looks at; the loop keeps that
		 * many and no more (temporal frames 1, 2, 4: 4).
		 */
		default int lookBack() {
			return 1;
		}

		/** How each plane after a sequence's first is styled, for the closing sentence. */
		default String describe() {
			return "each starting from the previous result";
		}
	}

	/**
	 * The planes before the current one in its sequence, nearest first: {@code content(1)} and
	 * {@code result(1)} are plane t−1's, {@code content(j)} plane t−j's.
	 *
	 * @param contents the contents as the source gave them
	 * @param results the styled images (the engine's size)
	 */
	public record Earlier(List<FloatImage> contents, List<FloatImage> results) {

		public Earlier {
			contents = List.copyOf(contents);
			results = List.copyOf(results);
			if (contents.size() != results.size()) throw new IllegalArgumentException("one result per content");
		}

		/** None: the plane starts a sequence. */
		public static final Earlier NONE = new Earlier(List.of(), List.of());

		/** How many earlier planes there are. */
		public int size() {
			return contents.size();
		}

		/** The content of plane t−j, j ≥ 1. */
		public FloatImage content(int j) {
			return contents.get(j - 1);
		}

		/** The result of plane t−j, j ≥ 1. */
		public FloatImage result(int j) {
			return results.get(j - 1);
		}
	}

	/** Hears a sequence: the engine's events, and when each plane starts. */
	public interface Listener extends ProgressListener {

		/** Plane {@code index} (0-based) of {@code count} starts. */
		default void planeStarted(int index, int count) {}

		/**
		 * Asked before each plane after the first: true ends the sequence there, keeping the planes
		 * done. By default the same as {@link #isCancelled()}.
		 */
		default boolean stopRequested() {
			return isCancelled();
		}
	}

	/**
	 * What a plane's run gave, without its image (which went to the sink).
	 *
	 * @param index the plane's index in styling order
	 * @param losses its loss history
	 * @param reason why it ended
	 * @param message the engine's sentence about it
	 */
	public record PlaneRun(int index, List<LossRecord> losses, StopReason reason, String message) {
		public PlaneRun {
			losses = List.copyOf(losses);
		}
	}

	/**
	 * How a sequence ended.
	 *
	 * @param planes the number of planes the source has
	 * @param runs the planes styled (each given to the sink), in order; the last one may be cancelled
	 *          part-way
	 * @param how how the planes after the first were styled ({@link Step#describe()})
	 */
	public record Outcome(int planes, List<PlaneRun> runs, String how) {

		public Outcome {
			runs = List.copyOf(runs);
		}

		/** The number of planes given to the sink. */
		public int done() {
			return runs.size();
		}

		/** Whether every plane was styled to its end. */
		public boolean complete() {
			return runs.size() == planes && runs.stream().noneMatch(r -> r.reason() == StopReason.CANCELLED);
		}

		/** The loss history of each plane styled, in order. */
		public List<List<LossRecord>> losses() {
			return runs.stream().map(PlaneRun::losses).toList();
		}

		/**
		 * Why the run ended: CANCELLED if it did not get through every plane, else DIVERGED if a plane
		 * diverged, else CONVERGED if every plane converged, else COMPLETED.
		 */
		public StopReason reason() {
			if (!complete()) return StopReason.CANCELLED;
			if (runs.stream().anyMatch(r -> r.reason() == StopReason.DIVERGED)) return StopReason.DIVERGED;
			if (runs.stream().allMatch(r -> r.reason() == StopReason.CONVERGED)) return StopReason.CONVERGED;
			return StopReason.COMPLETED;
		}

		/**
		 * A sentence for the user: the engine's own for a single plane; for a stack how far it got,
		 * and the planes that diverged or converged early (three named, the others counted).
		 */
		public String message() {
			if (planes == 1) return runs.isEmpty() ? "Cancelled before the first iteration." : runs.get(0).message();
			StringBuilder s = new StringBuilder();
			int done = runs.size();
			if (!complete()) {
				boolean lastCut = done > 0 && runs.get(done - 1).reason() == StopReason.CANCELLED;
				s.append("Cancelled at plane ").append(lastCut ? done : done + 1).append(" of ").append(planes)
					.append("; the result has the ").append(done).append(done == 1 ? " plane" : " planes")
					.append(" styled so far").append(lastCut ? " (the last one as far as it got)." : ".");
			}
			else {
				s.append("Styled ").append(planes).append(" planes, ").append(how).append('.');
			}
			int notes = 0, converged = 0, diverged = 0;
			for (int i = 0; i < done; i++) {
				StopReason r = runs.get(i).reason();
				if (r != StopReason.DIVERGED && r != StopReason.CONVERGED) continue;
				if (notes++ < 3) s.append(" Plane ").append(i + 1).append(": ").append(runs.get(i).message());
				else if (r == StopReason.CONVERGED) converged++;
				else diverged++;
			}
			// The sentence names three planes; the others are counted, so that none goes unsaid.
			if (converged + diverged > 0) {
				List<String> more = new ArrayList<>();
				if (converged > 0) more.add(converged + " stopped early (the loss log's notes say where)");
				if (diverged > 0) more.add(diverged + " diverged");
				s.append(" And ").append(Counts.of(converged + diverged, "more plane")).append(": ")
					.append(String.join(", ", more)).append('.');
			}
			return s.toString();
		}
	}

	/**
	 * Styles the source's planes in order.
	 *
	 * @return the planes styled; fewer than the source has if the listener stopped the run (a plane
	 *         cancelled before its first evaluation has no image and is not counted)
	 * @throws IOException if a plane cannot be read or a result not kept; the planes done before
	 *           stay with the sink
	 */
	public static Outcome run(Source source, Step step, Sink sink, Listener listener) throws IOException {
		int n = source.size();
		int keep = Math.max(0, step.lookBack());
		Deque<FloatImage> contents = new ArrayDeque<>(), results = new ArrayDeque<>();
		List<PlaneRun> runs = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			if (i > 0 && listener.stopRequested()) break;
			if (source.startsSequence(i)) {
				contents.clear();
				results.clear();
			}
			listener.planeStarted(i, n);
			FloatImage content = source.read(i);
			StyleResult r = step.style(i, content, new Earlier(List.copyOf(contents), List.copyOf(results)),
				planeListener(listener, i, n));
			if (r.reason() == StopReason.CANCELLED && r.bestIteration() < 0) break; // nothing of it was styled
			sink.accept(i, r);
			runs.add(new PlaneRun(i, r.losses(), r.reason(), r.message()));
			if (r.reason() == StopReason.CANCELLED) break;
			if (keep > 0) {
				contents.addFirst(content);
				results.addFirst(r.image());
				while (contents.size() > keep) {
					contents.removeLast();
					results.removeLast();
				}
			}
		}
		return new Outcome(n, runs, step.describe());
	}

	/** The engine's events for plane {@code index} of {@code n}, its share of work scaled to the stack's. */
	private static ProgressListener planeListener(Listener listener, int index, int n) {
		return new ProgressListener() {
			@Override
			public void status(String message) {
				listener.status(message);
			}

			@Override
			public void download(long bytesDone, long bytesTotal) {
				listener.download(bytesDone, bytesTotal);
			}

			@Override
			public void iteration(LossRecord record, int iterations, double workDone, Supplier<FloatImage> preview) {
				listener.iteration(record, iterations, Math.min(1, (index + Math.min(1, workDone)) / n), preview);
			}

			@Override
			public boolean isCancelled() {
				return listener.isCancelled();
			}
		};
	}

	/** A source of one image (a single plane). */
	public static Source single(FloatImage image) {
		return new Source() {
			@Override
			public int size() {
				return 1;
			}

			@Override
			public FloatImage read(int index) {
				if (index != 0) throw new IndexOutOfBoundsException(index);
				return image;
			}
		};
	}
}

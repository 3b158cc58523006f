package sc.fiji.neuralstyle.engine.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StopReason;
import sc.fiji.neuralstyle.engine.progress.StyleResult;

/**
 * The plane loop without a network: a stand-in step records what each plane was given. Order, start
 * images, sequences, the earlier planes kept, progress over the whole stack, cancelling, and how many
 * planes are held at once.
 */
class PlaneSequenceTest {

	/** Plane i: a 2x2 gray image of value i. */
	private static FloatImage plane(int i) {
		return new FloatImage(2, 2, 1, new float[] { i, i, i, i });
	}

	/** A source of n planes; the planes listed start sequences of their own (besides plane 0). */
	private static final class Planes implements PlaneSequence.Source {
		final int n;
		final List<Integer> starts;
		final List<WeakReference<FloatImage>> handedOut = new ArrayList<>();
		int mostAlive;

		Planes(int n, Integer... starts) {
			this.n = n;
			this.starts = List.of(starts);
		}

		@Override
		public int size() {
			return n;
		}

		@Override
		public FloatImage read(int index) {
			mostAlive = Math.max(mostAlive, alive(handedOut));
			FloatImage p = plane(index);
			handedOut.add(new WeakReference<>(p));
			return p;
		}

		@Override
		public boolean startsSequence(int index) {
			return index == 0 || starts.contains(index);
		}
	}

	/**
	 * How many of the referents are still reachable. Full collections are asked for until the count
	 * stops falling: the loop must not hold a plane it no longer needs, so those become unreachable.
	 */
	private static int alive(List<? extends WeakReference<?>> refs) {
		int count = Integer.MAX_VALUE;
		for (int gc = 0; gc < 5; gc++) {
			System.gc();
			int now = (int) refs.stream().filter(r -> r.get() != null).count();
			if (now >= count) return now;
			count = now;
		}
		return count;
	}

	/** What a stand-in step saw for one plane. */
	private record Seen(int index, float content, List<Float> earlierContents, List<Float> earlierResults) {}

	/**
	 * Styles plane i as its content + 100 and records the start (earlier.result(1)) it would have used.
	 * Each evaluation reports half the plane's work, then all of it.
	 */
	private static final class Recording implements PlaneSequence.Step {
		final List<Seen> seen = new ArrayList<>();
		final int lookBack;

		Recording(int lookBack) {
			this.lookBack = lookBack;
		}

		@Override
		public StyleResult style(int index, FloatImage content, PlaneSequence.Earlier earlier, ProgressListener listener) {
			seen.add(new Seen(index, content.data()[0], earlier.contents().stream().map(c -> c.data()[0]).toList(),
				earlier.results().stream().map(r -> r.data()[0]).toList()));
			for (int k = 0; k < 2; k++) {
				if (listener.isCancelled()) {
					return new StyleResult(content, records(k), StopReason.CANCELLED, "cancelled", k - 1);
				}
				listener.iteration(new LossRecord(k, 1, 0, 1, 0, 0, 2), 2, (k + 1) / 2.0, () -> content);
			}
			FloatImage styled = new FloatImage(2, 2, 1, new float[] { content.data()[0] + 100, 0, 0, 0 });
			return new StyleResult(styled, records(2), StopReason.COMPLETED, "done", 1);
		}

		@Override
		public int lookBack() {
			return lookBack;
		}

		private static List<LossRecord> records(int n) {
			List<LossRecord> r = new ArrayList<>();
			for (int k = 0; k < n; k++) r.add(new LossRecord(k, 1, 0, 1, 0, 0, 2));
			return r;
		}
	}

	/** Records the planes started and the stack's share of work. */
	private static class Progress implements PlaneSequence.Listener {
		final List<Integer> started = new ArrayList<>();
		final List<Double> work = new ArrayList<>();

		@Override
		public void planeStarted(int index, int count) {
			started.add(index);
		}

		@Override
		public void iteration(LossRecord record, int iterations, double workDone, Supplier<FloatImage> preview) {
			work.add(workDone);
		}
	}

	@Test
	void eachPlaneStartsFromThePreviousResultAndSequencesStartAfresh() throws Exception {
		Recording step = new Recording(1);
		List<Integer> accepted = new ArrayList<>();
		Progress progress = new Progress();
		PlaneSequence.Outcome o = PlaneSequence.run(new Planes(5, 3), step, (i, r) -> accepted.add(i), progress);
		assertEquals(List.of(0, 1, 2, 3, 4), accepted);
		assertEquals(List.of(0, 1, 2, 3, 4), progress.started);
		assertTrue(o.complete());
		assertEquals(StopReason.COMPLETED, o.reason());
		assertEquals("Styled 5 planes, each starting from the previous result.", o.message());
		assertEquals(List.of(), step.seen.get(0).earlierResults(), "plane 0 starts from init");
		assertEquals(List.of(100f), step.seen.get(1).earlierResults(), "plane 1 from plane 0's result");
		assertEquals(List.of(101f), step.seen.get(2).earlierResults());
		assertEquals(List.of(), step.seen.get(3).earlierResults(), "plane 3 starts a sequence: from init");
		assertEquals(List.of(3f), step.seen.get(4).earlierContents());
		assertEquals(List.of(103f), step.seen.get(4).earlierResults());
		// One share of work for the stack: each plane is a fifth of it, and it only grows.
		assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
			progress.work.stream().map(w -> Math.round(w * 1e9) / 1e9).toList());
	}

	@Test
	void theStepSeesAsManyEarlierPlanesAsItLooksBackNearestFirst() throws Exception {
		Recording step = new Recording(3);
		PlaneSequence.run(new Planes(6), step, (i, r) -> { }, new Progress());
		assertEquals(List.of(4f, 3f, 2f), step.seen.get(5).earlierContents(), "planes t-1, t-2, t-3");
		assertEquals(List.of(104f, 103f, 102f), step.seen.get(5).earlierResults());
		assertEquals(List.of(1f, 0f), step.seen.get(2).earlierContents(), "fewer at the start");
	}

	@Test
	void aStopBetweenPlanesKeepsThePlanesDone() throws Exception {
		List<Integer> accepted = new ArrayList<>();
		Progress stopAfterTwo = new Progress() {
			@Override
			public boolean stopRequested() {
				return started.size() == 2;
			}
		};
		PlaneSequence.Outcome o = PlaneSequence.run(new Planes(5), new Recording(1), (i, r) -> accepted.add(i), stopAfterTwo);
		assertEquals(List.of(0, 1), accepted);
		assertEquals(2, o.done());
		assertEquals(StopReason.CANCELLED, o.reason());
		assertEquals("Cancelled at plane 3 of 5; the result has the 2 planes styled so far.", o.message());
	}

	@Test
	void aCancelInsideAPlaneKeepsItsBestImageAndEndsTheRun() throws Exception {
		List<StyleResult> accepted = new ArrayList<>();
		Progress cancelInPlaneTwo = new Progress() {
			@Override
			public boolean isCancelled() {
				return started.size() == 2 && work.size() == 3; // after plane 1's first evaluation
			}

			@Override
			public boolean stopRequested() {
				return false;
			}
		};
		PlaneSequence.Outcome o = PlaneSequence.run(new Planes(4), new Recording(1), (i, r) -> accepted.add(r),
			cancelInPlaneTwo);
		assertEquals(2, accepted.size(), "plane 0 and the best of plane 1");
		assertEquals(StopReason.CANCELLED, accepted.get(1).reason());
		assertEquals("Cancelled at plane 2 of 4; the result has the 2 planes styled so far (the last one as far as it got).",
			o.message());
	}

	@Test
	void aPlaneCancelledBeforeItsFirstEvaluationIsNotKept() throws Exception {
		List<Integer> accepted = new ArrayList<>();
		Progress cancelAtPlaneTwo = new Progress() {
			@Override
			public boolean isCancelled() {
				return started.size() == 2;
			}

			@Override
			public boolean stopRequested() {
				return false;
			}
		};
		PlaneSequence.Outcome o = PlaneSequence.run(new Planes(4), new Recording(1), (i, r) -> accepted.add(i),
			cancelAtPlaneTwo);
		assertEquals(List.of(0), accepted, "plane 1 had no evaluation: nothing of it is a result");
		assertEquals(1, o.done());
	}

	/**
	 * Planes that stop early: three are named with the engine's sentence, the others counted (issue
	 * 21: the sentence stopped after three without saying there were more).
	 */
	@Test
	void theClosingSentenceCountsTheStoppedPlanesItDoesNotName() throws Exception {
		PlaneSequence.Step stopsEarly = (index, content, earlier, listener) -> {
			listener.iteration(new LossRecord(0, 1, 0, 1, 0, 0, 2), 1, 1, () -> content);
			return new StyleResult(content, List.of(new LossRecord(0, 1, 0, 1, 0, 0, 2)), index == 5 ? StopReason.DIVERGED
				: StopReason.CONVERGED, "stopped " + index + ".", 0);
		};
		PlaneSequence.Outcome o = PlaneSequence.run(new Planes(7), stopsEarly, (i, r) -> { }, new Progress());
		assertTrue(o.message().endsWith("Plane 1: stopped 0. Plane 2: stopped 1. Plane 3: stopped 2. And 4 more planes: "
			+ "3 stopped early (the loss log's notes say where), 1 diverged."), o.message());
		PlaneSequence.Outcome four = PlaneSequence.run(new Planes(4), stopsEarly, (i, r) -> { }, new Progress());
		assertTrue(four.message().endsWith("Plane 3: stopped 2. And 1 more plane: 1 stopped early (the loss log's notes say "
			+ "where)."), four.message());
	}

	@Test
	void aSinglePlaneSaysWhatTheEngineSaid() throws Exception {
		FloatImage image = plane(7);
		List<StyleResult> accepted = new ArrayList<>();
		PlaneSequence.Outcome o = PlaneSequence.run(PlaneSequence.single(image), new Recording(1), (i, r) -> accepted.add(r),
			new Progress());
		assertEquals("done", o.message());
		assertEquals(107f, accepted.get(0).image().data()[0]);
	}

	@Test
	void planesAreStreamedNotHeld() throws Exception {
		// Results go to a sink that keeps nothing; the loop may hold the planes its step looks back at.
		int lookBack = 2;
		Planes source = new Planes(40);
		List<WeakReference<FloatImage>> results = new ArrayList<>();
		int[] mostResults = new int[1];
		PlaneSequence.run(source, new Recording(lookBack), (i, r) -> {
			mostResults[0] = Math.max(mostResults[0], alive(results));
			results.add(new WeakReference<>(r.image()));
		}, new Progress());
		// When plane t is read: planes t-1 and t-2 are kept for the step, nothing older.
		assertTrue(source.mostAlive <= lookBack, "contents alive at once: " + source.mostAlive);
		assertTrue(mostResults[0] <= lookBack, "results alive at once: " + mostResults[0]);
		assertEquals(40, results.size());
	}
}

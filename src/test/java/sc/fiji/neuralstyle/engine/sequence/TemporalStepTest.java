package sc.fiji.neuralstyle.engine.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.bench.CoherenceBenchmark;
import sc.fiji.neuralstyle.engine.djl.DjlSetup;
import sc.fiji.neuralstyle.engine.network.SeededLoader;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.ProgressListener;
import sc.fiji.neuralstyle.engine.progress.StyleResult;
import sc.fiji.neuralstyle.engine.run.StyleTransfer;
import sc.fiji.neuralstyle.engine.run.StyleTransferTest;
import sc.fiji.neuralstyle.engine.settings.Init;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.engine.settings.TemporalFrames;
import sc.fiji.neuralstyle.engine.terms.TemporalTargets;
import sc.fiji.neuralstyle.flow.SyntheticSequence;
import sc.fiji.neuralstyle.optim.OptimizerKind;
import sc.fiji.neuralstyle.params.Params;

/** Planes of a sequence with the temporal step: coherent, logged, and today's chain at temporal_weight=0. */
class TemporalStepTest {

	private static final FloatImage STYLE = StyleTransferTest.random(48, 48, 3, 2);

	@BeforeAll
	static void engine() {
		DjlSetup.pytorch();
	}

	private static StyleSettings.Builder settings(int size, int iterations) {
		return Params.defaultSettings().toBuilder().network("alexnet").size(size).iterations(iterations)
			.optimizer(OptimizerKind.ADAM).init(Init.CONTENT);
	}

	private static PlaneSequence.Source frames(SyntheticSequence sequence) {
		return new PlaneSequence.Source() {
			@Override
			public int size() {
				return sequence.frames();
			}

			@Override
			public FloatImage read(int index) {
				return new FloatImage(sequence.size(), sequence.size(), 3, sequence.frame(index));
			}
		};
	}

	/** What a sequence said and gave. */
	private static final class Heard implements PlaneSequence.Listener {
		final List<String> status = new ArrayList<>();

		@Override
		public void status(String message) {
			status.add(message);
		}
	}

	private static List<StyleResult> style(StyleSettings settings, PlaneSequence.Source source, Heard heard)
		throws IOException
	{
		List<StyleResult> results = new ArrayList<>();
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			PlaneSequence.run(source, PlaneSteps.of(transfer, settings.holdsPlanesTogether(source.size()), List.of(STYLE), List.of(), null),
				(i, r) -> results.add(r), heard);
		}
		return results;
	}

	@Test
	void temporalWeightZeroIsTodaysChainBitForBit() throws IOException {
		StyleSettings settings = settings(48, 4).temporalWeight(0).build();
		PlaneSequence.Source source = frames(SyntheticSequence.of(SyntheticSequence.Motion.PAN, 48, 3));
		List<StyleResult> sequence = style(settings, source, new Heard());
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			assertFalse(PlaneSteps.of(transfer, settings.holdsPlanesTogether(source.size()), List.of(STYLE), List.of(), null) instanceof TemporalStep);
			FloatImage previous = null;
			for (int i = 0; i < 3; i++) {
				StyleResult still = transfer.run(source.read(i), List.of(STYLE), List.of(), previous, ProgressListener.NONE);
				assertArrayEquals(still.image().data(), sequence.get(i).image().data(), "plane " + i);
				assertEquals(List.of("content", "style", "tv"), sequence.get(i).losses().get(0).terms().names());
				previous = still.image();
			}
		}
	}

	@Test
	void coherenceLowersTheErrorAgainstTheTrueMotion() throws IOException {
		SyntheticSequence sequence = SyntheticSequence.of(SyntheticSequence.Motion.PAN, 96, 4);
		List<StyleResult> chained = style(settings(96, 20).temporalWeight(0).build(), frames(sequence), new Heard());
		List<StyleResult> coherent = style(settings(96, 20).temporalWeight(1e4).build(), frames(sequence), new Heard());
		double before = CoherenceBenchmark.temporalError(sequence, chained);
		double after = CoherenceBenchmark.temporalError(sequence, coherent);
		assertTrue(after < before / 5, "temporal error " + after + " with coherence, " + before + " without");
	}

	@Test
	void everyPlaneLogsTheTemporalTermWhichEntersAtTheFinestScale() throws IOException {
		Heard heard = new Heard();
		List<StyleResult> results = style(settings(64, 6).scales(2).temporalWeight(1e3).build(),
			frames(SyntheticSequence.of(SyntheticSequence.Motion.OBJECT, 64, 3)), heard);
		for (StyleResult r : results) {
			for (LossRecord record : r.losses()) {
				assertEquals(List.of("content", "style", "tv", "temporal"), record.terms().names(), "one header for the stack");
			}
		}
		assertTrue(results.get(0).losses().stream().allMatch(r -> r.terms().get("temporal") == 0), "the first plane");
		int finest = results.get(1).losses().get(results.get(1).losses().size() - 1).scale();
		for (LossRecord r : results.get(1).losses()) {
			if (r.scale() < finest) assertEquals(0, r.terms().get("temporal"), "a coarser scale, styled as a still");
			else assertTrue(r.terms().get("temporal") > 0, "the finest scale is held to the warped plane");
		}
		assertEquals(2, heard.status.stream().filter(s -> s.startsWith("Optical flow from the previous plane")).count(),
			String.join("\n", heard.status));
	}

	@Test
	void theStepLooksBackAsFarAsTemporalFramesAndNoFurtherThanThereArePlanes() {
		StyleSettings settings = settings(32, 1).temporalWeight(1).temporalFrames(TemporalFrames.parse("4,1,2")).build();
		try (StyleTransfer transfer = StyleTransfer.open(settings, SeededLoader.INSTANCE, ProgressListener.NONE)) {
			TemporalStep step = assertInstanceOf(TemporalStep.class, PlaneSteps.of(transfer,
				settings.holdsPlanesTogether(3), List.of(STYLE), List.of(), null));
			assertEquals(4, step.lookBack());
			SyntheticSequence s = SyntheticSequence.of(SyntheticSequence.Motion.PAN, 32, 3);
			FloatImage f0 = new FloatImage(32, 32, 3, s.frame(0)), f1 = new FloatImage(32, 32, 3, s.frame(1));
			TemporalTargets targets = step.targets(new FloatImage(32, 32, 3, s.frame(2)), new PlaneSequence.Earlier(List.of(
				f1, f0), List.of(f1, f0)), ProgressListener.NONE);
			assertEquals(List.of(1, 2), targets.links().stream().map(TemporalTargets.Link::back).toList());
			assertTrue(step.targets(f0, PlaneSequence.Earlier.NONE, ProgressListener.NONE).isEmpty());
			assertTrue(step.describe().contains("t\u22121, t\u22122, t\u22124"), step.describe());
		}
	}
}

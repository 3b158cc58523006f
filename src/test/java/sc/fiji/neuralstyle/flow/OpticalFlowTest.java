package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.neuralstyle.flow.SyntheticSequence.Motion;

/**
 * The default flow on known motions at 64 px (the flow is deterministic). Bounds: 1.5 × the end-point
 * errors measured when they were set; docs/benchmarks.md, "Optical flow", gives the figures at 256 and 512 px.
 */
class OpticalFlowTest {

	@ParameterizedTest(name = "{0}, frame {1} to {2}")
	@CsvSource({
		// motion, from, to, bound in px: 1.5 × the error measured when it was set (in brackets)
		"PAN, 1, 0, 0.13", // (0.083) 0.73 px of motion
		"PAN, 0, 1, 0.15", // (0.099)
		"PAN, 3, 0, 0.07", // (0.044) 2.2 px
		"ROTATION, 1, 0, 0.13", // (0.088) 1° per frame, 0.42 px on average
		"ROTATION, 0, 1, 0.12", // (0.079)
		"ROTATION, 3, 0, 0.27", // (0.182) 3°, 1.25 px
	})
	void endPointErrorOnKnownMotionStaysBelowItsBound(Motion motion, int from, int to, double bound) {
		SyntheticSequence sequence = SyntheticSequence.of(motion, 64, 4);
		FlowField truth = sequence.trueFlow(from, to);
		boolean[] visible = sequence.visibleInBoth(from, to);
		FlowField flow = new OpticalFlow().between(sequence.gray(from), sequence.gray(to));
		double error = flow.endPointError(truth, visible);
		double motionSize = FlowField.uniform(64, 64, 0, 0).endPointError(truth, visible);
		System.out.printf("%s %d->%d: end-point error %.3f px (mean motion %.3f px)%n", motion, from, to, error, motionSize);
		assertEquals(1.0, flow.knownFraction(visible));
		assertTrue(error < bound, "end-point error " + error + " px, bound " + bound);
		assertTrue(error < motionSize / 4, "the flow explains the motion: error " + error + " of " + motionSize + " px");
	}
}

package sc.fiji.neuralstyle.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import sc.fiji.neuralstyle.flow.SyntheticSequence.Motion;

/**
 * Every method runs with the jars the build ships (the pom leaves out the parts of BoofCV's
 * dependencies that its flow does not load) and finds a pan's direction.
 */
class FlowMethodTest {

	@ParameterizedTest
	@EnumSource(FlowMethod.class)
	void everyMethodRunsWithTheShippedJarsAndFindsAPan(FlowMethod method) {
		SyntheticSequence sequence = SyntheticSequence.of(Motion.PAN, 48, 4);
		FlowField flow = new OpticalFlow(method).between(sequence.gray(3), sequence.gray(0));
		assertEquals(48, flow.width());
		boolean[] visible = sequence.visibleInBoth(3, 0);
		assertTrue(flow.knownFraction(visible) > 0.9, "known: " + flow.knownFraction(visible));
		double u = 0;
		double v = 0;
		int count = 0;
		for (int i = 0; i < visible.length; i++) {
			if (visible[i] && flow.known(i)) {
				u += flow.u()[i];
				v += flow.v()[i];
				count++;
			}
		}
		// The true flow is (-1.41, -0.84) px (3 steps of (2.5, 1.5) × 48/256, backwards).
		assertTrue(u / count < -0.7 && v / count < -0.4, method + ": mean flow " + u / count + ", " + v / count);
	}
}

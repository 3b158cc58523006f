package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Check Installation and About write ImageJ's version as ImageJ does. */
class FijiMachineTest {

	@Test
	void aReleaseHasNoBuildNumberAndADailyBuildItsOwn() {
		assertEquals("1.54p", FijiMachine.version("1.54p", "1.54p99"), "getFullVersion's 99 means a release");
		assertEquals("1.54u7", FijiMachine.version("1.54u", "1.54u07"));
		assertEquals("1.54u12", FijiMachine.version("1.54u", "1.54u12"));
	}
}

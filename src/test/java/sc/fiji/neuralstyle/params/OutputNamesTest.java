package sc.fiji.neuralstyle.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Files written beside an output. */
class OutputNamesTest {

	@Test
	void previewsAndLossesSitNextToTheOutput() {
		assertEquals(Path.of("/d/out_iter0050.png"), OutputNames.preview(Path.of("/d/out.png"), 50));
		assertEquals(Path.of("/d/out_iter0007.tif"), OutputNames.preview(Path.of("/d/out.tif"), 7));
		assertEquals(Path.of("/d/out_losses.png"), OutputNames.losses(Path.of("/d/out.tif"), ".png"));
		assertEquals(Path.of("/d/out_losses.csv"), OutputNames.losses(Path.of("/d/out"), ".csv"));
		assertEquals(Path.of("/d/.hidden_losses.csv"), OutputNames.losses(Path.of("/d/.hidden"), ".csv"));
	}
}

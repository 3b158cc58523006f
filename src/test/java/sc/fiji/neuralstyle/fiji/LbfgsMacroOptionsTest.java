package sc.fiji.neuralstyle.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.neuralstyle.engine.StyleSettings;

/** A macro call takes the L-BFGS extras under the command line's names, with no dialog field. */
class LbfgsMacroOptionsTest {

	private static StyleJob.Request request() {
		return new StyleJob.Request(Fixtures.rgb("content", 48, 40, 1), Fixtures.rgb("style", 40, 40, 2),
			Fixtures.tiny().build(), 0, false, 0, null, null);
	}

	@Test
	void historySizeAndLineSearchReachTheSettings() {
		StyleJob.Request r = NeuralStylePlugin.withLbfgsOptions(request(),
			"content=content style=style size=40 history_size=25 line_search");
		assertEquals(25, r.settings().historySize());
		assertTrue(r.settings().lineSearch());
		assertEquals(40, r.settings().size(), "size= is not confused with history_size=");
		// And the result's macro string writes them back.
		String options = MacroOptions.of(r, "relu4", "relu1");
		assertTrue(options.contains("history_size=25") && options.contains("line_search"), options);
	}

	@Test
	void withoutThemTheRequestIsUnchanged() {
		StyleJob.Request r = request();
		assertSame(r, NeuralStylePlugin.withLbfgsOptions(r, "content=content style=style"));
		assertEquals(StyleSettings.DEFAULT_HISTORY_SIZE, r.settings().historySize());
		assertFalse(r.settings().lineSearch());
	}

	@Test
	void badValuesNameTheKey() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> NeuralStylePlugin.withLbfgsOptions(request(), "history_size=many"));
		assertTrue(e.getMessage().contains("history_size"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
			() -> NeuralStylePlugin.withLbfgsOptions(request(), "history_size=0"));
		assertTrue(e.getMessage().contains("history_size"), e.getMessage());
	}
}

package sc.fiji.neuralstyle.engine.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.engine.progress.LossLog;
import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.TermValues;
import sc.fiji.neuralstyle.engine.settings.StyleSettings;
import sc.fiji.neuralstyle.params.Params;

/**
 * The objective's terms as loss-log columns: Gatys et al.'s always, a further term (the temporal term,
 * {@link TemporalTermTest} for its values whole and in tiles) a column of its own that reads back.
 */
class TermsAsPartsTest {

	@Test
	void aDefaultRunLogsGatysColumnsOnly() {
		StyleSettings defaults = Params.defaultSettings();
		assertEquals(List.of("content", "style", "tv"), TermTable.columns(defaults));
		assertEquals(List.of("content", "style", "tv"), TermTable.columns(defaults.toBuilder().tvWeight(0).contentWeight(0)
			.build()), "Gatys et al.'s columns stay where their weight is 0");
		assertEquals("iteration,total,content,style,tv,elapsed_ms,scale", LossRecord.CSV_HEADER);
		assertEquals(LossRecord.CSV_HEADER, new LossRecord(0, 1, 0, 1, 0, 0, 64).csvHeader());
	}

	@Test
	void aFurtherTermIsAColumnOfItsOwnAndReadsBack(@TempDir Path dir) throws IOException {
		List<String> names = List.of("content", "style", "tv", "temporal");
		List<LossRecord> records = List.of(new LossRecord(0, 10, TermValues.of(names, 1, 0.01, 0, 2.5), 0, 64),
			new LossRecord(1, 5.5, TermValues.of(names, 0.5, 0.005, 0, 1.25), 42, 64));
		Path csv = dir.resolve("losses.csv");
		LossLog.write(records, csv);
		assertEquals(List.of("iteration,total,content,style,tv,temporal,elapsed_ms,scale", "0,10.0,1.0,0.01,0.0,2.5,0,64",
			"1,5.5,0.5,0.005,0.0,1.25,42,64"), Files.readAllLines(csv));
		assertEquals(records, LossLog.read(csv));
		assertEquals(1.25, LossLog.read(csv).get(1).terms().get("temporal"));

		// A log of the six columns before scale still reads.
		Path old = dir.resolve("old.csv");
		Files.writeString(old, "iteration,total,content,style,tv,elapsed_ms\n0,10.0,1.0,0.01,0.0,0\n");
		assertEquals(List.of(new LossRecord(0, 10, 1, 0.01, 0, 0, 0)), LossLog.read(old));
		Files.writeString(old, "a,b\n1,2\n");
		assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> LossLog.read(old))
			.getMessage().contains("not a loss log"));
	}
}

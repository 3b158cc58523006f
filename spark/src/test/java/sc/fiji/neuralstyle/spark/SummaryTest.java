package sc.fiji.neuralstyle.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.neuralstyle.engine.progress.LossRecord;
import sc.fiji.neuralstyle.engine.progress.TermValues;

/** The summary's loss columns come from the terms the jobs used. */
class SummaryTest {

	private static Job job(int id) {
		return new Job(id, "test", Map.of("content", "c" + id + ".png", "style", "s.png", "output", "o" + id + ".png",
			"loss_log", "l" + id + ".csv"), null);
	}

	private static JobOutcome done(int id, List<LossRecord> records) {
		return new JobOutcome(id, JobOutcome.Status.DONE, "done", "o" + id + ".png", records.size(),
			JobOutcome.Losses.best(records), 1, "0", "host", "cpu", false);
	}

	@Test
	void gatysColumnsAlwaysAndAFurtherTermWhereAJobUsedIt(@TempDir Path dir) throws IOException {
		List<LossRecord> plain = List.of(new LossRecord(0, 10, 1, 0.01, 0, 0, 64), new LossRecord(1, 5, 0.5, 0.0045, 0, 9, 64));
		Summary gatys = new Summary(List.of(job(0)), List.of(done(0, plain)));
		List<String> columns = gatys.columns();
		int total = columns.indexOf("loss_total");
		assertEquals(List.of("loss_total", "loss_content", "loss_style", "loss_tv", "seconds"),
			columns.subList(total, total + 5), "the columns of a run of Gatys et al.'s terms, as before");

		List<String> names = List.of("content", "style", "tv", "temporal");
		List<LossRecord> temporal = List.of(new LossRecord(0, 12, TermValues.of(names, 1, 0.01, 0, 2), 0, 64),
			new LossRecord(1, 6, TermValues.of(names, 0.5, 0.004, 0, 1.5), 9, 64));
		Summary both = new Summary(List.of(job(0), job(1)), List.of(done(0, plain), done(1, temporal)));
		assertTrue(both.columns().contains("loss_temporal"), both.columns().toString());
		assertEquals(both.columns().indexOf("loss_tv") + 1, both.columns().indexOf("loss_temporal"), "after tv, as in the log");
		both.writeCsv(dir);
		List<String> lines = Files.readAllLines(dir.resolve(Summary.CSV));
		Map<String, String> first = row(lines, 1), second = row(lines, 2);
		assertEquals("", first.get("loss_temporal"), "a job without the term leaves it empty");
		assertEquals("1.5", second.get("loss_temporal"), "the best iteration's value");
		assertEquals("0.5", second.get("loss_content"));
	}

	private static Map<String, String> row(List<String> lines, int i) {
		String[] names = lines.get(0).split(",", -1), values = lines.get(i).split(",", -1);
		Map<String, String> row = new LinkedHashMap<>();
		for (int k = 0; k < names.length; k++) row.put(names[k], values[k]);
		return row;
	}
}

package sc.fiji.neuralstyle.spark;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import sc.fiji.neuralstyle.params.Front;
import sc.fiji.neuralstyle.params.Param;
import sc.fiji.neuralstyle.params.ParamValues;
import sc.fiji.neuralstyle.params.ParameterException;
import sc.fiji.neuralstyle.params.Params;

/**
 * A CSV manifest: a header of parameter names (content, style, output and any other the Spark
 * front offers, as in the parameter table), then one job per row. Empty cells are left out, so that
 * the command line's value (or the table's default) holds for them. Quoting is RFC 4180's.
 */
public final class Manifest {

	/**
	 * One row.
	 *
	 * @param origin "manifest.csv line N", for messages
	 * @param texts the non-empty cells, name → text
	 */
	public record Row(String origin, Map<String, String> texts) {}

	private Manifest() {}

	/**
	 * Reads the rows of a manifest.
	 *
	 * @throws ParameterException for a file that cannot be read, a column that is not a parameter,
	 *           or no content column
	 */
	public static List<Row> read(Path file) {
		String name = file.getFileName().toString();
		CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
			.setTrim(true).setIgnoreSurroundingSpaces(true).get();
		List<Row> rows = new ArrayList<>();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = format.parse(in)) {
			List<String> columns = parser.getHeaderNames();
			for (String column : columns) checkColumn(name, column);
			if (!columns.contains(Params.CONTENT.name())) {
				throw new ParameterException(SparkOptions.MANIFEST, name + " has no content column",
					"give a header line naming the columns, e.g. content,style,output");
			}
			for (CSVRecord record : parser) {
				Map<String, String> texts = new LinkedHashMap<>();
				for (String column : columns) {
					String cell = record.isSet(column) ? record.get(column) : "";
					if (!cell.isEmpty()) texts.put(column, cell);
				}
				if (texts.isEmpty()) continue;
				rows.add(new Row(name + " line " + (parser.getCurrentLineNumber()), texts));
			}
		}
		catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
			throw new ParameterException(SparkOptions.MANIFEST, file + " cannot be read as CSV (" + e.getMessage() + ")",
				"give a CSV file with a header line, e.g. content,style,output");
		}
		return rows;
	}

	/** A column must be a parameter of the Spark front; the table says what a wrong one may have meant. */
	private static void checkColumn(String file, String column) {
		Param<?> p = Params.named(column);
		if (p != null && p.offeredBy(Front.SPARK)) return;
		try {
			ParamValues.parse(Map.of(column, "x"), Front.SPARK);
		}
		catch (ParameterException e) {
			throw new ParameterException(SparkOptions.MANIFEST, "the column " + e.parameter() + ": " + e.problem() + " in "
				+ file, e.advice());
		}
	}
}

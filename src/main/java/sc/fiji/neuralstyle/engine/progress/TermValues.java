package sc.fiji.neuralstyle.engine.progress;

import java.util.Arrays;
import java.util.List;

/**
 * The unweighted values of the objective's terms at one evaluation, one per loss-log column, in the
 * log's order ({@code TermTable}).
 */
public final class TermValues {

	/** The columns of a run with only Gatys et al.'s terms (the default). */
	static final List<String> GATYS = List.of("content", "style", "tv");

	private final List<String> names;
	private final double[] values;

	private TermValues(List<String> names, double[] values) {
		if (names.size() != values.length) {
			throw new IllegalArgumentException(values.length + " values for the terms " + names);
		}
		this.names = List.copyOf(names);
		this.values = values.clone();
	}

	/** The values of the named terms, in that order. */
	public static TermValues of(List<String> names, double... values) {
		return new TermValues(names, values);
	}

	/** The values of Gatys et al.'s three terms, the loss log's columns of a run with nothing else. */
	public static TermValues of(double content, double style, double tv) {
		return new TermValues(GATYS, new double[] { content, style, tv });
	}

	/** The terms' names (loss-log columns), in order. */
	public List<String> names() {
		return names;
	}

	/** The value of the i-th term. */
	public double value(int i) {
		return values[i];
	}

	/** The value of a term; NaN if this evaluation has no such term. */
	public double get(String name) {
		int i = names.indexOf(name);
		return i < 0 ? Double.NaN : values[i];
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TermValues t && names.equals(t.names) && Arrays.equals(values, t.values);
	}

	@Override
	public int hashCode() {
		return names.hashCode() * 31 + Arrays.hashCode(values);
	}

	@Override
	public String toString() {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < values.length; i++) s.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(values[i]);
		return s.toString();
	}
}

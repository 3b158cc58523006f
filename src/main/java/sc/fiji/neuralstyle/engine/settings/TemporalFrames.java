package sc.fiji.neuralstyle.engine.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import sc.fiji.neuralstyle.text.BadValueException;

/**
 * The {@code temporal_frames} parameter: which earlier planes of a sequence the temporal term holds
 * a plane to, as distances back: {@code 1} the previous plane only (Ruder et al.'s short-term
 * consistency), {@code 1,2,4} also planes t−2 and t−4 (long-term, weighted closest first).
 *
 * @param back the distances, ascending, each at least 1, no two alike
 */
public record TemporalFrames(List<Integer> back) {

	/** The previous plane only (the default). */
	public static final TemporalFrames PREVIOUS = new TemporalFrames(List.of(1));

	public TemporalFrames {
		back = List.copyOf(back);
		if (back.isEmpty()) throw new BadValueException("temporal_frames", "no frame given", "give e.g. 1 or 1,2,4");
		for (int i = 0; i < back.size(); i++) {
			if (back.get(i) < 1 || i > 0 && back.get(i) <= back.get(i - 1)) {
				throw new BadValueException("temporal_frames", back + " is not ascending distances of at least 1",
					"give e.g. 1 or 1,2,4");
			}
		}
	}

	/**
	 * Parses distances separated by commas, e.g. {@code 1,2,4} (in any order).
	 *
	 * @throws IllegalArgumentException naming temporal_frames, what was wrong and what to give
	 */
	public static TemporalFrames parse(String text) {
		String t = text == null ? "" : text.strip();
		List<Integer> values = new ArrayList<>();
		for (String part : t.split(",", -1)) {
			String p = part.strip();
			int v;
			try {
				v = Integer.parseInt(p);
			}
			catch (NumberFormatException e) {
				throw new BadValueException("temporal_frames", "'" + text + "' is not a list of whole numbers",
					"give distances back in frames separated by commas, e.g. 1 or 1,2,4");
			}
			if (v < 1) {
				throw new BadValueException("temporal_frames", v + " is not a frame before the current one",
					"give distances of at least 1 (1 is the previous frame), e.g. 1,2,4");
			}
			values.add(v);
		}
		TreeSet<Integer> distinct = new TreeSet<>(values);
		if (distinct.size() != values.size()) {
			throw new BadValueException("temporal_frames", "'" + text + "' names a frame twice", "give each distance once, "
				+ "e.g. 1,2,4");
		}
		return new TemporalFrames(List.copyOf(distinct));
	}

	/** The farthest plane back, how many earlier planes a step keeps. */
	public int farthest() {
		return back.get(back.size() - 1);
	}

	/** The parameter's text, e.g. {@code 1,2,4}. */
	@Override
	public String toString() {
		return String.join(",", back.stream().map(String::valueOf).toList());
	}
}

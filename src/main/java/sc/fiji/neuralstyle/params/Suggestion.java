package sc.fiji.neuralstyle.params;

import java.util.List;

/** "Did you mean …?" for a mistyped parameter name. */
final class Suggestion {

	private Suggestion() {}

	/** The known name closest to {@code typed} (edit distance at most 2, or one containing the other), or null. */
	static String closest(String typed, List<String> known) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String name : known) {
			int d = distance(typed, name);
			if (d < bestDistance) {
				bestDistance = d;
				best = name;
			}
		}
		if (best != null && (bestDistance <= 2 || best.contains(typed) && typed.length() >= 4)) return best;
		return null;
	}

	/** Levenshtein distance. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1], current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) previous[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] t = previous;
			previous = current;
			current = t;
		}
		return previous[b.length()];
	}
}

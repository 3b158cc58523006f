package sc.fiji.neuralstyle.params;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several parameter problems found by one check, each typed (parameter, what was wrong, what to do),
 * so that a user fixes them in one go rather than one run at a time. It reads as its first problem
 * ({@link #parameter()}, {@link #problem()}, {@link #advice()}); its message is every problem's, one
 * a line, and a front that words them its own way takes {@link #problems()}.
 */
public final class ParameterProblems extends ParameterException {

	private static final long serialVersionUID = 1L;

	private final List<ParameterException> problems;

	private ParameterProblems(List<ParameterException> problems) {
		super(problems.get(0).parameter(), problems.get(0).problem(), problems.get(0).advice());
		this.problems = List.copyOf(problems);
	}

	@Override
	public List<ParameterException> problems() {
		return problems;
	}

	/** Every problem's message, one a line. */
	@Override
	public String getMessage() {
		return problems.stream().map(ParameterException::getMessage).collect(Collectors.joining("\n"));
	}

	/**
	 * Gathers the problems of rules that do not depend on each other: each rule runs, whatever the
	 * others found.
	 */
	static final class Collector {

		private final List<ParameterException> found = new ArrayList<>();

		/** Runs a rule and keeps what it finds. */
		void check(Runnable rule) {
			try {
				rule.run();
			}
			catch (ParameterException e) {
				add(e);
			}
		}

		/** Keeps a problem a rule found. */
		void add(ParameterException problem) {
			found.addAll(problem.problems());
		}

		/** Whether a rule found a problem so far. */
		boolean any() {
			return !found.isEmpty();
		}

		/**
		 * Throws what was found: the one problem as it is, several as {@link ParameterProblems}.
		 *
		 * @throws ParameterException if any rule found a problem
		 */
		void throwIfAny() {
			if (found.size() == 1) throw found.get(0);
			if (!found.isEmpty()) throw new ParameterProblems(found);
		}
	}
}

package sc.fiji.neuralstyle.text;

/**
 * A value that cannot work, in the project's form {@code name: what was wrong; what to do}, its parts
 * kept apart: whoever catches it takes the parts it needs ({@link #problem()}, {@link #advice()}) and
 * never takes the message apart. Thrown where the value is judged (a parser, a rule); the name and the
 * advice may be left to the caller, which knows the parameter.
 */
public class BadValueException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String name;
	private final String problem;
	private final String advice;

	/**
	 * @param name the parameter or setting, or null where the caller names it
	 * @param problem what was wrong, e.g. {@code 0 is too small}
	 * @param advice what to do, e.g. {@code give a whole number of at least 1}; null where the caller's
	 *          own advice applies
	 */
	public BadValueException(String name, String problem, String advice) {
		super((name != null ? name + ": " : "") + (advice != null ? sentence(problem) + "; " + advice : problem));
		this.name = name;
		this.problem = problem;
		this.advice = advice;
	}

	/** A problem without a name or advice of its own: the caller gives both. */
	public BadValueException(String problem) {
		this(null, problem, null);
	}

	/** A problem that ends a sentence loses its full stop before the advice: never ".;". */
	static String sentence(String problem) {
		return problem.endsWith(".") && !problem.endsWith("..") ? problem.substring(0, problem.length() - 1) : problem;
	}

	/** The parameter or setting, or null. */
	public String name() {
		return name;
	}

	/** What was wrong. */
	public String problem() {
		return problem;
	}

	/** What to do, or null. */
	public String advice() {
		return advice;
	}
}

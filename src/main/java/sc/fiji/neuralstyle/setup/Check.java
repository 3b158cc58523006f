package sc.fiji.neuralstyle.setup;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of one check of the installation.
 *
 * @param name what was checked, e.g. "Java" or "vgg19 weights"
 * @param status ok, warning or failed
 * @param detail what was found
 * @param todo what to do about it; empty when there is nothing to do
 */
public record Check(String name, Status status, String detail, String todo) {

	/** How a check came out. */
	public enum Status {
		/** Nothing to do. */
		OK,
		/** Works, but something is missing or worth knowing (a weights file not downloaded yet). */
		WARNING,
		/** Runs will fail (or give wrong results) until this is fixed. */
		FAILED;

		/** "ok", "warning" or "failed". */
		public String word() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public Check {
		Objects.requireNonNull(name);
		Objects.requireNonNull(status);
		Objects.requireNonNull(detail);
		todo = todo == null ? "" : todo;
	}

	static Check ok(String name, String detail) {
		return new Check(name, Status.OK, detail, "");
	}

	static Check warning(String name, String detail, String todo) {
		return new Check(name, Status.WARNING, detail, todo);
	}

	static Check failed(String name, String detail, String todo) {
		return new Check(name, Status.FAILED, detail, todo);
	}

	/**
	 * One line for a report: {@code status  name: detail; todo} (a detail that ends a sentence loses
	 * its full stop before the todo: no ".;").
	 */
	public String line() {
		String d = !todo.isEmpty() && detail.endsWith(".") ? detail.substring(0, detail.length() - 1) : detail;
		return String.format(Locale.ROOT, "%-8s %s: %s%s", status.word(), name, d, todo.isEmpty() ? "" : "; " + todo);
	}
}

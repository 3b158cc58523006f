package sc.fiji.neuralstyle.setup;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The checks of an installation, in the order they ran.
 *
 * @param checks one per thing checked
 */
public record CheckReport(List<Check> checks) {

	public CheckReport {
		checks = List.copyOf(checks);
	}

	/** Whether any check failed. */
	public boolean failed() {
		return checks.stream().anyMatch(c -> c.status() == Check.Status.FAILED);
	}

	/** The command line's exit code: 0 when nothing failed, 1 otherwise. */
	public int exitCode() {
		return failed() ? 1 : 0;
	}

	/** How many checks came out with this status. */
	public long count(Check.Status status) {
		return checks.stream().filter(c -> c.status() == status).count();
	}

	/** The last line of a report: how many checks of each kind. */
	public String summary() {
		return checks.size() + " checks: " + count(Check.Status.OK) + " ok, " + count(Check.Status.WARNING) + " warning"
			+ (count(Check.Status.WARNING) == 1 ? "" : "s") + ", " + count(Check.Status.FAILED) + " failed"
			+ (failed() ? "." : ": nothing failed.");
	}

	/** The report as text: one line per check, then the summary. */
	public String text() {
		return checks.stream().map(Check::line).collect(Collectors.joining("\n")) + "\n" + summary();
	}
}

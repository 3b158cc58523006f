package sc.fiji.neuralstyle.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process's standard error is a terminal, where a progress bar may redraw its line. */
final class Terminal {

	private Terminal() {}

	/**
	 * True where file descriptor 2 leads to a terminal device (Linux: {@code /proc/self/fd/2} is a
	 * link to {@code /dev/pts/N}, {@code /dev/ttyN} or {@code /dev/console}); elsewhere, whether Java
	 * has a console (standard input and output are terminals), as a guess.
	 */
	static boolean isStandardError() {
		Path fd = Path.of("/proc/self/fd/2");
		try {
			String target = Files.readSymbolicLink(fd).toString();
			return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
		}
		catch (IOException | UnsupportedOperationException e) {
			return System.console() != null;
		}
	}
}

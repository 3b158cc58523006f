package sc.fiji.neuralstyle.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM of a test cluster: its output goes to a log file and is kept, so that a test can wait for
 * a line (an event, never a fixed sleep), and it is ended with all its children.
 */
final class LoggedProcess implements AutoCloseable {

	private final String name;
	private final Process process;
	private final List<String> lines = new ArrayList<>();
	private final Path log;

	LoggedProcess(String name, List<String> command, Path log, java.util.Map<String, String> environment) throws IOException {
		this.name = name;
		this.log = log;
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		pb.environment().putAll(environment);
		process = pb.start();
		Thread reader = new Thread(this::read, "log of " + name);
		reader.setDaemon(true);
		reader.start();
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true))
		{
			for (String line; (line = in.readLine()) != null;) {
				out.println(line);
				synchronized (lines) {
					lines.add(line);
					lines.notifyAll();
				}
			}
		}
		catch (IOException e) {
			// the process ended
		}
		finally {
			synchronized (lines) {
				lines.notifyAll();
			}
		}
	}

	/**
	 * Waits for a line that matches and returns its first group (or the whole match).
	 *
	 * @throws IllegalStateException with the log's end if the process ends or the time runs out first
	 */
	String await(Pattern pattern, Duration timeout) throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		int seen = 0;
		synchronized (lines) {
			while (true) {
				for (; seen < lines.size(); seen++) {
					Matcher m = pattern.matcher(lines.get(seen));
					if (m.find()) return m.groupCount() > 0 ? m.group(1) : m.group();
				}
				long left = end - System.nanoTime();
				if (left <= 0 || !process.isAlive() && seen == lines.size()) {
					throw new IllegalStateException(name + (process.isAlive() ? " did not log '" + pattern + "' in " + timeout
						: " ended (exit code " + process.exitValue() + ")") + "; its last lines:\n"
						+ String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
				}
				lines.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
			}
		}
	}

	/** The process. */
	ProcessHandle handle() {
		return process.toHandle();
	}

	/** Ends the process and its children at once, as a lost machine would (SIGKILL). */
	void kill() throws InterruptedException {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
		process.waitFor(1, TimeUnit.MINUTES);
	}

	@Override
	public void close() throws InterruptedException {
		process.descendants().forEach(ProcessHandle::destroy);
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
	}
}

package sc.fiji.neuralstyle.net.weights;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Holds the download lock of a file in a program of its own, for {@link DownloadLockTest}: prints
 * {@code locked}, waits for a line on standard input, lets go and prints {@code released}.
 */
public final class DownloadLockHolder {

	private DownloadLockHolder() {}

	public static void main(String... args) throws Exception {
		try (DownloadLock lock = DownloadLock.acquire(Path.of(args[0]), DownloadListener.NONE)) {
			System.out.println("locked");
			System.out.flush();
			new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
		}
		System.out.println("released");
	}
}

package sc.fiji.neuralstyle.net.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadLockTest {

	@TempDir
	Path tmp;

	/** Records the listener's messages; counts down when one says it waits for another program. */
	private static final class Messages implements DownloadListener {

		final List<String> all = new CopyOnWriteArrayList<>();
		final CountDownLatch waitsForProgram = new CountDownLatch(1);

		@Override
		public void progress(long done, long total) {}

		@Override
		public void message(String text) {
			all.add(text);
			if (text.startsWith("Waiting for another program")) waitsForProgram.countDown();
		}
	}

	@Test
	void lockFileIsGoneAfterwards() throws Exception {
		Path target = tmp.resolve("w.pth");
		Messages messages = new Messages();
		try (DownloadLock lock = DownloadLock.acquire(target, messages)) {
			assertTrue(Files.exists(DownloadLock.lockFileOf(target)));
		}
		assertEquals(List.of(), messages.all, "nobody to wait for");
		assertFalse(Files.exists(DownloadLock.lockFileOf(target)));
	}

	/** A lock file left by a program that died is taken over at once and removed. */
	@Test
	void staleLockFileIsTakenOverAndRemoved() throws Exception {
		Path target = tmp.resolve("w.pth");
		Files.writeString(DownloadLock.lockFileOf(target), "left by a crashed run");
		Messages messages = new Messages();
		try (DownloadLock lock = DownloadLock.acquire(target, messages)) {
			assertEquals(List.of(), messages.all);
		}
		assertFalse(Files.exists(DownloadLock.lockFileOf(target)));
	}

	/**
	 * Another program holding the lock makes this one wait until it lets go, even though the holder
	 * deletes the lock file it was waiting on; in the end no lock file is left.
	 */
	@Test
	void anotherProgramIsWaitedFor() throws Exception {
		Path target = tmp.resolve("w.pth");
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
			DownloadLockHolder.class.getName(), target.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
			assertEquals("locked", pool.submit(out::readLine).get(60, TimeUnit.SECONDS));

			Messages messages = new Messages();
			Future<Boolean> mine = pool.submit(() -> {
				try (DownloadLock lock = DownloadLock.acquire(target, messages)) {
					return Files.exists(DownloadLock.lockFileOf(target));
				}
			});
			boolean waited = messages.waitsForProgram.await(60, TimeUnit.SECONDS);
			if (!waited && mine.isDone()) mine.get(); // shows why it did not wait
			assertTrue(waited, messages.all.toString());
			assertFalse(mine.isDone(), "waits while the other program holds the lock");

			try (Writer in = holder.outputWriter(StandardCharsets.UTF_8)) {
				in.write("go\n");
			}
			assertEquals("released", pool.submit(out::readLine).get(60, TimeUnit.SECONDS));
			assertTrue(mine.get(60, TimeUnit.SECONDS), "holds a lock file of its own");
			assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
			assertEquals(0, holder.exitValue());
		}
		finally {
			holder.destroyForcibly();
			pool.shutdownNow();
		}
		assertFalse(Files.exists(DownloadLock.lockFileOf(target)));
	}
}

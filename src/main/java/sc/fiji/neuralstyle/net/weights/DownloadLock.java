package sc.fiji.neuralstyle.net.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one thread of one program at a time fetch a given weights file, so that concurrent runs
 * download it once: an in-process lock, and the operating system's lock on a file {@code <file>.lock}
 * beside it for other programs. The lock file is deleted when its holder is done, whether the download
 * worked or not, so nothing is left in the models folder.
 * <p>
 * Deleting a lock file others may be waiting on needs care: a waiter that gets the lock on the deleted
 * file must not go on while a newcomer holds a new file of the same name. So the holder writes a token
 * of its own into the file it locked and reads it back through the path; if the path no longer leads
 * to its file, it lets go and locks the file that is there now. (The file opened to read the token back
 * stays open while the lock is held: on POSIX systems closing any descriptor of a file drops the
 * process's locks on it.)
 * </p>
 */
final class DownloadLock implements AutoCloseable {

	/** How often, and how long apart, to retry a lock file that cannot be opened for the moment. */
	private static final int OPEN_TRIES = 50;
	private static final long OPEN_RETRY_MILLIS = 100;
	/**
	 * The in-process locks, by weights file: process-wide because the operating system's lock is the
	 * process's, not a thread's (a second {@code FileChannel.lock} of this JVM fails, and closing any
	 * channel of the file drops it), so the threads of one JVM, of whatever engine or SciJava context,
	 * must take turns here before one takes the file lock.
	 */
	private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

	private final ReentrantLock inProcess;
	private final Path lockFile;
	private final FileChannel channel;
	private final FileLock lock;
	/** The lock file opened again through its path, to read the token back; closed with the lock. */
	private final FileChannel check;

	private DownloadLock(ReentrantLock inProcess, Path lockFile, FileChannel channel, FileLock lock, FileChannel check) {
		this.inProcess = inProcess;
		this.lockFile = lockFile;
		this.channel = channel;
		this.lock = lock;
		this.check = check;
	}

	/** The lock file of a weights file: {@code <file>.lock} beside it. */
	static Path lockFileOf(Path target) {
		return target.resolveSibling(target.getFileName() + ".lock");
	}

	/**
	 * Waits until this thread may fetch {@code target}, telling the listener when it has to wait.
	 *
	 * @throws InterruptedException if interrupted while waiting for this process's other thread
	 * @throws IOException if the lock file cannot be used; a wait for another program that is
	 *           interrupted ends in {@link java.nio.channels.FileLockInterruptionException}
	 */
	static DownloadLock acquire(Path target, DownloadListener l) throws IOException, InterruptedException {
		ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(target.toAbsolutePath().normalize(), k -> new ReentrantLock());
		if (!inProcess.tryLock()) {
			l.message("Waiting for another download of " + target.getFileName() + " to finish...");
			inProcess.lockInterruptibly();
		}
		try {
			Path lockFile = lockFileOf(target);
			boolean told = false;
			while (true) {
				FileChannel channel = open(lockFile);
				FileChannel check = null;
				try {
					FileLock lock = channel.tryLock();
					if (lock == null) {
						if (!told) l.message("Waiting for another program downloading " + target.getFileName() + " to finish...");
						told = true;
						lock = channel.lock();
					}
					byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
					channel.truncate(0);
					channel.write(ByteBuffer.wrap(token), 0);
					check = openIfThere(lockFile);
					if (check != null && holds(check, token)) return new DownloadLock(inProcess, lockFile, channel, lock, check);
				}
				catch (IOException | RuntimeException e) {
					if (check != null) check.close();
					channel.close();
					throw e;
				}
				// The file we locked was deleted by its last holder: let go of it and lock the one there now.
				// (Closing `check` drops no lock of ours: it is another file.)
				if (check != null) check.close();
				channel.close();
			}
		}
		catch (IOException | InterruptedException | RuntimeException e) {
			inProcess.unlock();
			throw e;
		}
	}

	/**
	 * Opens (or creates) the lock file. A file just deleted by another program can refuse to open for a
	 * moment on some systems (Windows), so that is retried.
	 */
	private static FileChannel open(Path lockFile) throws IOException, InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			}
			catch (AccessDeniedException e) {
				if (attempt >= OPEN_TRIES || !Files.isWritable(lockFile.getParent())) throw e;
				Thread.sleep(OPEN_RETRY_MILLIS);
			}
		}
	}

	private static FileChannel openIfThere(Path lockFile) throws IOException {
		try {
			return FileChannel.open(lockFile, StandardOpenOption.READ);
		}
		catch (NoSuchFileException e) {
			return null;
		}
	}

	/** Whether the file open in {@code check} holds exactly the token. */
	private static boolean holds(FileChannel check, byte[] token) throws IOException {
		if (check.size() != token.length) return false;
		ByteBuffer content = ByteBuffer.allocate(token.length);
		while (content.hasRemaining() && check.read(content, content.position()) > 0) {
			// read until full
		}
		return Arrays.equals(content.array(), token);
	}

	/** Deletes the lock file and lets the next waiter in. */
	@Override
	public void close() {
		try {
			// Deleted while still held: whoever locks the old file next sees it is gone and starts over.
			Files.deleteIfExists(lockFile);
		}
		catch (IOException e) {
			// Left behind it does no harm: the next holder takes it over and deletes it.
		}
		finally {
			try (FileChannel locked = channel; FileChannel reread = check) {
				lock.release();
			}
			catch (IOException e) {
				// Closing the channel releases the lock in any case.
			}
			finally {
				inProcess.unlock();
			}
		}
	}
}

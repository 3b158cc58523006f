package sc.fiji.neuralstyle.files;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Locale;

/**
 * Writes a file so that it is never seen half-written: the content goes to a temporary file in the
 * target's folder ({@code .NAME.RANDOM.part}), which is then renamed onto the target in one step.
 * Readers see the old file or the new one, never a mix.
 * <ul>
 * <li>A new file gets the usual mode (what the umask leaves of rw-rw-rw-); a replaced file keeps its
 * permissions.</li>
 * <li>A symbolic link given as the target is written through: the file it points to is replaced and
 * the link stays.</li>
 * <li>Temporary names stay within the 255-byte limit of file names whatever the target's name.</li>
 * <li>A failed write, and a JVM that ends during a write (Ctrl-C, SIGTERM, {@code System.exit}),
 * leave no temporary file ({@link PartFiles}); only SIGKILL or a power cut can.</li>
 * </ul>
 * {@link #checkWritable} tries all this before a long computation, so that a result is not lost at
 * its end. No ImageJ here: every front and the engine use it.
 */
public final class AtomicFile {

	/** The longest file name, in bytes, that Linux file systems (ext4, XFS, Btrfs, tmpfs) accept. */
	public static final int NAME_MAX = 255;

	/** Below this, a disk counts as full before anything is written. */
	static final long MIN_FREE_BYTES = 1L << 20;

	/** Symbolic links followed at most (as Linux's MAXSYMLINKS). */
	private static final int MAX_LINKS = 40;

	/** Writes the content of a file. */
	@FunctionalInterface
	public interface Content {

		/**
		 * Writes everything to {@code out} (buffered; closing it is allowed and does nothing).
		 *
		 * @throws IOException when writing fails; no file is left behind then
		 */
		void writeTo(OutputStream out) throws IOException;
	}

	private AtomicFile() {}

	/**
	 * Writes {@code target} atomically: afterwards it holds exactly what {@code content} wrote, or,
	 * if anything failed, it is as before and no temporary file remains.
	 *
	 * @throws FileSystemException (or a subclass: {@link NoSuchFileException} for a missing folder,
	 *           {@link AccessDeniedException}) whose message names the file, what was wrong and what
	 *           to do; a RuntimeException of {@code content} passes unchanged
	 */
	public static void write(Path target, Content content) throws IOException {
		Path destination = destination(target);
		Path temp = createTemp(target, destination);
		boolean moved = false;
		try {
			try (FileOutputStream file = new FileOutputStream(temp.toFile());
				OutputStream out = new BufferedOutputStream(file, 1 << 16))
			{
				content.writeTo(new FilterOutputStream(out) {

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						out.write(b, off, len);
					}

					@Override
					public void close() {
						// The stream is ours to close, after the flush and sync below.
					}
				});
				out.flush();
				// On the disk before the rename, so a crash cannot leave an empty file under the target's name.
				file.getFD().sync();
			}
			keepPermissions(destination, temp);
			try {
				Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING);
			}
			moved = true;
		}
		catch (IOException e) {
			throw explain(target, destination, e);
		}
		finally {
			if (!moved) Files.deleteIfExists(temp);
			PartFiles.INSTANCE.release(temp);
		}
	}

	/**
	 * Checks that {@link #write} could write {@code target}, before any work: by creating and
	 * deleting a temporary file exactly as a write would, after checking the name and the folder.
	 *
	 * @throws FileSystemException (or a subclass) whose message names the file or folder and says
	 *           what is wrong (folder missing, not writable, name too long, is a folder, file
	 *           read-only, disk full) and what to do
	 */
	public static void checkWritable(Path target) throws IOException {
		Path destination = destination(target);
		Path temp = createTemp(target, destination);
		try {
			Files.delete(temp);
		}
		finally {
			PartFiles.INSTANCE.release(temp);
		}
		long free = Files.getFileStore(destination.getParent()).getUsableSpace();
		if (free < MIN_FREE_BYTES) {
			throw new FileSystemException(target.toString(), null, "the disk of " + destination.getParent()
				+ " is full (" + free / 1024 + " kB free); free some space or choose another folder");
		}
	}

	/**
	 * Deletes the temporary files of the writes in progress now and refuses new writes, for a program
	 * that is about to end with {@link Runtime#halt} (a second Ctrl-C, say), which skips the shutdown
	 * hook that would do this. The targets stay as they were.
	 */
	public static void abandonWrites() {
		PartFiles.INSTANCE.close(0);
	}

	/**
	 * Where the bytes go: {@code target} itself, or the file a symbolic link (chain) points to. Checks
	 * the name's length, that the folder exists and that the destination is not a folder, and that an
	 * existing file there is writable.
	 */
	static Path destination(Path target) throws IOException {
		Path path = target.toAbsolutePath();
		for (int links = 0; Files.isSymbolicLink(path); links++) {
			if (links == MAX_LINKS) {
				throw new FileSystemException(target.toString(), null, "too many symbolic links (a loop?); give a plain file name");
			}
			path = path.getParent().resolve(Files.readSymbolicLink(path));
		}
		Path name = path.getFileName();
		if (name == null) throw new FileSystemException(target.toString(), null, "is a folder; give a file name");
		int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
		if (bytes > NAME_MAX) {
			throw new FileSystemException(target.toString(), null, "the file name is too long (" + bytes
				+ " bytes; file systems take at most " + NAME_MAX + "); choose a shorter name");
		}
		Path folder = path.getParent();
		if (!Files.isDirectory(folder)) {
			String via = path.equals(target.toAbsolutePath()) ? "" : " (where the link points)";
			throw new NoSuchFileException(target.toString(), null, (Files.exists(folder) ? folder + " is not a folder"
				: "the folder " + folder + " does not exist") + via + "; create it or choose another folder");
		}
		if (Files.isDirectory(path)) {
			throw new FileSystemException(target.toString(), null, "it is a folder; give a file name");
		}
		if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isWritable(path)) {
			throw new AccessDeniedException(target.toString(), null,
				"the file is read-only; make it writable, or choose another name, to replace it");
		}
		return path;
	}

	/** The temporary file beside the destination, or a message saying why the folder takes none. */
	private static Path createTemp(Path target, Path destination) throws IOException {
		try {
			return PartFiles.INSTANCE.create(destination);
		}
		catch (IOException e) {
			throw explain(target, destination, e);
		}
	}

	/** A failure while creating or writing, as a message that names the file and what to do. */
	private static IOException explain(Path target, Path destination, IOException e) {
		if (e instanceof FileSystemException fse && target.toString().equals(fse.getFile())) return e;
		// A FileSystemException without a reason has only the (temporary) file name as its message.
		String cause = e instanceof FileSystemException fse ? (fse.getReason() != null ? fse.getReason()
			: e.getClass().getSimpleName()) : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
		String lower = cause.toLowerCase(Locale.ROOT);
		Path folder = destination.getParent();
		String reason;
		if (lower.contains("no space left")) {
			reason = "the disk of " + folder + " is full (" + cause + "); free some space or choose another folder";
		}
		else if (lower.contains("quota")) {
			reason = "the disk quota is used up (" + cause + "); free some space or choose another folder";
		}
		else if (e instanceof AccessDeniedException || lower.contains("permission denied")) {
			reason = "cannot write in the folder " + folder + ": permission denied; choose another folder or make it writable";
		}
		else if (lower.contains("read-only file system")) {
			reason = "the folder " + folder + " is on a read-only file system; choose another folder";
		}
		else {
			reason = "cannot write in the folder " + folder + " (" + cause + "); choose another folder";
		}
		FileSystemException explained = e instanceof AccessDeniedException
			? new AccessDeniedException(target.toString(), null, reason)
			: new FileSystemException(target.toString(), null, reason);
		explained.initCause(e);
		return explained;
	}

	/** A replaced file keeps its permissions; a new one has what the umask gave the temporary file. */
	private static void keepPermissions(Path destination, Path temp) throws IOException {
		PosixFileAttributeView old = Files.getFileAttributeView(destination, PosixFileAttributeView.class);
		if (old == null || !Files.isRegularFile(destination)) return;
		Files.getFileAttributeView(temp, PosixFileAttributeView.class).setPermissions(old.readAttributes().permissions());
	}
}

package sc.fiji.neuralstyle.files;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 * leave no temporary file ({@link PartFiles}, {@link JvmExit}); only SIGKILL or a power cut can.</li>
 * <li>A file that cannot be replaced without harm is written into instead, as a shell's {@code >}
 * would: a FIFO, a character device ({@code /dev/null}), and this JVM's standard output or error
 * ({@code /dev/stdout}, or the terminal, pipe or file they go to, at its place there). A block
 * device or a socket is refused. None of them is ever replaced by a regular file.</li>
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
	 * if anything failed, it is as before and no temporary file remains. A FIFO, a character device
	 * or this JVM's standard output or error is written into instead (what failed there stays
	 * written).
	 *
	 * @throws FileSystemException (or a subclass: {@link NoSuchFileException} for a missing folder,
	 *           {@link AccessDeniedException}) whose message names the file, what was wrong and what
	 *           to do; a RuntimeException of {@code content} passes unchanged
	 */
	public static void write(Path target, Content content) throws IOException {
		Special special = special(target);
		if (special != null) {
			writeInto(target, special, content);
			return;
		}
		Path destination = destination(target);
		Path temp = createTemp(target, destination);
		boolean moved = false;
		try {
			try (FileOutputStream file = new FileOutputStream(temp.toFile());
				OutputStream out = new BufferedOutputStream(file, 1 << 16))
			{
				content.writeTo(unclosable(out));
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
			JvmExit.parts().release(temp);
		}
	}

	/**
	 * Checks that {@link #write} could write {@code target}, before any work: by creating and
	 * deleting a temporary file exactly as a write would, after checking the name and the folder. A
	 * target written into (a FIFO, a device, a standard stream) is neither opened nor probed beside:
	 * it is only checked to be writable.
	 *
	 * @throws FileSystemException (or a subclass) whose message names the file or folder and says
	 *           what is wrong (folder missing, not writable, name too long, is a folder, file
	 *           read-only, disk full) and what to do
	 */
	public static void checkWritable(Path target) throws IOException {
		Special special = special(target);
		if (special != null) {
			// Nothing to probe beside it, and nothing opened: a FIFO's open waits for its reader.
			if (special == Special.STREAM && !Files.isWritable(target)) {
				throw new AccessDeniedException(target.toString(), null, "cannot write into it: permission denied; "
					+ "choose another file");
			}
			return;
		}
		Path destination = destination(target);
		Path temp = createTemp(target, destination);
		try {
			Files.delete(temp);
		}
		finally {
			JvmExit.parts().release(temp);
		}
		long free = Files.getFileStore(destination.getParent()).getUsableSpace();
		if (free < MIN_FREE_BYTES) throw new FileSystemException(target.toString(), null, tooLittleSpace(destination.getParent(), free));
	}

	/**
	 * The reason for a folder whose disk has less than {@link #MIN_FREE_BYTES} free: a small file system
	 * may be empty, not full, and still not hold a result.
	 */
	static String tooLittleSpace(Path folder, long free) {
		return "the disk of " + folder + " has " + free / 1024 + " kB free, less than a result needs (at least "
			+ MIN_FREE_BYTES / (1 << 20) + " MB); free some space or choose a folder on another disk";
	}

	/** How a target that is not replaced is written into. */
	private enum Special {
		/** This JVM's standard output: through its open descriptor, after what was printed. */
		STDOUT,
		/** This JVM's standard error, likewise. */
		STDERR,
		/** A FIFO or a character device: opened (not created, not truncated) and written. */
		STREAM
	}

	/** The file type bits of a Unix mode, and the types that are not regular files or folders. */
	private static final int S_IFMT = 0170000, S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFBLK = 0060000,
		S_IFSOCK = 0140000;

	/**
	 * Whether {@code target} (links followed) is written into rather than replaced: this JVM's
	 * standard output or error (whatever path leads there: {@code /dev/stdout}, {@code /dev/fd/2},
	 * the terminal, or the file a shell's {@code >} opened, which a replacement would cut off from
	 * what is printed after), a FIFO or a character device. Null for a file to replace, a folder
	 * and a name not taken yet.
	 *
	 * @throws FileSystemException for a block device (a write would overwrite a disk) or a socket
	 */
	private static Special special(Path target) throws FileSystemException {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(target, BasicFileAttributes.class);
		}
		catch (IOException e) {
			return null; // not there (or a dangling link): a new file, made by the usual write
		}
		if (attributes.isDirectory()) return null;
		if (isStandardStream(attributes, 1)) return Special.STDOUT;
		if (isStandardStream(attributes, 2)) return Special.STDERR;
		if (attributes.isRegularFile()) return null;
		int type;
		try {
			type = (Integer) Files.getAttribute(target, "unix:mode") & S_IFMT;
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
			type = 0;
		}
		if (type == S_IFIFO || type == S_IFCHR) return Special.STREAM;
		String what = type == S_IFBLK ? "a block device (a disk or a partition), which a write would overwrite"
			: type == S_IFSOCK ? "a socket, not a file" : "not a regular file";
		throw new FileSystemException(target.toString(), null, "it is " + what + "; give the name of a file to write");
	}

	/** Whether a file is the one this JVM's descriptor {@code fd} (1 or 2) writes to. */
	private static boolean isStandardStream(BasicFileAttributes attributes, int fd) {
		Object key = attributes.fileKey();
		if (key == null) return false;
		try {
			return key.equals(Files.readAttributes(Path.of("/dev/fd/" + fd), BasicFileAttributes.class).fileKey());
		}
		catch (IOException | RuntimeException e) {
			return false; // no such descriptor, or no /dev/fd on this system
		}
	}

	/** Writes into a target that is not replaced ({@link #special}). */
	private static void writeInto(Path target, Special special, Content content) throws IOException {
		try {
			if (special == Special.STREAM) {
				try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target, StandardOpenOption.WRITE), 1 << 16)) {
					content.writeTo(unclosable(out));
				}
				return;
			}
			PrintStream printed = special == Special.STDOUT ? System.out : System.err;
			printed.flush(); // what was printed comes first
			// Never closed: that would close the JVM's own descriptor.
			OutputStream out = new BufferedOutputStream(new FileOutputStream(special == Special.STDOUT ? FileDescriptor.out
				: FileDescriptor.err), 1 << 16);
			content.writeTo(unclosable(out));
			out.flush();
		}
		catch (IOException e) {
			if (e instanceof FileSystemException fse && target.toString().equals(fse.getFile())) throw e;
			String cause = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
			FileSystemException explained = new FileSystemException(target.toString(), null, "writing into it failed ("
				+ cause + "); choose another file");
			explained.initCause(e);
			throw explained;
		}
	}

	/** {@code out} for a {@link Content}, whose close does nothing: the stream is closed by its owner. */
	private static OutputStream unclosable(OutputStream out) {
		return new FilterOutputStream(out) {

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				out.write(b, off, len);
			}

			@Override
			public void close() {
				// The owner closes it, after its flush (and sync).
			}
		};
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
			return JvmExit.parts(destination).create(destination);
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

package sc.fiji.neuralstyle.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

	@TempDir
	Path dir;

	private static List<String> contents(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	private static void write(Path target, String text) throws IOException {
		AtomicFile.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
	}

	/** What a file created the ordinary way gets here (rw-rw-rw- less the umask). */
	private Set<PosixFilePermission> usualMode() throws IOException {
		Path plain = Files.createFile(dir.resolve("plain"));
		Set<PosixFilePermission> mode = Files.getPosixFilePermissions(plain);
		Files.delete(plain);
		return mode;
	}

	@Test
	void writesTheContentAndLeavesNothingElse() throws IOException {
		Path target = dir.resolve("result.csv");
		write(target, "a,b\n");
		write(target, "c,d\n");
		assertEquals("c,d\n", Files.readString(target));
		assertEquals(List.of("result.csv"), contents(dir));
		assertEquals(Set.of(), JvmExit.parts().pending());
	}

	@Test
	void aNewFileGetsTheUsualModeAndAReplacedFileKeepsItsOwn() throws IOException {
		Set<PosixFilePermission> usual = usualMode();
		Path target = dir.resolve("new.png");
		write(target, "x");
		// createTempFile made it rw------- whatever the umask.
		assertEquals(PosixFilePermissions.toString(usual), PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));

		Path shared = dir.resolve("shared.tif");
		Files.writeString(shared, "old");
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-r--"));
		write(shared, "new");
		assertEquals("new", Files.readString(shared));
		assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
	}

	@Test
	void aSymbolicLinkIsWrittenThroughAndStays() throws IOException {
		Path real = Files.createDirectory(dir.resolve("real"));
		Path file = Files.writeString(real.resolve("image.png"), "old");
		Path links = Files.createDirectory(dir.resolve("links"));
		Path link = Files.createSymbolicLink(links.resolve("out.png"), Path.of("../real/image.png"));
		write(link, "new");
		assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
		assertEquals(Path.of("../real/image.png"), Files.readSymbolicLink(link));
		assertEquals("new", Files.readString(file));
		assertEquals(List.of("image.png"), contents(real));
		assertEquals(List.of("out.png"), contents(links));

		// A link to a file that is not there yet: the file is made where it points.
		Path dangling = Files.createSymbolicLink(links.resolve("later.png"), real.resolve("later.png"));
		AtomicFile.checkWritable(dangling);
		write(dangling, "made");
		assertTrue(Files.isSymbolicLink(dangling));
		assertEquals("made", Files.readString(real.resolve("later.png")));

		Path loop = Files.createSymbolicLink(dir.resolve("loop.png"), dir.resolve("loop.png"));
		FileSystemException e = assertThrows(FileSystemException.class, () -> write(loop, "x"));
		assertTrue(e.getMessage().contains("too many symbolic links"), e.getMessage());
	}

	@Test
	void temporaryNamesStayWithinTheNameLimit() throws IOException {
		// The longest name a file can have, plus the old ".NAME.<digits>.part", exceeded 255 bytes.
		Path target = dir.resolve("a".repeat(AtomicFile.NAME_MAX - 4) + ".png");
		AtomicFile.checkWritable(target);
		write(target, "x");
		assertEquals(List.of(target.getFileName().toString()), contents(dir));

		for (String name : List.of("a".repeat(255), "é".repeat(127), "😀".repeat(63) + ".png", "out.png")) {
			String temp = PartFiles.name(name, "0123abcd");
			assertTrue(temp.getBytes(StandardCharsets.UTF_8).length <= AtomicFile.NAME_MAX, temp);
			assertTrue(temp.startsWith(".") && temp.endsWith(".0123abcd.part"), temp);
			assertEquals(temp, new String(temp.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "a character was cut in half");
		}
		assertEquals(".out.png.0123abcd.part", PartFiles.name("out.png", "0123abcd"));
	}

	@Test
	void checkWritableSaysWhatIsWrongAndLeavesNothing() throws IOException {
		Path tooLong = dir.resolve("b".repeat(300) + ".png");
		FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFile.checkWritable(tooLong));
		assertEquals(tooLong + ": the file name is too long (304 bytes; file systems take at most 255); choose a shorter name",
			e.getMessage());

		Path missing = dir.resolve("no/such/out.png");
		e = assertThrows(NoSuchFileException.class, () -> AtomicFile.checkWritable(missing));
		assertEquals(missing + ": the folder " + dir.resolve("no/such") + " does not exist; create it or choose another folder",
			e.getMessage());

		Path folder = Files.createDirectory(dir.resolve("taken.png"));
		e = assertThrows(FileSystemException.class, () -> AtomicFile.checkWritable(folder));
		assertEquals(folder + ": it is a folder; give a file name", e.getMessage());

		Path file = Files.writeString(dir.resolve("file"), "");
		e = assertThrows(NoSuchFileException.class, () -> AtomicFile.checkWritable(file.resolve("out.png")));
		assertTrue(e.getMessage().contains(file + " is not a folder"), e.getMessage());

		Path fine = dir.resolve("fine.png");
		AtomicFile.checkWritable(fine);
		assertEquals(List.of("file", "taken.png"), contents(dir), "the probe file was not removed");
		assertEquals(Set.of(), JvmExit.parts().pending());
	}

	@Test
	void anUnwritableFolderIsNamedByTheCheckAndTheWrite() throws IOException {
		Path locked = Files.createDirectory(dir.resolve("locked"));
		Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
		try {
			// Root writes into read-only folders; /sys takes no new files even from root.
			Path folder = creatable(locked) ? Path.of("/sys") : locked;
			assumeTrue(Files.isDirectory(folder) && !creatable(folder), "no folder here that this user cannot write");
			Path target = folder.resolve("out.png");
			AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> AtomicFile.checkWritable(target));
			assertEquals(target + ": cannot write in the folder " + folder
				+ ": permission denied; choose another folder or make it writable", e.getMessage());
			e = assertThrows(AccessDeniedException.class, () -> write(target, "x"));
			assertTrue(e.getMessage().startsWith(target + ": cannot write in the folder " + folder), e.getMessage());
		}
		finally {
			Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		assertEquals(List.of(), contents(locked));
	}

	private static boolean creatable(Path folder) {
		try {
			Files.delete(Files.createFile(folder.resolve(".creatable-probe")));
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	@Test
	void aReadOnlyFileIsNotReplaced() throws IOException {
		Path kept = Files.writeString(dir.resolve("kept.png"), "precious");
		Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("r--r--r--"));
		assumeTrue(!Files.isWritable(kept), "running as a user who may write read-only files");
		AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> AtomicFile.checkWritable(kept));
		assertTrue(e.getMessage().contains("read-only"), e.getMessage());
		assertThrows(AccessDeniedException.class, () -> write(kept, "x"));
		assertEquals("precious", Files.readString(kept));
	}

	/** A small file system, empty or not, is said to hold too little, not to be full (issue 21). */
	@Test
	void tooLittleFreeSpaceSaysWhatAResultNeeds() {
		assertEquals("the disk of /mnt/small has 120 kB free, less than a result needs (at least 1 MB); free some space "
			+ "or choose a folder on another disk", AtomicFile.tooLittleSpace(Path.of("/mnt/small"), 120 * 1024));
	}

	@Test
	void aFailedWriteKeepsTheOldFileLeavesNoTemporaryFileAndNamesTheFile() throws IOException {
		Path target = Files.writeString(dir.resolve("out.csv"), "old");
		FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFile.write(target, out -> {
			out.write(new byte[1000]);
			throw new IOException("No space left on device");
		}));
		assertEquals(target + ": the disk of " + dir + " is full (No space left on device); free some space or choose another folder",
			e.getMessage());
		assertEquals("old", Files.readString(target));
		assertEquals(List.of("out.csv"), contents(dir));

		IllegalStateException bug = assertThrows(IllegalStateException.class, () -> AtomicFile.write(target, out -> {
			out.write(1);
			throw new IllegalStateException("plane 2 is unreadable");
		}));
		assertEquals("plane 2 is unreadable", bug.getMessage());
		assertEquals(List.of("out.csv"), contents(dir));
		assertEquals(Set.of(), JvmExit.parts().pending());
	}

	@Test
	void atTheEndWritesInProgressMayFinishThenTheRestIsDeleted() throws Exception {
		PartFiles parts = new PartFiles();
		Path finishing = parts.create(dir.resolve("finishing.png"));
		Path hanging = parts.create(dir.resolve("hanging.png"));
		Thread writer = new Thread(() -> {
			try {
				Thread.sleep(200);
				Files.move(finishing, dir.resolve("finishing.png"));
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
			finally {
				parts.release(finishing);
			}
		});
		writer.start();
		// Without a release of "hanging", close waits the whole grace time, so give it a short one.
		PartFiles quick = new PartFiles();
		Path quickHanging = quick.create(dir.resolve("quick.png"));
		quick.close(300);
		assertFalse(Files.exists(quickHanging));
		assertThrows(IOException.class, () -> quick.create(dir.resolve("after.png")));

		parts.release(hanging); // its writer "deleted" it: only finishing is waited for
		Files.delete(hanging);
		parts.close(5000);
		writer.join();
		assertEquals(List.of("finishing.png"), contents(dir));
		assertEquals(Set.of(), parts.pending());
	}

	@Test
	void aJvmEndedDuringAWriteLeavesNoTemporaryFile() throws Exception {
		Path target = Files.writeString(dir.resolve("out.png"), "old");
		Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), HangingWrite.class, target.toString()))
			.redirectErrorStream(true).start();
		try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null && !line.equals("WRITING")) {
				// start-up messages
			}
			assertEquals("WRITING", line, "the child JVM ended before writing");
			assertEquals(1, contents(dir).stream().filter(n -> n.endsWith(".part")).count(), contents(dir).toString());
			p.destroy(); // SIGTERM
			assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child JVM did not end");
		}
		finally {
			p.destroyForcibly();
		}
		assertEquals(143, p.exitValue(), "128 + SIGTERM");
		assertEquals(List.of("out.png"), contents(dir));
		assertEquals("old", Files.readString(target));
	}

	@Test
	void aProgramThatHaltsCanAbandonItsWritesFirst() throws Exception {
		Path target = Files.writeString(dir.resolve("out.png"), "old");
		Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), HangingWrite.class, target.toString(), "halt"))
			.redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child JVM did not end");
		assertEquals(130, p.exitValue(), output);
		assertTrue(output.contains("WRITING"), output);
		assertEquals(List.of("out.png"), contents(dir));
		assertEquals("old", Files.readString(target));
	}

	/** A FIFO made with mkfifo; null where there is no mkfifo. */
	private static Path fifo(Path path) throws IOException, InterruptedException {
		Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
		assumeTrue(p.waitFor() == 0, "mkfifo: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		return path;
	}

	/** Whether a path is a FIFO (S_IFIFO in its mode). */
	private static boolean isFifo(Path path) throws IOException {
		return ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000) == 0010000;
	}

	@Test
	void aFifoIsWrittenIntoAndStaysAFifo() throws Exception {
		Path pipe = fifo(dir.resolve("losses.csv"));
		Path link = Files.createSymbolicLink(dir.resolve("link.csv"), pipe.getFileName());
		ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "FIFO reader");
			t.setDaemon(true); // a FIFO replaced by a file leaves it waiting for a writer forever
			return t;
		});
		try {
			for (Path target : List.of(pipe, link)) {
				// The check opens nothing (a FIFO's open waits for a reader) and makes no probe file beside it.
				AtomicFile.checkWritable(target);
				assertEquals(List.of("link.csv", "losses.csv"), contents(dir));
				Future<String> read = reader.submit(() -> Files.readString(pipe));
				write(target, "iteration,total\n0,1.5\n");
				assertTrue(isFifo(pipe), "the FIFO was replaced by a file");
				assertEquals("iteration,total\n0,1.5\n", read.get(1, TimeUnit.MINUTES), "what the reader got");
				assertTrue(Files.isSymbolicLink(link));
				assertEquals(List.of("link.csv", "losses.csv"), contents(dir));
			}
		}
		finally {
			reader.shutdownNow();
		}
		assertEquals(Set.of(), JvmExit.parts().pending());
	}

	@Test
	void aCharacterDeviceIsWrittenIntoAndStaysADevice() throws IOException {
		Path devNull = Path.of("/dev/null");
		assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "no /dev/null here");
		List<String> dev = contents(devNull.getParent());
		Object key = Files.readAttributes(devNull, BasicFileAttributes.class).fileKey();
		AtomicFile.checkWritable(devNull);
		write(devNull, "discarded");
		assertFalse(Files.isRegularFile(devNull), "/dev/null was replaced by a file");
		assertEquals(key, Files.readAttributes(devNull, BasicFileAttributes.class).fileKey(), "the same node");
		assertEquals(dev, contents(devNull.getParent()), "no probe or temporary file in /dev");
	}

	@Test
	void aSocketIsRefusedAndStays() throws IOException {
		Path socket = dir.resolve("losses.csv");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFile.checkWritable(socket));
			assertEquals(socket + ": it is a socket, not a file; give the name of a file to write", e.getMessage());
			e = assertThrows(FileSystemException.class, () -> write(socket, "x"));
			assertEquals(socket + ": it is a socket, not a file; give the name of a file to write", e.getMessage());
			assertTrue(Files.exists(socket) && !Files.isRegularFile(socket), "the socket stays");
			assertEquals(List.of("losses.csv"), contents(dir));
		}
	}

	@Test
	void standardOutputIsWrittenIntoWhereverItGoes() throws Exception {
		// Into a pipe: the reader sees what the program printed and the file, in order.
		Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), StreamWrite.class, "/dev/stdout", "a,b"))
			.redirectError(ProcessBuilder.Redirect.INHERIT).start();
		String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child JVM did not end");
		assertEquals(0, p.exitValue(), printed);
		assertEquals("before,a,b,after", printed);

		// Into a file the shell opened (> log.txt): written at its place in the file, which is not replaced.
		Path log = Files.writeString(dir.resolve("log.txt"), "");
		Object key = Files.readAttributes(log, BasicFileAttributes.class).fileKey();
		p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx64m"), StreamWrite.class, "/dev/stdout", "a,b"))
			.redirectOutput(log.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child JVM did not end");
		assertEquals(0, p.exitValue());
		assertEquals("before,a,b,after", Files.readString(log));
		assertEquals(key, Files.readAttributes(log, BasicFileAttributes.class).fileKey(), "the file the shell opened stays");
		assertEquals(List.of("log.txt"), contents(dir));
	}

	@Test
	void writeErrorsKeepTheirTypeForCallers() {
		Path missing = dir.resolve("gone/out.png");
		IOException e = assertThrows(IOException.class, () -> write(missing, "x"));
		assertInstanceOf(NoSuchFileException.class, e);
		assertEquals(Optional.of(missing.toString()), Optional.ofNullable(((FileSystemException) e).getFile()));
	}
}

package sc.fiji.neuralstyle.net.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import sc.fiji.neuralstyle.net.ModelDescriptor;
import sc.fiji.neuralstyle.net.WeightsException;

/**
 * A weights file checked against its descriptor's SHA-256 (and size, where known). After a check, a
 * small marker {@code <file>.verified} records the hash with the file's size and modification time,
 * so later runs trust the file without hashing hundreds of MB again (1-2 s) unless it changed.
 */
final class VerifiedFile {

	private static final Duration REPORT_EVERY = Duration.ofMillis(200);

	private VerifiedFile() {}

	/** Whether a marker says this very file (same size and time) was checked against {@code d}. */
	static boolean isMarked(ModelDescriptor d, Path file) {
		Path marker = markerOf(file);
		if (!Files.isRegularFile(file) || !Files.isRegularFile(marker)) return false;
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(marker)) {
			p.load(in);
			return d.matchesSha256(p.getProperty("sha256"))
				&& String.valueOf(Files.size(file)).equals(p.getProperty("size"))
				&& String.valueOf(Files.getLastModifiedTime(file).toMillis()).equals(p.getProperty("modified"));
		}
		catch (IOException | IllegalArgumentException e) {
			return false; // an unreadable marker only costs a new check
		}
	}

	/** Records that {@code file}, as it is now, has the given SHA-256. */
	static void mark(Path file, String sha256) throws IOException {
		Properties p = new Properties();
		p.setProperty("sha256", sha256);
		p.setProperty("size", String.valueOf(Files.size(file)));
		p.setProperty("modified", String.valueOf(Files.getLastModifiedTime(file).toMillis()));
		Path marker = markerOf(file);
		Path tmp = Files.createTempFile(marker.getParent(), marker.getFileName().toString(), ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(tmp)) {
				p.store(out, "Written by Neural Style after checking " + file.getFileName() + "; delete to check again");
			}
			replace(tmp, marker);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/**
	 * Checks a file already in place (placed by hand, or its marker is stale) and, if {@code mark},
	 * records the check.
	 *
	 * @return the file
	 * @throws WeightsException if it is not the described file (it is kept, for the user to look at) or
	 *           cannot be read
	 */
	static Path check(ModelDescriptor d, Path file, DownloadListener l, boolean mark) {
		try {
			if (!Files.isRegularFile(file)) {
				throw new WeightsException(file + " should be the " + d.name() + " weights file but is not a regular file. "
					+ "Remove it so the weights can be downloaded again.");
			}
			long size = Files.size(file);
			if (d.size() != null && size != d.size()) {
				throw wrongFile(d, file, "it is " + size + " bytes instead of " + d.size() + " (an incomplete or different file)");
			}
			l.message("Checking " + file + "...");
			String hash = sha256(file, l);
			if (!d.matchesSha256(hash)) throw wrongFile(d, file, "its SHA-256 is " + hash + ", not " + d.sha256());
			if (mark) mark(file, hash);
			return file;
		}
		catch (IOException e) {
			throw new WeightsException("Cannot read the weights file " + file + ": " + e, e);
		}
	}

	private static WeightsException wrongFile(ModelDescriptor d, Path file, String what) {
		return new WeightsException("The file " + file + " is not the expected " + d.name() + " weights file: " + what
			+ ". It may be damaged or a different file. Delete it to download it again, or replace it with the file from "
			+ d.url() + ".");
	}

	/** The SHA-256 of a file in hex, reporting progress a few times a second. */
	static String sha256(Path file, DownloadListener l) throws IOException {
		long total = Files.size(file);
		long done = 0;
		long reported = System.nanoTime();
		try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), newDigest())) {
			byte[] buffer = new byte[1 << 20];
			for (int n; (n = in.read(buffer)) > 0;) {
				done += n;
				if (System.nanoTime() - reported > REPORT_EVERY.toNanos()) {
					l.progress(done, total);
					reported = System.nanoTime();
				}
			}
			l.progress(done, total);
			return hex(in.getMessageDigest());
		}
	}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java has SHA-256", e);
		}
	}

	static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

	/** Moves {@code from} over {@code to} in one step where the file system can. */
	static void replace(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static Path markerOf(Path file) {
		return file.resolveSibling(file.getFileName() + ".verified");
	}
}

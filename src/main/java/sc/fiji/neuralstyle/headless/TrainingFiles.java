package sc.fiji.neuralstyle.headless;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.fast.training.TrainingImages;
import sc.fiji.neuralstyle.image.ContentPlanes;

/**
 * The images a fast-style model is trained on, from the content's file: every plane of a stack, an AVI
 * or a folder of frames (read one at a time when a batch asks for it), consecutive planes of one
 * sequence being pairs for the temporal loss; or a still. Identified for checkpoints by the file's (or
 * the folder's files') names, sizes and modification times.
 */
public final class TrainingFiles implements TrainingImages {

	private final ContentPlanes planes;
	private final String identity;

	private TrainingFiles(ContentPlanes planes, String identity) {
		this.planes = planes;
		this.identity = identity;
	}

	/**
	 * The content's planes, as the run reads them ({@link InputFiles#planes}: with planes=all, every
	 * one; a still, its one plane).
	 */
	public static TrainingFiles of(ContentPlanes planes, Path content) throws IOException {
		return new TrainingFiles(planes, identity(content));
	}

	@Override
	public int size() {
		return planes.size();
	}

	@Override
	public FloatImage read(int index) {
		return planes.read(index);
	}

	@Override
	public boolean follows(int index) {
		return index > 0 && !planes.startsSequence(index);
	}

	@Override
	public String identity() {
		return identity;
	}

	/** A file's name, size and time; a folder's, its files' count and a digest of each one's. */
	private static String identity(Path content) throws IOException {
		if (!Files.isDirectory(content)) return describe(content);
		StringBuilder s = new StringBuilder();
		int count = 0;
		try (Stream<Path> files = Files.list(content)) {
			for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
				s.append(describe(f)).append('\n');
				count++;
			}
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
			return content.getFileName() + "/: " + count + " files, " + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Java without SHA-256", e);
		}
	}

	private static String describe(Path file) throws IOException {
		return file.getFileName() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
	}
}

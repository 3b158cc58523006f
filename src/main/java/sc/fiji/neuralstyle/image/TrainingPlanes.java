package sc.fiji.neuralstyle.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import sc.fiji.neuralstyle.engine.pixels.FloatImage;
import sc.fiji.neuralstyle.fast.training.TrainingImages;

/**
 * The images a fast-style model is trained on, for every front that trains: every plane of a stack, an
 * AVI or a folder of frames (read one at a time when a batch asks for it), consecutive planes of one
 * sequence being pairs for the temporal loss; or a still. Identified for checkpoints by the file's (or
 * the folder's files') names, sizes and modification times; an image open in Fiji that was made in
 * memory or changed since it was opened, by its title, size and a digest of its pixels.
 */
public final class TrainingPlanes implements TrainingImages {

	private final ContentPlanes planes;
	private final String identity;

	private TrainingPlanes(ContentPlanes planes, String identity) {
		this.planes = planes;
		this.identity = identity;
	}

	/**
	 * The content's planes read from a file or folder (the command line: {@code headless.InputFiles#planes},
	 * with planes=all every one; a still, its one plane).
	 */
	public static TrainingPlanes of(ContentPlanes planes, Path content) throws IOException {
		return new TrainingPlanes(planes, identity(content));
	}

	/** The planes of an image open in Fiji: its file's identity where it is the file's, else its pixels'. */
	public static TrainingPlanes of(ContentPlanes planes, ImagePlus content) throws IOException {
		Path file = ImageSources.file(content);
		boolean asFile = file != null && !content.changes && Files.exists(file);
		return new TrainingPlanes(planes, asFile ? identity(file) : pixelIdentity(content));
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
		MessageDigest digest = sha256();
		return content.getFileName() + "/: " + count + " files, "
			+ HexFormat.of().formatHex(digest.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
	}

	private static String describe(Path file) throws IOException {
		return file.getFileName() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
	}

	/** Title, dimensions, type and a digest of every plane's pixels (an image held in memory). */
	private static String pixelIdentity(ImagePlus imp) {
		MessageDigest digest = sha256();
		ImageStack stack = imp.getStack();
		for (int i = 1; i <= stack.size(); i++) {
			Object pixels = stack.getPixels(i);
			ByteBuffer b;
			if (pixels instanceof byte[] a) b = ByteBuffer.wrap(a);
			else if (pixels instanceof short[] a) {
				b = ByteBuffer.allocate(2 * a.length);
				b.asShortBuffer().put(a);
			}
			else if (pixels instanceof int[] a) {
				b = ByteBuffer.allocate(4 * a.length);
				b.asIntBuffer().put(a);
			}
			else {
				float[] a = (float[]) pixels;
				b = ByteBuffer.allocate(4 * a.length);
				b.asFloatBuffer().put(a);
			}
			digest.update(b);
		}
		int[] d = imp.getDimensions();
		return imp.getTitle() + ": " + d[0] + "x" + d[1] + ", c" + d[2] + " z" + d[3] + " t" + d[4] + ", " + imp.getBitDepth()
			+ "-bit, " + HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Java without SHA-256", e);
		}
	}
}

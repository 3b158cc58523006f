package sc.fiji.neuralstyle.image;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.neuralstyle.files.ImageFileException;

/**
 * The video frames of an AVI file, found by walking its RIFF chunks (the {@code movi} lists of the
 * {@code AVI } and {@code AVIX} parts, {@code rec } lists included), and the size and type of each
 * PNG- or JPEG-compressed frame read from its header: ImageJ's {@code AVI_Reader} decodes such a
 * frame as it is, so one of another size or type fails (or is read wrongly) in the middle of a run.
 * Uncompressed frames all have the size the movie's header gives. Reads a few bytes per frame, never
 * its pixels.
 */
final class AviFrames {

	/** The most bytes of a JPEG frame searched for its frame header (markers before it are skipped, not read). */
	private static final int JPEG_HEADER_BYTES = 1 << 16;

	/**
	 * One frame as its compressed header describes it.
	 *
	 * @param number 1-based, in the movie
	 * @param width 0 when the frame is not PNG or JPEG (uncompressed: the movie's size)
	 * @param rgb whether ImageJ reads it as RGB (else 8-bit)
	 */
	record Frame(int number, int width, int height, boolean rgb) {

		boolean compressed() {
			return width > 0;
		}

		String describe() {
			return FileListStack.describe(width, height, rgb ? 24 : 8);
		}
	}

	private AviFrames() {}

	/** The video frames of {@code file} in order, each with what its header says. */
	static List<Frame> scan(Path file) throws IOException {
		try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
			List<Frame> frames = new ArrayList<>();
			long size = in.size();
			long pos = 0;
			String[] stream = { null };
			// The file is one RIFF 'AVI ' part and, for large movies (OpenDML), RIFF 'AVIX' parts after it.
			while (pos + 12 <= size) {
				ByteBuffer head = read(in, pos, 12);
				if (!fourcc(head, 0).equals("RIFF")) break;
				long end = Math.min(size, pos + 8 + unsigned(head, 4));
				chunks(in, pos + 12, end, frames, stream);
				pos = end + (end & 1);
			}
			return frames;
		}
	}

	/**
	 * Refuses a movie whose compressed frames differ from one another, or from the size the movie's
	 * header gives (the stack's), naming the frame.
	 */
	static void checkAlike(Path file, List<Frame> frames, int width, int height) throws IOException {
		Frame first = null;
		for (Frame f : frames) {
			if (!f.compressed()) continue;
			if (first == null) {
				first = f;
				if (f.width() != width || f.height() != height) {
					throw new ImageFileException("The frames of " + file + " differ from the movie: frame " + f.number()
						+ " is " + f.width() + "x" + f.height() + " and the movie's header says " + width + "x" + height, ADVICE);
				}
			}
			else if (f.width() != first.width() || f.height() != first.height() || f.rgb() != first.rgb()) {
				throw new ImageFileException("The frames of " + file + " differ: frame " + f.number() + " is " + f.describe()
					+ " and frame " + first.number() + " " + first.describe(), ADVICE);
			}
		}
	}

	private static final String ADVICE = "give a movie whose frames have one size and type (export it again, e.g. "
		+ "ffmpeg -i in.avi -vf scale=W:H -c:v png out.avi), or its frames as a folder of images of one size";

	/** Walks the chunks between {@code pos} and {@code end}, into LIST 'movi' and 'rec ' lists. */
	private static void chunks(FileChannel in, long pos, long end, List<Frame> frames, String[] stream)
		throws IOException
	{
		while (pos + 8 <= end) {
			ByteBuffer head = read(in, pos, 12);
			if (head.limit() < 8) return;
			String id = fourcc(head, 0);
			long length = unsigned(head, 4);
			long data = pos + 8;
			if (id.equals("LIST") && head.limit() >= 12) {
				String type = fourcc(head, 8);
				if (type.equals("movi") || type.equals("rec ")) chunks(in, data + 4, Math.min(end, data + length), frames, stream);
			}
			else if (length > 0 && (id.endsWith("dc") || id.endsWith("db"))) {
				// The first video stream's chunks: "00dc", "00db" (another stream's number is another video).
				if (stream[0] == null) stream[0] = id.substring(0, 2);
				if (id.startsWith(stream[0])) frames.add(frame(in, frames.size() + 1, data, length));
			}
			pos = data + length + (length & 1);
		}
	}

	/** What a frame's first bytes say: a PNG's IHDR, a JPEG's frame header; nothing for raw pixels. */
	private static Frame frame(FileChannel in, int number, long pos, long length) throws IOException {
		ByteBuffer b = read(in, pos, (int) Math.min(length, 33));
		if (b.limit() >= 26 && b.get(0) == (byte) 0x89 && b.get(1) == 'P' && b.get(2) == 'N' && b.get(3) == 'G') {
			b.order(ByteOrder.BIG_ENDIAN);
			int bitDepth = b.get(24) & 0xff, colourType = b.get(25) & 0xff;
			// As ImageIO decodes it for AVI_Reader: 8-bit gray or palette become 8-bit, the rest RGB.
			boolean gray = bitDepth == 8 && (colourType == 0 || colourType == 3);
			return new Frame(number, b.getInt(16), b.getInt(20), !gray);
		}
		if (b.limit() >= 2 && (b.get(0) & 0xff) == 0xFF && (b.get(1) & 0xff) == 0xD8) {
			ByteBuffer jpeg = read(in, pos, (int) Math.min(length, JPEG_HEADER_BYTES));
			jpeg.order(ByteOrder.BIG_ENDIAN);
			int at = 2;
			while (at + 4 <= jpeg.limit()) {
				if ((jpeg.get(at) & 0xff) != 0xFF) break;
				int marker = jpeg.get(at + 1) & 0xff;
				if (marker == 0xFF) {
					at++;
					continue;
				}
				if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
					at += 2;
					continue;
				}
				if (marker == 0xD9 || marker == 0xDA) break;
				int segment = jpeg.getShort(at + 2) & 0xffff;
				if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
					&& at + 10 <= jpeg.limit())
				{
					int height = jpeg.getShort(at + 5) & 0xffff, width = jpeg.getShort(at + 7) & 0xffff;
					return new Frame(number, width, height, (jpeg.get(at + 9) & 0xff) != 1);
				}
				at += 2 + segment;
			}
		}
		return new Frame(number, 0, 0, false);
	}

	private static ByteBuffer read(FileChannel in, long pos, int bytes) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
		while (b.hasRemaining()) {
			if (in.read(b, pos + b.position()) < 0) break;
		}
		return b.flip();
	}

	private static String fourcc(ByteBuffer b, int at) {
		byte[] id = new byte[4];
		for (int i = 0; i < 4; i++) id[i] = b.get(at + i);
		return new String(id, US_ASCII);
	}

	private static long unsigned(ByteBuffer b, int at) {
		return b.getInt(at) & 0xffffffffL;
	}
}

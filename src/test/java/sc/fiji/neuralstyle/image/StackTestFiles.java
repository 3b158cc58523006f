package sc.fiji.neuralstyle.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Stack files that ImageJ does not write: a TIFF whose pages differ (Java's TIFF writer, one page
 * per image) and an AVI of PNG frames that differ (written chunk by chunk). For tests of what is
 * refused before any work.
 */
public final class StackTestFiles {

	private StackTestFiles() {}

	/** An RGB image of {@code w}×{@code h}, a gradient so that frames are not blank. */
	public static BufferedImage rgb(int w, int h) {
		BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) image.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 128);
		}
		return image;
	}

	/** A gray image of {@code w}×{@code h} of type {@code BufferedImage.TYPE_BYTE_GRAY} or {@code TYPE_USHORT_GRAY}. */
	public static BufferedImage gray(int w, int h, int type) {
		BufferedImage image = new BufferedImage(w, h, type);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) image.getRaster().setSample(x, y, 0, (x + y) * (type == BufferedImage.TYPE_USHORT_GRAY ? 500 : 2));
		}
		return image;
	}

	/** A multi-page TIFF, one page per image, each of its own size and type. */
	public static Path tiffPages(Path file, BufferedImage... pages) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
			writer.setOutput(out);
			writer.prepareWriteSequence(null);
			for (BufferedImage page : pages) writer.writeToSequence(new javax.imageio.IIOImage(page, null, null), null);
			writer.endWriteSequence();
		}
		finally {
			writer.dispose();
		}
		return file;
	}

	/**
	 * An AVI of PNG-compressed frames as ImageJ's writer makes them, except that each frame is the
	 * image given: the header takes the first frame's size.
	 */
	public static Path pngAvi(Path file, BufferedImage... frames) throws IOException {
		List<byte[]> pngs = new ArrayList<>();
		for (BufferedImage frame : frames) {
			ByteArrayOutputStream png = new ByteArrayOutputStream();
			ImageIO.write(frame, "png", png);
			pngs.add(png.toByteArray());
		}
		int w = frames[0].getWidth(), h = frames[0].getHeight();
		ByteArrayOutputStream movi = new ByteArrayOutputStream();
		movi.write(ascii("movi"));
		for (byte[] png : pngs) chunk(movi, "00dc", png);
		ByteBuffer avih = le(56).putInt(200_000).putInt(0).putInt(0).putInt(0).putInt(frames.length).putInt(0).putInt(1)
			.putInt(0).putInt(w).putInt(h);
		ByteBuffer strh = le(56).put(ascii("vids")).put(ascii("png ")).putInt(0).putInt(0).putInt(0).putInt(1).putInt(5)
			.putInt(0).putInt(frames.length).putInt(0).putInt(-1).putInt(0);
		ByteBuffer strf = le(40).putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) 24).put(ascii("png "));
		ByteArrayOutputStream strl = new ByteArrayOutputStream();
		strl.write(ascii("strl"));
		chunk(strl, "strh", strh.array());
		chunk(strl, "strf", strf.array());
		ByteArrayOutputStream hdrl = new ByteArrayOutputStream();
		hdrl.write(ascii("hdrl"));
		chunk(hdrl, "avih", avih.array());
		chunk(hdrl, "LIST", strl.toByteArray());
		ByteArrayOutputStream avi = new ByteArrayOutputStream();
		avi.write(ascii("AVI "));
		chunk(avi, "LIST", hdrl.toByteArray());
		chunk(avi, "LIST", movi.toByteArray());
		try (OutputStream out = Files.newOutputStream(file)) {
			chunk(out, "RIFF", avi.toByteArray());
		}
		return file;
	}

	private static void chunk(OutputStream out, String id, byte[] data) throws IOException {
		out.write(ascii(id));
		out.write(le(4).putInt(data.length).array());
		out.write(data);
		if ((data.length & 1) == 1) out.write(0);
	}

	private static ByteBuffer le(int bytes) {
		return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
	}

	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}
}

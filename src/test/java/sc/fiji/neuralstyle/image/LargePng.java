package sc.fiji.neuralstyle.image;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Black 8-bit PNG files of any size that take little room on disk: the rows of zeros compress to
 * almost nothing. With {@code rows} smaller than the height, only the header tells the true size
 * (enough for checks that read only the header).
 */
final class LargePng {

	private LargePng() {}

	/**
	 * @param rgb three samples per pixel, else gray
	 * @param rows the rows of pixel data actually written (the header says {@code height})
	 */
	static Path write(Path file, int width, int height, boolean rgb, int rows) throws IOException {
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
			out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
			ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
			DataOutputStream h = new DataOutputStream(ihdr);
			h.writeInt(width);
			h.writeInt(height);
			h.write(new byte[] { 8, (byte) (rgb ? 2 : 0), 0, 0, 0 });
			chunk(out, "IHDR", ihdr.toByteArray());
			ByteArrayOutputStream idat = new ByteArrayOutputStream();
			try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_SPEED))) {
				byte[] row = new byte[1 + width * (rgb ? 3 : 1)]; // filter byte 0, then the samples
				for (int y = 0; y < rows; y++) z.write(row);
			}
			chunk(out, "IDAT", idat.toByteArray());
			chunk(out, "IEND", new byte[0]);
		}
		return file;
	}

	private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		out.writeInt(data.length);
		out.write(name);
		out.write(data);
		out.writeInt((int) crc.getValue());
	}
}

package sc.fiji.neuralstyle.net.pth;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns raw storage bytes into float32 values, a chunk at a time, so that reading a tensor allocates
 * little beyond the result array itself.
 */
final class StorageDecoder {

	private final byte[] chunk = new byte[1 << 20];

	/** Fills {@code dst} with {@code dst.length} elements of {@code type} read from {@code in}. */
	void decode(InputStream in, DType type, ByteOrder order, float[] dst) throws IOException {
		ByteBuffer buf = ByteBuffer.wrap(chunk).order(order);
		int perChunk = chunk.length / type.size;
		int done = 0;
		while (done < dst.length) {
			int n = Math.min(perChunk, dst.length - done);
			int bytes = n * type.size;
			readFully(in, bytes, (long) (dst.length - done) * type.size);
			buf.clear().limit(bytes);
			switch (type) {
				case FLOAT32:
					buf.asFloatBuffer().get(dst, done, n);
					break;
				case FLOAT64:
					for (int i = 0; i < n; i++) dst[done + i] = (float) buf.getDouble();
					break;
				case FLOAT16:
					for (int i = 0; i < n; i++) dst[done + i] = halfToFloat(buf.getShort());
					break;
				case BFLOAT16:
					for (int i = 0; i < n; i++) dst[done + i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
					break;
				default:
					throw new IllegalArgumentException("not a floating-point type: " + type);
			}
			done += n;
		}
	}

	private void readFully(InputStream in, int bytes, long remaining) throws IOException {
		int done = 0;
		while (done < bytes) {
			int r = in.read(chunk, done, bytes - done);
			if (r < 0) throw new EOFException("the data ends " + (remaining - done) + " bytes early");
			done += r;
		}
	}

	/** IEEE 754 binary16 to binary32 (Java 17 has no Float.float16ToFloat). */
	static float halfToFloat(short half) {
		int bits = half & 0xffff;
		int sign = (bits & 0x8000) << 16;
		int exponent = (bits >>> 10) & 0x1f;
		int mantissa = bits & 0x3ff;
		if (exponent == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
		if (exponent == 0) {
			float v = mantissa * 0x1p-24f; // zero or subnormal
			return sign != 0 ? -v : v;
		}
		return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
	}
}
